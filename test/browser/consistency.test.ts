/**
 * `/consistency` ("Consistency and equity") in Chromium against a real server: with an
 * analyst's token, a DE grant and an FR denial for one end user show as "Same end user,
 * opposite outcomes", two spellings of one institution as near-duplicates, the approval
 * rates by region as a drawn chart with its numbers, and the end-user search finds both
 * spellings. Without a token the page says what is missing. Nothing leaves the origin;
 * no console error; contrast holds.
 */
import { contrastFailures, pageSession } from './browser-support';
import { RECORD_LICENCE_DECISION } from '../support/operations';

declare const document: any;

jest.setTimeout(120_000);

const decide = (as: string, name: string, country: string, outcome: string) =>
  session.t.ok(
    RECORD_LICENCE_DECISION,
    {
      i: {
        applicant: 'Exporter',
        endUser: { name, country },
        destination: country,
        taxonomyCodes: ['BIO.EQP.FERMENTER'],
        outcome,
        rationale: outcome === 'DENIED' ? 'diversion risk' : 'reviewed',
      },
    },
    as,
  );

const session = pageSession(async () => {
  await decide('de-regulator', 'Makerere Biotech Unit', 'UG', 'GRANTED');
  await decide('fr-regulator', 'Makerere Biotech Unit', 'UG', 'DENIED');
  await decide('de-regulator', 'Institut Pasteur de Dakar', 'SN', 'GRANTED');
  await decide('nl-regulator', 'Institut Pasteur  Dakar', 'SN', 'GRANTED');
});

describe('consistency page', () => {
  it('asks for a token before anything else', async () => {
    const { page } = session.tab;
    const res = await page.goto(`${session.base}/consistency`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('Consistency and equity');
    await expect(page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText()).resolves.toBe('Consistency');
    await page.waitForSelector('#consistency-form[data-ready="true"]', { state: 'attached' });
    await page.getByRole('button', { name: 'Show the report', exact: true }).click();
    await expect(page.locator('#findings-status').innerText()).resolves.toMatch(/Paste a member’s, the secretariat’s or an analyst’s token first/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('c-token');
  });

  it('shows the findings by kind and the approval rates by region as a chart with its numbers', async () => {
    const { page } = session.tab;
    await page.getByLabel('Member token', { exact: true }).fill(await session.t.token('analyst'));
    await page.getByRole('button', { name: 'Show the report', exact: true }).click();
    await page.waitForSelector('#findings-summary');
    await expect(page.locator('#findings-summary tr[data-kind="SAME_END_USER_OPPOSITE_OUTCOMES"] td').innerText()).resolves.toBe('1');
    await expect(page.locator('#findings-summary tr[data-kind="NEAR_DUPLICATE_END_USER"] td').innerText()).resolves.toBe('1');
    const opposite = await page.locator('section.finding-group[data-kind="SAME_END_USER_OPPOSITE_OUTCOMES"]').innerText();
    expect(opposite).toContain('Makerere Biotech Unit (UG), BIO.EQP.FERMENTER: granted by DE, denied by FR');
    await expect(page.locator('section.finding-group[data-kind="NEAR_DUPLICATE_END_USER"]').innerText()).resolves.toContain(
      '"Institut Pasteur Dakar" and "Institut Pasteur de Dakar" (SN) are recorded as two end users',
    );

    await page.waitForSelector('#chart-destinations');
    const label = await page.locator('#chart-destinations').getAttribute('aria-label');
    expect(label).toContain('Sub-Saharan Africa');
    const drawn = await page.$eval('#chart-destinations', (c: { width: number; height: number }) => c.width > 0 && c.height > 0);
    expect(drawn).toBe(true);
    await page.locator('#dstats-container details summary').click();
    const all = page.locator('#destination-stats tbody tr', { hasText: 'All members' }).filter({ hasText: 'Sub-Saharan Africa' });
    await expect(all.innerText()).resolves.toMatch(/All members\s+Sub-Saharan Africa\s+4\s+3\s+1\s+75%/);
    await expect(page.locator('#dstats-status').innerText()).resolves.toMatch(/World Bank/);
    await expect(contrastFailures(page)).resolves.toEqual([]);
    await session.tab.screenshot('consistency-report');
  });

  it('groups by income group on request', async () => {
    const { page } = session.tab;
    await page.getByLabel('Group destinations by', { exact: true }).selectOption('INCOME_GROUP');
    await page.getByRole('button', { name: 'Show the report', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#chart-destinations')?.getAttribute('aria-label')?.includes('Low income'));
    await expect(page.locator('#destination-stats').textContent()).resolves.toContain('Lower middle income'); // in the closed numbers table
  });

  it('finds both spellings of an institution', async () => {
    const { page } = session.tab;
    await page.getByLabel('End user name', { exact: true }).fill('Institut Pasteur');
    await page.getByLabel('Country', { exact: true }).fill('SN');
    await page.getByRole('button', { name: 'Find similar end users', exact: true }).click();
    await page.waitForSelector('#match-table');
    const names = await page.locator('#match-table tbody th').allInnerTexts();
    expect(names.sort()).toEqual(['Institut Pasteur Dakar', 'Institut Pasteur de Dakar']); // innerText collapses the double space
    await expect(page.locator('#match-status').innerText()).resolves.toBe('2 similar end users, most similar first.');
  });
});
