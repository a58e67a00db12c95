/**
 * `/concordance` in Chromium on the seeded lists: consortium picker, taxonomy subtree,
 * the matrix paged with Next / Previous, cells coloured by tier with words, the key, and
 * the CSV download through the export endpoint.
 */
import fs from 'node:fs';
import { contrastFailures, pageSession, rowByColumn } from './browser-support';
import { CONSORTIUM_IDS } from '../support/operations';

// Globals of the page, used inside callbacks that run in the browser (the root tsconfig has no DOM lib).
declare const document: any;
declare const getComputedStyle: any;
declare const location: any;

jest.setTimeout(120_000);

let consortiumId: string;
let totalNodes: number;

const session = pageSession(async () => {
  consortiumId = (await session.t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  totalNodes = (
    await session.t.ok<{ concordance: { totalCount: number } }>('query($c: ID!) { concordance(consortiumId: $c, first: 1) { totalCount } }', {
      c: consortiumId,
    })
  ).concordance.totalCount;
});

const rowCodes = () => session.tab.page.locator('#matrix tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));

describe('concordance page', () => {
  it('shows the first page of the matrix for the consortium, with a key', async () => {
    const { page } = session.tab;
    expect(totalNodes).toBeGreaterThan(20); // the seeds hold enough nodes for three pages
    const res = await page.goto(`${session.base}/concordance`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector('#matrix');
    await expect(page.getByLabel('Consortium', { exact: true }).inputValue()).resolves.toBe(consortiumId);
    await expect(page.locator('#m-consortium option:checked').innerText()).resolves.toBe('Biomedical Research Tools Export Consortium');
    await expect(page.locator('#matrix tbody tr').count()).resolves.toBe(20);
    await expect(page.locator('#matrix-status').innerText()).resolves.toBe(
      `${totalNodes} items in the whole taxonomy; rows 1–20 shown (page 1 of ${Math.ceil(totalNodes / 20)}).`,
    );
    await expect(page.locator('#matrix thead th abbr').allInnerTexts()).resolves.toEqual(['AU', 'CA', 'CH', 'DE', 'EU', 'FR', 'GB', 'JP', 'KR', 'NL', 'US']);
    await expect(page.locator('#matrix thead th').first().getAttribute('scope')).resolves.toBe('col');
    await expect(page.locator('#matrix tbody th[scope="row"]').count()).resolves.toBe(20);
    await expect(page.locator('#legend').innerText()).resolves.toMatch(/Enhanced[\s\S]*Standard[\s\S]*Declaration[\s\S]*Not controlled[\s\S]*Unknown/);

    // Cells: tier by class and by word; not controlled and unknown in words.
    const weaponised = await rowByColumn(page, '#matrix', 'tr[data-code="BIO.AGT.WEAPONISED"]');
    expect(weaponised.AU).toContain('Enhanced');
    expect(weaponised.US).toBe('? Unknown');
    await expect(page.locator('tr[data-code="BIO.AGT.WEAPONISED"] td').first().getAttribute('class')).resolves.toContain('tier-enhanced');
    const centrifuge = await rowByColumn(page, '#matrix', 'tr[data-code="BIO.EQP.CENTRIFUGE"]');
    expect(centrifuge.DE).toContain('Standard');
    // A group node summarises its children instead of showing Unknown in every column.
    const agents = await rowByColumn(page, '#matrix', 'tr[data-code="BIO.AGT"]');
    expect(agents.EU).toContain('Standard');
    expect(agents.AU).toContain('Enhanced');
    expect(agents.GB).toBe('? Unknown');
    // Members applying the EU list are marked as its adopters.
    await expect(page.locator('#matrix thead th[data-adopts="EU"] abbr').allInnerTexts()).resolves.toEqual(['DE', 'FR', 'NL']);
    const classII = await rowByColumn(page, '#matrix', 'tr[data-code="BIO.EQP.BSC.CLASS_II"]');
    expect(classII.DE).toBe('○ Not controlled');
    expect(classII.AU).toBe('? Unknown');
    await expect(page.locator('tr[data-code="BIO.EQP.BSC.CLASS_II"] td.status-not-controlled').count()).resolves.toBe(4);
    // Colour differs between tiers (the key's swatches are the cells' colours).
    const colours = await page.$$eval('.legend .cell-sample', (els) =>
      els.map((e) => getComputedStyle(e).backgroundColor + getComputedStyle(e).backgroundImage),
    );
    expect(new Set(colours).size).toBe(5);
    await expect(contrastFailures(page)).resolves.toEqual([]);
    await session.tab.screenshot('concordance-page-1');
  });

  it('pages forward and back with the API cursors', async () => {
    const { page } = session.tab;
    const first = await rowCodes();
    await expect(page.getByRole('button', { name: '← Previous page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Next page →' }).click();
    await page.waitForFunction(() => document.querySelector('#page-label')?.textContent?.startsWith('Page 2'));
    const second = await rowCodes();
    expect(second).toHaveLength(20);
    expect(second.filter((c) => first.includes(c))).toEqual([]);
    await expect(page.locator('#matrix-status').innerText()).resolves.toContain('rows 21–40');
    await page.getByRole('button', { name: 'Next page →' }).click();
    await page.waitForFunction(() => document.querySelector('#page-label')?.textContent?.startsWith('Page 3'));
    const third = await rowCodes();
    expect(third).toHaveLength(totalNodes - 40);
    await expect(page.getByRole('button', { name: 'Next page →' }).isDisabled()).resolves.toBe(true);
    // Focus stays on the pager although Next is now disabled.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prev-page');
    await session.tab.screenshot('concordance-page-3');
    await page.keyboard.press('Enter'); // Previous, by keyboard
    await page.waitForFunction(() => document.querySelector('#page-label')?.textContent?.startsWith('Page 2'));
    await expect(rowCodes()).resolves.toEqual(second);
    await page.getByRole('button', { name: '← Previous page' }).click();
    await page.waitForFunction(() => document.querySelector('#page-label')?.textContent?.startsWith('Page 1'));
    await expect(rowCodes()).resolves.toEqual(first);
    expect(new Set([...first, ...second, ...third]).size).toBe(totalNodes);
  });

  it('narrows to a taxonomy subtree and a page size', async () => {
    const { page } = session.tab;
    await page.getByLabel('Taxonomy subtree').selectOption('BIO.EQP');
    await page.getByLabel('Rows per page').selectOption('10');
    await page.getByRole('button', { name: 'Show matrix' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('prefix') === 'BIO.EQP');
    await page.waitForFunction(() => document.querySelector('#matrix-status')?.textContent?.includes('BIO.EQP subtree'));
    const codes = await rowCodes();
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c === 'BIO.EQP' || c!.startsWith('BIO.EQP.')).toBe(true);
    await expect(page.locator('#csv-link').getAttribute('href')).resolves.toBe(`/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=BIO.EQP`);
    // The URL keeps the view: a reload shows the same matrix.
    await page.reload();
    await page.waitForSelector('#matrix');
    await expect(page.getByLabel('Taxonomy subtree').inputValue()).resolves.toBe('BIO.EQP');
    await expect(rowCodes()).resolves.toEqual(codes);
  });

  it('downloads the matrix as CSV from the export endpoint', async () => {
    const { page } = session.tab;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('concordance.csv'); // the endpoint's Content-Disposition
    expect(download.url()).toBe(`${session.base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=BIO.EQP`);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('code,label,most restrictive tier,AU,CA,CH,DE,EU,FR,GB,JP,KR,NL,US');
    for (const line of lines.slice(1)) expect(line).toMatch(/^BIO\.EQP(\.|,)/);
    expect(lines.find((l) => l.startsWith('BIO.EQP.FLOW_CYTOMETER,'))).toContain('not controlled');
    // The same bytes as the endpoint serves to any client.
    const direct = await (await fetch(`${session.base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=BIO.EQP`)).text();
    expect(csv).toBe(direct);
    fs.mkdirSync(`${__dirname}/../../test-artifacts/browser`, { recursive: true });
    await download.saveAs(`${__dirname}/../../test-artifacts/browser/concordance-BIO.EQP.csv`);
  });
});
