/**
 * The generic reads: a plain listing is a keyset page in index order (not a
 * search), counted only when asked; the fields read from the selected columns are the
 * stored ones; mappings come in a stable order, filtered by status, with their taxonomy
 * code; drafts stay hidden on the rewritten paths. Statement counts: sql-counts.test.ts.
 */
import { createNodes, createPublishedList, type FixtureEntry } from '../support/factories';
import { CREATE_CONTROL_LIST_VERSION, UPSERT_CONTROL_ENTRIES } from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let versionId: string;
const N = 23;
// Control numbers whose order is not their insertion order.
const numbers = Array.from({ length: N }, (_, i) => `GR-${String((i * 7) % N).padStart(2, '0')}`);

beforeAll(async () => {
  t = await createTestApp();
  await createNodes(t.ds, [{ code: 'GR' }, { code: 'GR.A', parentCode: 'GR' }, { code: 'GR.B', parentCode: 'GR' }, { code: 'GR.C', parentCode: 'GR' }]);
  const entries: FixtureEntry[] = numbers.map((n, i) => ({
    controlNumber: n,
    tier: i % 2 ? 'ENHANCED' : 'STANDARD',
    title: `Generic read ${n}`,
    parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 20 + i, unit: 'L' }],
    exclusions: [{ kind: 'MEDICAL_DEVICE', description: `not ${n}` }],
    hsCodes: ['8419.89'],
  }));
  versionId = await createPublishedList(t.ds, 'CH', 'Generic reads', ['GR'], entries);
});
afterAll(() => t.close());

const PAGE = `query($v: ID!, $first: Int, $after: String) { controlEntries(filter: { versionId: $v }, first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { cursor node { id controlNumber } } } }`;

async function walk(query: string, variables: Record<string, unknown>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r: any = await t.ok(query, { ...variables, first, after });
    seen.push(...r.controlEntries.edges.map((e: any) => e.node.controlNumber));
    if (!r.controlEntries.pageInfo.hasNextPage) return seen;
    after = r.controlEntries.pageInfo.endCursor;
  }
  throw new Error('did not end');
}

describe('controlEntries as a listing', () => {
  it('pages of one version follow the control numbers, each entry once, to the end; a page boundary is a key', async () => {
    const sorted = (await t.ds.query(`SELECT control_number FROM control_entry WHERE version_id = $1 ORDER BY control_number`, [versionId])).map(
      (r: any) => r.control_number,
    );
    expect(sorted).toHaveLength(N);
    expect(await walk(PAGE, { v: versionId }, 5)).toEqual(sorted);
    expect(await walk(PAGE, { v: versionId }, 100)).toEqual(sorted);

    // A draft being edited between two pages: the next page starts after the last entry
    // seen (a position cursor would repeat it when an entry is added before it).
    const v = await t.ok(
      CREATE_CONTROL_LIST_VERSION,
      { i: { jurisdiction: 'CH', listName: 'Generic reads editing', label: 'e1', coverage: ['GR'] } },
      'ch-regulator',
    );
    const draft = v.createControlListVersion.id;
    const upsert = (controlNumber: string) =>
      t.ok(UPSERT_CONTROL_ENTRIES, { v: draft, e: [{ controlNumber, title: controlNumber, text: controlNumber, tier: 'STANDARD' }] }, 'ch-regulator');
    for (const n of ['E-2', 'E-4', 'E-6', 'E-8']) await upsert(n);
    const first = await t.ok(PAGE, { v: draft, first: 2 }, 'ch-regulator');
    expect(first.controlEntries.edges.map((e: any) => e.node.controlNumber)).toEqual(['E-2', 'E-4']);
    await upsert('E-1');
    const next = await t.ok(PAGE, { v: draft, first: 2, after: first.controlEntries.pageInfo.endCursor }, 'ch-regulator');
    expect(next.controlEntries.edges.map((e: any) => e.node.controlNumber)).toEqual(['E-6', 'E-8']);

    // Across published lists: by jurisdiction, control number and id; pages join up with the whole.
    const ALL = `query($first: Int, $after: String) { controlEntries(filter: { jurisdiction: "CH" }, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { controlNumber } } } }`;
    const whole = (await t.ok(ALL, { first: 100 })).controlEntries.edges.map((e: any) => e.node.controlNumber);
    expect(whole.filter((n: string) => n.startsWith('GR-'))).toHaveLength(N);
    expect(await walk(ALL, {}, 4)).toEqual(whole);

    // A position cursor of the earlier releases still pages on; a cursor of another shape is bad input.
    const legacy = Buffer.from(JSON.stringify(4)).toString('base64url');
    const r = await t.ok(PAGE, { v: versionId, first: 3, after: legacy });
    expect(r.controlEntries.edges.map((e: any) => e.node.controlNumber)).toEqual(sorted.slice(5, 8));
    const bad = await t.gql(PAGE, { v: versionId, first: 3, after: Buffer.from(JSON.stringify(['a', 'b', 'c'])).toString('base64url') });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('totalCount and the fields read from the selected columns are those stored', async () => {
    const FULL = `query($v: ID!) {
      controlEntries(filter: { versionId: $v }, first: 100) { totalCount edges { node {
        id controlNumber parentNumber title text parameters { name comparator value unit } reasonsForControl regimeReferences hsCodes notes
        exclusions { kind description } tier tierIllustrative source jurisdiction { code } version { id } mappings { taxonomyCode status } } } }
      controlListVersion(id: $v) { entries(first: 100) { edges { node {
        id controlNumber parentNumber title text parameters { name comparator value unit } reasonsForControl regimeReferences hsCodes notes
        exclusions { kind description } tier tierIllustrative source jurisdiction { code } version { id } mappings { taxonomyCode status } } } } } }`;
    const r = await t.ok(FULL, { v: versionId });
    expect(r.controlEntries.totalCount).toBe(N);
    expect(r.controlEntries.edges).toEqual(r.controlListVersion.entries.edges);
    expect(r.controlEntries.edges[0].node.parameters[0].unit).toBe('L');
    expect(r.controlEntries.edges[0].node.jurisdiction.code).toBe('CH');
  });

  it('a draft version: its own regulator lists it (one statement), even empty; anyone else gets NOT_FOUND', async () => {
    const v = await t.ok(
      CREATE_CONTROL_LIST_VERSION,
      { i: { jurisdiction: 'CH', listName: 'Generic reads draft', label: 'd1', coverage: ['GR'] } },
      'ch-regulator',
    );
    const draft = v.createControlListVersion.id;
    const COUNT = `query($v: ID!) { controlEntries(filter: { versionId: $v }, first: 5) { totalCount edges { node { controlNumber } } } }`;
    expect((await t.ok(COUNT, { v: draft }, 'ch-regulator')).controlEntries).toEqual({ totalCount: 0, edges: [] });
    await t.ok(
      UPSERT_CONTROL_ENTRIES,
      { v: draft, e: [{ controlNumber: 'GR-SECRET', title: 'Unannounced', text: 'Unannounced', tier: 'STANDARD' }] },
      'ch-regulator',
    );
    expect((await t.ok(COUNT, { v: draft }, 'ch-regulator')).controlEntries.totalCount).toBe(1);
    const { result, sql } = await t.gqlCounted(PAGE, { v: draft, first: 5 }, 'ch-regulator');
    expect((result.data as any).controlEntries.edges.map((e: any) => e.node.controlNumber)).toEqual(['GR-SECRET']);
    expect(sql.statements).toBe(1);
    for (const as of [null, 'de-regulator', 'analyst']) {
      const r = await t.gql(COUNT, { v: draft }, as);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(r)).not.toContain('GR-SECRET');
    }
  });
});

describe('mappings of an entry', () => {
  it('come oldest first and then by id, filtered by status, with their taxonomy code', async () => {
    const [{ id: entryId }] = await t.ds.query(`SELECT id FROM control_entry WHERE version_id = $1 AND control_number = 'GR-00'`, [versionId]);
    // Three mappings proposed at the same instant: only the id can order them.
    const ids: string[] = [];
    for (const [code, status, id] of [
      ['GR.A', 'ACCEPTED', 'ffffffff-0000-4000-8000-000000000001'],
      ['GR.B', 'REJECTED', '00000000-0000-4000-8000-000000000002'],
      ['GR.C', 'ACCEPTED', '88888888-0000-4000-8000-000000000003'],
    ]) {
      await t.ds.query(
        `INSERT INTO entry_mapping (id, entry_id, taxonomy_code, relation, status, proposed_at) VALUES ($1, $2, $3, 'EXACT', $4, '2026-01-05T00:00:00Z')`,
        [id, entryId, code, status],
      );
      ids.push(id);
    }
    const Q = `query($v: ID!, $s: MappingStatus) { controlEntries(filter: { versionId: $v }, first: 1) { edges { node { controlNumber
      mappings(status: $s) { id taxonomyCode status node { code } } } } } }`;
    const all = (await t.ok(Q, { v: versionId })).controlEntries.edges[0].node;
    expect(all.controlNumber).toBe('GR-00');
    expect(all.mappings.map((m: any) => m.id)).toEqual([...ids].sort());
    expect(all.mappings.map((m: any) => m.taxonomyCode)).toEqual(all.mappings.map((m: any) => m.node.code));
    const accepted = (await t.ok(Q, { v: versionId, s: 'ACCEPTED' })).controlEntries.edges[0].node.mappings;
    expect(accepted.map((m: any) => m.taxonomyCode)).toEqual(['GR.C', 'GR.A']);
  });

  it("a page reads only the mappings' key columns when that is all it selects, and every column when a selection asks for more", async () => {
    const [{ id: entryId }] = await t.ds.query(`SELECT id FROM control_entry WHERE version_id = $1 AND control_number = 'GR-01'`, [versionId]);
    await t.ds.query(
      `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note, proposed_at, reviewed_at, review_note)
       VALUES ($1, 'GR.A', 'BROADER', 'ACCEPTED', 'compare volumes', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z', 'agreed')`,
      [entryId],
    );
    const logged = jest.spyOn(t.ds.logger, 'logQuery');
    const statements = () => logged.mock.calls.map((c) => c[0]).filter((q) => q.includes('FROM entry_mapping em'));
    const LEAN = `query($v: ID!) { controlEntries(filter: { versionId: $v }, first: 2) { edges { node { controlNumber
      mappings { __typename id relation status taxonomyCode node { code } } } } } }`;
    const lean = (await t.ok(LEAN, { v: versionId })).controlEntries.edges[1].node;
    expect(statements()).toHaveLength(1);
    expect(statements()[0]).not.toContain('em.note');
    expect(lean.mappings).toEqual([expect.objectContaining({ relation: 'BROADER', status: 'ACCEPTED', taxonomyCode: 'GR.A', node: { code: 'GR.A' } })]);
    logged.mockClear();
    // Two selections of the same mappings in one request, one lean and one asking for more: each answers as stored.
    const BOTH = `query($v: ID!) { controlEntries(filter: { versionId: $v }, first: 2) { edges { node { controlNumber
      keys: mappings { id status } all: mappings { id note proposedAt reviewedAt reviewNote } } } } }`;
    const both = (await t.ok(BOTH, { v: versionId })).controlEntries.edges[1].node;
    expect(statements()).toHaveLength(1);
    expect(statements()[0]).toContain('em.note');
    // Two pages of the same entries in one request, one selecting lean mappings and one more: the second never gets lean ones.
    const PAGES = `query($v: ID!) { a: controlEntries(filter: { versionId: $v }, first: 2) { edges { node { mappings { id } } } }
      b: controlEntries(filter: { versionId: $v }, first: 2) { edges { node { mappings { id reviewNote } } } } }`;
    const pages = await t.ok(PAGES, { v: versionId });
    expect(pages.b.edges[1].node.mappings).toEqual([{ id: lean.mappings[0].id, reviewNote: 'agreed' }]);
    logged.mockRestore();
    expect(both.keys).toEqual([{ id: lean.mappings[0].id, status: 'ACCEPTED' }]);
    expect(both.all).toEqual([
      {
        id: lean.mappings[0].id,
        note: 'compare volumes',
        proposedAt: '2026-01-06T00:00:00.000Z',
        reviewedAt: '2026-01-07T00:00:00.000Z',
        reviewNote: 'agreed',
      },
    ]);
  });
});
