/**
 * A search with a typo finds entries by look-alike titles among the distinct titles; the
 * database keeps those titles current in the transaction that writes the entry.
 */
import { createTestApp, type TestApp } from '../support/test-app';
import { createPublishedList } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const SEARCH = `query($text: String!) { controlEntries(filter: { text: $text }, first: 50) { totalCount edges { node { controlNumber title } } } }`;
const numbers = async (text: string) =>
  ((await t.ok<any>(SEARCH, { text })).controlEntries.edges as { node: { controlNumber: string } }[]).map((e) => e.node.controlNumber).sort();

describe('look-alike titles', () => {
  beforeAll(async () => {
    // One title on two lists (the lists transpose the same regime), one on one list.
    await createPublishedList(t.ds, 'JP', 'titles JP', [], [{ controlNumber: 'TTL.1', tier: 'STANDARD', title: 'Quorvexidator vessels' }]);
    await createPublishedList(
      t.ds,
      'KR',
      'titles KR',
      [],
      [
        { controlNumber: 'TTL.2', tier: 'STANDARD', title: 'Quorvexidator vessels' },
        { controlNumber: 'TTL.3', tier: 'STANDARD', title: 'Plimbarous cabinets' },
      ],
    );
  });

  it('finds every entry whose title looks like the typo, once per entry', async () => {
    expect(await numbers('quorvexidatr vessels')).toEqual(['TTL.1', 'TTL.2']);
    expect(await numbers('plimbarus cabinets')).toEqual(['TTL.3']);
  });

  it('follows a title changed or an entry deleted, in the writing transaction', async () => {
    await t.ds.query(`UPDATE control_entry SET title = 'Zentrofanic cabinets' WHERE control_number = 'TTL.3'`);
    expect(await numbers('plimbarus cabinets')).toEqual([]);
    expect(await numbers('zentrofanik cabinets')).toEqual(['TTL.3']);
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM search_title_entry te JOIN control_entry e ON e.id = te.entry_id WHERE te.title IS DISTINCT FROM e.title`,
    );
    expect(n).toBe(0);
    await t.ds.query(`DELETE FROM control_entry WHERE control_number = 'TTL.2'`);
    expect(await numbers('quorvexidatr vessels')).toEqual(['TTL.1']);
  });
});
