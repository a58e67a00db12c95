/**
 * full-text search ranks and counts at most TEXT_RANK_CAP word matches and says so;
 * filters apply before the cap. The group-node summary reads the mapping's copies of its
 * entry's version and tier, and concordance cells its copies of the entry's control number,
 * title and tierIllustrative, which the database keeps current in the writing transaction.
 */
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';
import { createNodes, createPublishedList } from '../support/factories';
import { TEXT_RANK_CAP } from '../../src/modules/control-lists/control-list.query';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const SEARCH = `query($text: String!, $j: String, $first: Int, $after: String) { controlEntries(filter: { text: $text, jurisdiction: $j }, first: $first, after: $after) {
  totalCount totalCountCapped pageInfo { hasNextPage endCursor } edges { node { controlNumber jurisdiction { code } } } } }`;

describe('full-text search with a bounded ranking', () => {
  beforeAll(async () => {
    // More entries with one word than are ranked, on the JP list, and three on the KR list.
    const [{ id: jp }] = await t.ds.query(`INSERT INTO control_list (jurisdiction_code, name) VALUES ('JP', 'cap fixture') RETURNING id`);
    const [{ id: jpv }] = await t.ds.query(
      `INSERT INTO control_list_version (list_id, label, status, effective_from, coverage, published_at) VALUES ($1, 'cap', 'PUBLISHED', '2026-01-01', '{}', now()) RETURNING id`,
      [jp],
    );
    await t.ds.query(
      `INSERT INTO control_entry (version_id, control_number, title, text, parameters, exclusions, hs_codes, tier, exclusions_recorded, tier_illustrative)
       SELECT $1, 'CAP.' || i, 'zyxwordcap apparatus ' || i, 'A zyxwordcap apparatus.', '[]', '[]', '{}', 'STANDARD', false, false FROM generate_series(1, $2::int) i`,
      [jpv, TEXT_RANK_CAP + 150],
    );
    await createPublishedList(
      t.ds,
      'KR',
      'cap fixture KR',
      [],
      [1, 2, 3].map((i) => ({ controlNumber: `KRCAP.${i}`, tier: 'STANDARD' as const, title: `zyxwordcap unit ${i}` })),
    );
  });

  it('a word matching more entries than the cap: totalCount is the cap and says it is capped', async () => {
    const r = await t.gql(SEARCH, { text: 'zyxwordcap', first: 20 });
    expect(r.errors).toBeUndefined();
    const c = r.data!.controlEntries;
    expect(c.totalCountCapped).toBe(true);
    expect(c.totalCount).toBe(TEXT_RANK_CAP);
    expect(c.edges).toHaveLength(20);
    expect(c.pageInfo.hasNextPage).toBe(true);
  });

  it('filters apply before the cap: the three KR entries are all found', async () => {
    const r = await t.gql(SEARCH, { text: 'zyxwordcap', j: 'KR', first: 20 });
    const c = r.data!.controlEntries;
    expect(c.totalCountCapped).toBe(false);
    expect(c.totalCount).toBe(3);
    expect(c.edges.map((e: any) => e.node.controlNumber).sort()).toEqual(['KRCAP.1', 'KRCAP.2', 'KRCAP.3']);
  });

  it('the last page stops at the cap', async () => {
    const after = Buffer.from(JSON.stringify(TEXT_RANK_CAP - 6)).toString('base64url');
    const c = (await t.gql(SEARCH, { text: 'zyxwordcap', first: 20, after })).data!.controlEntries;
    expect(c.edges).toHaveLength(5);
    expect(c.pageInfo.hasNextPage).toBe(false);
  });

  it('an exact control number still ranks first, and a search under the cap is not capped', async () => {
    const c = (await t.gql(SEARCH, { text: 'KRCAP.2', first: 5 })).data!.controlEntries;
    expect(c.edges[0].node.controlNumber).toBe('KRCAP.2');
    expect(c.totalCountCapped).toBe(false);
  });
});

describe('group summaries follow entry changes made in the writing transaction', () => {
  const ITEM = `query($code: String!) { harmonizedItem(code: $code) { mostRestrictiveTier members { jurisdiction { code } status tier viaChildren } } }`;
  it('a tier change of an entry under a group node changes the group summary', async () => {
    await createNodes(t.ds, [
      { code: 'SUMX', label: 'summary root' },
      { code: 'SUMX.A', parentCode: 'SUMX' },
      { code: 'SUMX.A.B', parentCode: 'SUMX.A' },
    ]);
    await createPublishedList(t.ds, 'CA', 'summary fixture', ['SUMX'], [{ controlNumber: 'SUM.1', tier: 'DECLARATION', maps: { 'SUMX.A.B': 'EXACT' } }]);
    const before = (await t.gql(ITEM, { code: 'SUMX' })).data!.harmonizedItem;
    const ca = (h: any) => h.members.find((m: any) => m.jurisdiction.code === 'CA');
    expect(ca(before)).toMatchObject({ status: 'CONTROLLED', tier: 'DECLARATION', viaChildren: ['SUMX.A'] });
    const [{ copies }] = await t.ds.query(`SELECT count(*)::int AS copies FROM entry_mapping em JOIN control_entry e ON e.id = em.entry_id
      WHERE e.control_number = 'SUM.1' AND em.entry_tier = e.tier AND em.entry_version_id = e.version_id`);
    expect(copies).toBe(1);
    await t.ds.transaction(async (m) => {
      await m.query(`UPDATE control_entry SET tier = 'ENHANCED' WHERE control_number = 'SUM.1'`);
    });
    const after = (await t.gql(ITEM, { code: 'SUMX' })).data!.harmonizedItem;
    expect(ca(after)).toMatchObject({ status: 'CONTROLLED', tier: 'ENHANCED', viaChildren: ['SUMX.A'] });
    expect((await t.gql(ITEM, { code: 'SUMX.A' })).data!.harmonizedItem.mostRestrictiveTier).toBe('ENHANCED');
  });
});

describe('concordance cells read slim facts, and whole entries when a selection asks for more', () => {
  it('entries { text parameters source } are the stored entries; entries { controlNumber } the same entries', async () => {
    const cid = (await t.gql(CONSORTIUM_IDS)).data!.consortia[0].id;
    const q = (sel: string) =>
      t.gql(
        `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "BIO.EQP", first: 20) { edges { node { node { code } cells { jurisdiction { code } entries { ${sel} } } } } } }`,
        { c: cid },
      );
    const full = await q('id controlNumber text parameters { name value unit } exclusionsRecorded source');
    const slim = await q('id controlNumber title tier');
    expect(full.errors).toBeUndefined();
    expect(slim.errors).toBeUndefined();
    const entries = (r: any) => r.data.concordance.edges.flatMap((e: any) => e.node.cells.flatMap((c: any) => c.entries));
    const f = entries(full);
    expect(f.length).toBeGreaterThan(0);
    expect(entries(slim).map((e: any) => e.id)).toEqual(f.map((e: any) => e.id));
    const ids = [...new Set(f.map((e: any) => e.id))];
    const stored: { id: string; text: string; source: string | null; exclusions_recorded: boolean }[] = await t.ds.query(
      'SELECT id, text, source, exclusions_recorded FROM control_entry WHERE id = ANY($1)',
      [ids],
    );
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const e of f) {
      expect(e.text).toBe(byId.get(e.id)!.text);
      expect(e.source).toBe(byId.get(e.id)!.source);
      expect(e.exclusionsRecorded).toBe(byId.get(e.id)!.exclusions_recorded);
      expect(Array.isArray(e.parameters)).toBe(true);
    }
  });
});

describe("concordance cells read the mapping's copies of its entry, kept current by the database", () => {
  it('a new mapping carries its entry; a change of control number, title, tierIllustrative, tier or version shows in the next page', async () => {
    const cid = (await t.gql(CONSORTIUM_IDS)).data!.consortia[0].id;
    await createNodes(t.ds, [{ code: 'CELLX', label: 'cell root' }]);
    await createPublishedList(
      t.ds,
      'CA',
      'cell fixture',
      ['CELLX'],
      [{ controlNumber: 'CELL.1', tier: 'DECLARATION', title: 'cell one', maps: { CELLX: 'EXACT' } }],
    );
    const page = async () => {
      const r = await t.gql(
        `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "CELLX", first: 5) { edges { node { cells { jurisdiction { code } status tier
          entries { id controlNumber title tier tierIllustrative } } } } } }`,
        { c: cid },
      );
      expect(r.errors).toBeUndefined();
      return r.data!.concordance.edges[0].node.cells.find((c: any) => c.jurisdiction.code === 'CA');
    };
    const copies = () =>
      t.ds.query(`SELECT count(*)::int AS n FROM entry_mapping em JOIN control_entry e ON e.id = em.entry_id
        WHERE e.control_number LIKE 'CELL.%' AND em.entry_control_number = e.control_number AND em.entry_title = e.title
          AND em.entry_tier_illustrative = e.tier_illustrative AND em.entry_tier = e.tier AND em.entry_version_id = e.version_id`);
    expect((await copies())[0].n).toBe(1);
    expect(await page()).toMatchObject({
      status: 'CONTROLLED',
      tier: 'DECLARATION',
      entries: [{ controlNumber: 'CELL.1', title: 'cell one', tier: 'DECLARATION', tierIllustrative: false }],
    });
    await t.ds.transaction(async (m) => {
      await m.query(
        `UPDATE control_entry SET control_number = 'CELL.2', title = 'cell two', tier_illustrative = true, tier = 'ENHANCED' WHERE control_number = 'CELL.1'`,
      );
    });
    expect((await copies())[0].n).toBe(1);
    expect(await page()).toMatchObject({
      status: 'CONTROLLED',
      tier: 'ENHANCED',
      entries: [{ controlNumber: 'CELL.2', title: 'cell two', tier: 'ENHANCED', tierIllustrative: true }],
    });
    // A copy written directly is put back from the entry.
    await t.ds.query(`UPDATE entry_mapping SET entry_title = 'stray' WHERE entry_control_number = 'CELL.2'`);
    expect((await copies())[0].n).toBe(1);
    // The entry moved to a version not in force: the cell no longer counts it.
    const [{ id: draft }] = await t.ds.query(
      `INSERT INTO control_list_version (list_id, label, status, coverage) SELECT v.list_id, 'draft', 'DRAFT', '{}' FROM control_list_version v
       JOIN control_entry e ON e.version_id = v.id WHERE e.control_number = 'CELL.2' RETURNING id`,
    );
    await t.ds.query(`UPDATE control_entry SET version_id = $1 WHERE control_number = 'CELL.2'`, [draft]);
    expect((await copies())[0].n).toBe(1);
    expect((await page()).entries).toEqual([]);
  });

  it('a mapping written while its entry is being changed by another transaction carries the entry as committed, in either order', async () => {
    await createNodes(t.ds, [{ code: 'CELLR', label: 'race root' }]);
    await createPublishedList(t.ds, 'CA', 'race fixture', ['CELLR'], [{ controlNumber: 'RACE.1', tier: 'DECLARATION', title: 'race zero' }]);
    const [{ id: entryId }] = await t.ds.query(`SELECT id FROM control_entry WHERE control_number = 'RACE.1'`);
    const copied = async () =>
      (
        await t.ds.query(`SELECT em.entry_title AS copy, e.title FROM entry_mapping em JOIN control_entry e ON e.id = em.entry_id WHERE em.entry_id = $1`, [
          entryId,
        ])
      )[0];
    const insertMapping = (q: { query: (sql: string, params: unknown[]) => Promise<unknown> }) =>
      q.query(`INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, 'CELLR', 'EXACT', 'ACCEPTED')`, [entryId]);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    const editor = t.ds.createQueryRunner();
    const mapper = t.ds.createQueryRunner();
    try {
      // The entry's title changes first; the mapping is inserted before that change commits.
      await editor.startTransaction();
      await editor.query(`UPDATE control_entry SET title = 'race one' WHERE id = $1`, [entryId]);
      const inserted = insertMapping(mapper);
      await pause();
      await editor.commitTransaction();
      await inserted;
      expect(await copied()).toEqual({ copy: 'race one', title: 'race one' });

      // The mapping is inserted first; the entry's title changes before that insert commits.
      await t.ds.query(`DELETE FROM entry_mapping WHERE entry_id = $1`, [entryId]);
      await mapper.startTransaction();
      await insertMapping(mapper);
      const edited = editor.query(`UPDATE control_entry SET title = 'race two' WHERE id = $1`, [entryId]);
      await pause();
      await mapper.commitTransaction();
      await edited;
      expect(await copied()).toEqual({ copy: 'race two', title: 'race two' });
    } finally {
      if (editor.isTransactionActive) await editor.rollbackTransaction();
      if (mapper.isTransactionActive) await mapper.rollbackTransaction();
      await editor.release();
      await mapper.release();
    }
  });
});
