/**
 * `/` in Chromium against a real server on the seeded lists (plus a small fixture subtree
 * with a threshold divergence): search control entries, open harmonized items, members as
 * columns, divergences highlighted, not-controlled and unknown members marked in words.
 */
import { createNodes, createPublishedList } from '../support/factories';
import { contrastFailures, pageSession, rowByColumn } from './browser-support';

// Globals of the page, used inside callbacks that run in the browser (the root tsconfig has no DOM lib).
declare const document: any;
declare const location: any;
declare const getComputedStyle: any;

jest.setTimeout(120_000);

const vol = (value: number) => [{ name: 'total internal volume', comparator: 'GTE', value, unit: 'L' }];

const session = pageSession(async () => {
  // A fixture item where members state different thresholds (the seeds have none).
  await createNodes(session.t.ds, [
    { code: 'WEBT', label: 'Browser-test items' },
    { code: 'WEBT.VESSEL', parentCode: 'WEBT', label: 'Browser-test culture vessels' },
  ]);
  await createPublishedList(
    session.t.ds,
    'US',
    'WEBT US',
    ['WEBT'],
    [{ controlNumber: 'WEBT-US-1', title: 'Culture vessels', tier: 'ENHANCED', parameters: vol(20), maps: { 'WEBT.VESSEL': 'EXACT' } }],
  );
  await createPublishedList(
    session.t.ds,
    'JP',
    'WEBT JP',
    ['WEBT'],
    [{ controlNumber: 'WEBT-JP-1', title: 'Large culture vessels', tier: 'STANDARD', parameters: vol(100), maps: { 'WEBT.VESSEL': 'NARROWER' } }],
  );
  await createPublishedList(session.t.ds, 'CA', 'WEBT CA', ['WEBT'], [{ controlNumber: 'WEBT-CA-X', tier: 'STANDARD' }]);
});

const results = () => session.tab.page.locator('#results-list > li');

describe('explorer: search', () => {
  it('serves the page from this origin with a strict Content-Security-Policy', async () => {
    const res = await session.tab.page.goto(`${session.base}/`);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    await expect(session.tab.page.title()).resolves.toBe('Control list explorer · Accord');
    // The jurisdictions arrive from the API.
    await session.tab.page.waitForSelector('#q-jurisdiction option[value="JP"]', { state: 'attached' });
  });

  it('finds entries by text, with jurisdiction, tier, HS codes and thresholds', async () => {
    const { page } = session.tab;
    await page.getByLabel('Text or control number').fill('fermenter');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('#results-list > li');
    await expect(page.locator('#results-status').innerText()).resolves.toMatch(/^\d+ entries found/);
    const texts = await results().allInnerTexts();
    expect(texts.some((x) => x.includes('2B352.b') && x.includes('EU'))).toBe(true);
    expect(texts.some((x) => x.includes('3の2(2)2') && x.includes('Japan'))).toBe(true);
    expect(texts.join('\n')).toContain('total internal volume ≥ 20 L');
    expect(new URL(page.url()).searchParams.get('text')).toBe('fermenter');
    await session.tab.screenshot('explorer-search-fermenter');
  });

  it('filters by jurisdiction and tier', async () => {
    const { page } = session.tab;
    await page.getByLabel('Text or control number').fill('');
    await page.getByLabel('Jurisdiction').selectOption('US');
    await page.getByLabel('Licensing tier').selectOption('ENHANCED');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('tier') === 'ENHANCED');
    await page.waitForSelector('#results-list > li');
    const metas = await page.locator('#results-list .result-meta').allInnerTexts();
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) {
      expect(m).toContain('United States');
      expect(m).toContain('Enhanced');
    }
  });

  it('filters by HS code prefix', async () => {
    const { page } = session.tab;
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('HS code').fill('8419');
    await page.getByLabel('HS code').press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('hsCode') === '8419');
    await page.waitForSelector('#results-list > li');
    const metas = await page.locator('#results-list .result-meta').allInnerTexts();
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) expect(m).toMatch(/HS .*8419/);
  });

  it('says so when nothing matches', async () => {
    const { page } = session.tab;
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Text or control number').fill('zzqxnothingmatches');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#results-status .notice');
    await expect(page.locator('#results-status').innerText()).resolves.toContain('No published entry matches');
    await expect(results().count()).resolves.toBe(0);
  });
});

describe('explorer: harmonized item', () => {
  it('opens an item from a result: members as columns, entries, thresholds, tiers, divergences', async () => {
    const { page } = session.tab;
    await page.goto(`${session.base}/?text=fermenter`);
    await page.waitForSelector('#results-list > li');
    await page.locator('#results-list a[data-item="BIO.EQP.FERMENTER"]').first().click();
    await page.waitForSelector('#harmonized-table');
    await expect(page.locator('#item-heading').innerText()).resolves.toContain('Fermenters and bioreactors');
    // Focus moves to the item for keyboard and screen-reader users.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('item-heading');
    expect(new URL(page.url()).searchParams.get('item')).toBe('BIO.EQP.FERMENTER');

    const heads = await page.locator('#harmonized-table thead th abbr').allInnerTexts();
    expect(heads).toEqual(['AU', 'CA', 'CH', 'DE', 'EU', 'FR', 'GB', 'JP', 'KR', 'NL', 'US']);
    // Row headers are real <th scope="row">.
    await expect(page.locator('#harmonized-table tbody th[scope="row"]').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Status'),
      expect.stringContaining('Licensing tier'),
      'Controlling entries',
      'Thresholds',
      'Exclusions',
    ]);

    const status = await rowByColumn(page, '#harmonized-table', 'tr[data-row="status"]');
    expect(status.DE).toContain('Controlled');
    expect(status.US).toContain('Controlled');
    expect(status.AU).toContain('Controlled');
    expect(status.CH).toContain('Controlled');
    expect(status.GB).toBe('? Unknown list not mapped here');
    expect(status.DE).toBe('● Controlled');
    const tiers = await rowByColumn(page, '#harmonized-table', 'tr[data-row="tier"]');
    expect(tiers.DE).toContain('Standard');
    expect(tiers.JP).toContain('Enhanced');
    expect(tiers.US).toContain('Enhanced');
    const entries = await rowByColumn(page, '#harmonized-table', 'tr[data-row="entries"]');
    expect(entries.DE).toContain('2B352.b');
    expect(entries.DE).toContain('via the EU list');
    expect(entries.JP).toContain('3の2(2)2');
    const thresholds = await rowByColumn(page, '#harmonized-table', 'tr[data-row="thresholds"]');
    expect(thresholds.EU).toContain('total internal volume ≥ 20 L');
    // Australia's 2B352 carries the thresholds of several families; only the fermenter one concerns this node.
    expect(thresholds.AU).toContain('total internal volume ≥ 20 L');
    expect(thresholds.AU).not.toContain('L/h');
    expect(thresholds.GB).not.toContain('≥');

    // The tier divergence is listed and flagged on the tier cells, in words.
    await expect(page.locator('.divergence-list').innerText()).resolves.toContain(
      'Tiers differ (rests on illustrative tiers, not published policy): STANDARD (AU, CH, DE, EU, FR, NL); ENHANCED (JP, US)',
    );
    const flagged = await page.locator('tr[data-row="tier"] td.diverges').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-member')));
    expect(flagged.sort()).toEqual(['AU', 'CH', 'DE', 'EU', 'FR', 'JP', 'NL', 'US']);
    await expect(page.locator('tr[data-row="tier"] td[data-member="JP"] .diverge-flag').innerText()).resolves.toContain('Tiers differ');
    await session.tab.screenshot('explorer-item-fermenter');
  });

  it('marks not-controlled and unknown members distinctly, by keyboard', async () => {
    const { page } = session.tab;
    await page.goto(`${session.base}/`);
    // Keyboard only: skip link, then into the item form.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.getByLabel('Or open a harmonized item by taxonomy code').focus();
    await page.keyboard.type('BIO.EQP.FLOW_CYTOMETER');
    // Focus is visible: the next control, reached by Tab, draws a 3px outline.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Open item');
    await expect(
      page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return `${s.outlineStyle} ${s.outlineWidth}`;
      }),
    ).resolves.toBe('solid 3px');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#harmonized-table');
    const status = await rowByColumn(page, '#harmonized-table', 'tr[data-row="status"]');
    expect(status.US).toContain('Controlled');
    for (const m of ['DE', 'EU', 'FR', 'NL']) expect(status[m]).toContain('Not controlled');
    for (const m of ['AU', 'CA', 'CH', 'GB', 'JP', 'KR']) expect(status[m]).toContain('Unknown');
    // Distinct classes as well as words; the other rows of those columns say why they are empty.
    await expect(page.locator('tr[data-row="status"] td.status-not-controlled').count()).resolves.toBe(4);
    await expect(page.locator('tr[data-row="status"] td.status-unknown').count()).resolves.toBe(6);
    const tiers = await rowByColumn(page, '#harmonized-table', 'tr[data-row="tier"]');
    expect(tiers.DE).toBe('— Not controlled');
    expect(tiers.AU).toBe('— Unknown');
    const divergences = await page.locator('.divergence-list').innerText();
    expect(divergences).toContain('Not controlled everywhere: controlled in US; not controlled in DE, EU, FR, NL');
    // Six members' lists are not mapped here: the US is the only known controller, not a unilateral one.
    expect(divergences).toContain('Only known controller');
    expect(divergences).not.toContain('Unilateral control');
    // The not-controlled members' status cells carry the divergence flag.
    await expect(page.locator('tr[data-row="status"] td.diverges[data-member="DE"] .diverge-flag').innerText()).resolves.toContain('Not controlled everywhere');
    await expect(contrastFailures(page)).resolves.toEqual([]);
    await session.tab.screenshot('explorer-item-flow-cytometer');
  });

  it('highlights the thresholds that differ between members', async () => {
    const { page } = session.tab;
    await page.goto(`${session.base}/?item=WEBT.VESSEL`);
    await page.waitForSelector('#harmonized-table');
    await expect(page.locator('.divergence-list').innerText()).resolves.toContain('Thresholds differ: total internal volume: ≥ 100 L (JP); ≥ 20 L (US)');
    const thresholds = await rowByColumn(page, '#harmonized-table', 'tr[data-row="thresholds"]');
    expect(thresholds.US).toContain('≥ 20 L ≠ differs');
    expect(thresholds.JP).toContain('≥ 100 L ≠ differs');
    expect(thresholds.CA).toBe('— Not controlled');
    await expect(page.locator('tr[data-row="thresholds"] td.diverges').count()).resolves.toBe(2);
    await expect(page.locator('tr[data-row="thresholds"] th').innerText()).resolves.toContain('members differ');
    await session.tab.screenshot('explorer-item-threshold-divergence');
  });

  it('answers as of a date given in the URL, and says so', async () => {
    const { page } = session.tab;
    await page.goto(`${session.base}/?item=BIO.AGT.TOXIN.MARINE&asOf=2022-06-01`);
    await page.waitForSelector('#harmonized-table');
    await expect(page.locator('dd[data-as-of]').innerText()).resolves.toContain('2022-06-01');
    // Before Delegated Regulation (EU) 2023/996 the EU text held no marine toxins: unknown, not controlled.
    expect((await rowByColumn(page, '#harmonized-table', 'tr[data-row="status"]')).EU).toContain('Unknown');
    await page.goto(`${session.base}/?item=BIO.AGT.TOXIN.MARINE`);
    await page.waitForSelector('#harmonized-table');
    expect((await rowByColumn(page, '#harmonized-table', 'tr[data-row="status"]')).EU).toContain('Controlled');
  });

  it('reports an unknown code, and goes back through history', async () => {
    const { page } = session.tab;
    await page.goto(`${session.base}/?item=BIO.EQP.FERMENTER`);
    await page.waitForSelector('#harmonized-table');
    await page.getByLabel('Or open a harmonized item by taxonomy code').fill('BIO.NOPE');
    await page.getByRole('button', { name: 'Open item' }).click();
    await page.waitForSelector('#item-body .notice-error');
    await expect(page.locator('#item-body').innerText()).resolves.toContain('no taxonomy node with the code “BIO.NOPE”');
    await page.goBack();
    await page.waitForSelector('#harmonized-table');
    await expect(page.locator('#item-heading').innerText()).resolves.toContain('BIO.EQP.FERMENTER');
  });
});
