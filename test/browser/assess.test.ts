/**
 * `/assess` ("Assess an export") in Chromium against a real server: a 50 L fermenter
 * from DE to KE gives a table of members (DE: individual licence under 2B352.b with the
 * volume threshold ticked), the risk factors as a chart with their numbers, links to the
 * legal references; a unit that does not convert is refused naming the field, which the
 * page marks and focuses. Nothing leaves the origin; no console error; contrast holds.
 */
import { contrastFailures, pageSession } from './browser-support';
import { RECORD_LICENCE_DECISION } from '../support/operations';

declare const document: any;

jest.setTimeout(120_000);

const session = pageSession();

async function fillFermenter(litres: string, unit: string): Promise<void> {
  const { page } = session.tab;
  await page.getByLabel('Exporting member', { exact: true }).selectOption('DE');
  await page.getByLabel('Destination', { exact: true }).fill('KE');
  await page.getByLabel('End use', { exact: true }).selectOption('RESEARCH');
  await page.getByLabel('Item (taxonomy code)', { exact: true }).first().fill('BIO.EQP.FERMENTER');
  await page.getByLabel('Parameter', { exact: true }).first().fill('total internal volume');
  await page.getByLabel('Value', { exact: true }).first().fill(litres);
  await page.getByLabel('Unit', { exact: true }).first().fill(unit);
}

describe('assess page', () => {
  it('assesses a 50 L fermenter from DE to KE: the members, the thresholds ticked, the risk chart and the references', async () => {
    const { page } = session.tab;
    const res = await page.goto(`${session.base}/assess`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('Assess an export');
    await expect(page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText()).resolves.toBe('Assess an export');
    await page.waitForSelector('#assess-form[data-ready="true"]', { state: 'attached' });
    await page.waitForSelector('#assess-taxonomy option[value="BIO.EQP.FERMENTER"]', { state: 'attached' });
    await fillFermenter('50', 'L');
    await page.getByRole('button', { name: 'Assess', exact: true }).click();
    await page.waitForSelector('#assess-members');
    await expect(page.locator('#assess-status').innerText()).resolves.toMatch(/^Assessed 11 members for an export from DE to KE\.$/);

    const de = page.locator('#assess-members tr[data-member="DE"]');
    await expect(de.locator('.requirement').innerText()).resolves.toBe('Individual licence');
    const entries = await de.locator('td').nth(2).innerText();
    expect(entries).toContain('2B352.b');
    await expect(de.locator('li.threshold-met').first().innerText()).resolves.toMatch(/total internal volume ≥ 20 L: 50 L, met/);
    const link = de.locator('.reference-links a').first();
    await expect(link.getAttribute('href')).resolves.toMatch(/^https?:\/\//);
    await expect(page.locator('#assess-members tr[data-member="CA"] .requirement').innerText()).resolves.toBe('Not determined');

    // The risk factors: a drawn chart with a text alternative, and the numbers with their evidence.
    const label = await page.locator('#chart-risk').getAttribute('aria-label');
    expect(label).toContain('Severity of misuse');
    const drawn = await page.$eval('#chart-risk', (c: { width: number; height: number }) => c.width > 0 && c.height > 0);
    expect(drawn).toBe(true);
    await page.locator('figure.chart details summary').click();
    await expect(page.locator('#risk-factors tbody tr').count()).resolves.toBe(6);
    await expect(page.locator('#risk-score').innerText()).resolves.toMatch(/^\d+ \/ 100$/);
    await expect(page.locator('#assess-summary .badge').innerText()).resolves.toMatch(/Declaration|Standard|Enhanced/i);
    await expect(contrastFailures(page)).resolves.toEqual([]);
    await session.tab.screenshot('assess-fermenter-de-ke');
  });

  it('a 10 L fermenter is not controlled where the threshold is known, the threshold shown as not met', async () => {
    const { page } = session.tab;
    await page.getByLabel('Value', { exact: true }).first().fill('10');
    await page.getByRole('button', { name: 'Assess', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#assess-members tr[data-member="DE"] .requirement')?.textContent === 'Not controlled');
    await expect(page.locator('#assess-members tr[data-member="US"] .requirement').innerText()).resolves.toBe('Not controlled');
    await expect(page.locator('#assess-members tr[data-member="DE"] li.threshold-not-met').first().innerText()).resolves.toMatch(/10 L, not met/);
  });

  it("with a member token shows the end user's denial on record", async () => {
    const { page } = session.tab;
    await session.t.ok(
      RECORD_LICENCE_DECISION,
      {
        i: {
          applicant: 'US Fermenters Inc',
          endUser: { name: 'Thika Bioprocess', country: 'KE' },
          destination: 'KE',
          taxonomyCodes: ['BIO.EQP.FERMENTER'],
          outcome: 'DENIED',
          rationale: 'diversion risk',
        },
      },
      'us-regulator',
    );
    await page.getByLabel('Value', { exact: true }).first().fill('50');
    await page.getByLabel('End user (optional)', { exact: true }).fill('Thika Bioprocess');
    await page.getByRole('button', { name: 'Assess', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#assess-members tr[data-member="DE"] .requirement')?.textContent === 'Individual licence');
    expect(await page.locator('#assess-members').innerText()).not.toContain('Denial on record');
    await page.getByLabel('Member token (optional)', { exact: true }).fill(await session.t.token('analyst'));
    await page.getByRole('button', { name: 'Assess', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#assess-members')?.textContent?.includes('Denial on record'));
    await page.locator('figure.chart details summary').click();
    await expect(page.locator('#risk-factors tbody tr', { hasText: 'Recipient track record' }).innerText()).resolves.toMatch(/denial .* by US/);
    await page.getByLabel('Member token (optional)', { exact: true }).fill('');
    await page.getByLabel('End user (optional)', { exact: true }).fill('');
  });

  it('refuses a unit that does not convert, naming the field, and focuses it', async () => {
    const { page } = session.tab;
    await page.getByLabel('Unit', { exact: true }).first().fill('m2');
    await page.getByRole('button', { name: 'Assess', exact: true }).click();
    await page.waitForSelector('#assess-status .notice-error');
    await expect(page.locator('#assess-status').innerText()).resolves.toMatch(/does not convert.*field input\.items\.0\.parameters\.0\.unit/);
    await expect(page.getByLabel('Unit', { exact: true }).first().getAttribute('aria-invalid')).resolves.toBe('true');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
    expect(focused).toBe('paramUnit');
    await session.tab.screenshot('assess-bad-unit');
  });
});
