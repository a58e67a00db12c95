/**
 * SQL statements per operation for the hot queries: the count must not grow
 * with the page size nor with the number of consortium members. Counted with countSql
 * around executeOperation (the counter behind `extensions.sql`); no timing here — the
 * timings are `npm run bench`'s job.
 */
import type { DataSource } from 'typeorm';
import { createNodes, createPublishedList, type FixtureEntry } from '../support/factories';
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
/** The EU fixture list's version: NODES entries, each with one accepted mapping. */
let euVersionId: string;

const NODES = 120;
const code = (i: number) => `SQ.N${String(i).padStart(3, '0')}`;
const entries = (prefix: string, tier: FixtureEntry['tier']): FixtureEntry[] =>
  Array.from({ length: NODES }, (_, i) => ({
    controlNumber: `${prefix}-${i}`,
    tier,
    title: `Sqlcount fermenter ${prefix} ${i}`,
    text: `Sqlcount fermenter of class ${i}`,
    parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 10 + (i % 3) * 10, unit: 'L' }],
    maps: { [code(i)]: 'EXACT' },
  }));

/** `n` more member states (SQ01…), each with a published list controlling every SQ node. */
async function addMembers(ds: DataSource, from: number, n: number): Promise<void> {
  for (let k = from; k < from + n; k++) {
    const j = `SQ${String(k).padStart(2, '0')}`;
    await ds.query(`INSERT INTO jurisdiction (code, name, kind) VALUES ($1, $2, 'STATE')`, [j, `Sqlcount state ${k}`]);
    await ds.query(`INSERT INTO membership (consortium_id, jurisdiction_code, role, since) VALUES ($1, $2, 'MEMBER', '2026-01-01')`, [consortiumId, j]);
    await createPublishedList(ds, j, `SQ list ${j}`, ['SQ'], entries(j, k % 2 ? 'ENHANCED' : 'STANDARD'));
  }
}

/** Recognition requests between seeded members, some answered, straight into the tables. */
async function createRequests(ds: DataSource, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [{ id }] = await ds.query(
      `INSERT INTO recognition_request (consortium_id, requesting_jurisdiction, concerned_jurisdiction_codes, subject_kind, subject_id, justification, status,
         submitted_at, deadline, created_at, effect)
       VALUES ($1, 'DE', ARRAY['FR', 'JP', 'US'], 'CLASSIFICATION', gen_random_uuid(), 'sqlcount request', 'UNDER_REVIEW',
         now() - interval '2 days', now() + interval '80 days', now() - interval '1 hour' * $2, 'CLASSIFICATION_ADOPTED')
       RETURNING id`,
      [consortiumId, i],
    );
    await ds.query(
      `INSERT INTO recognition_response (request_id, jurisdiction_code, decision, responded_at) VALUES ($1, 'FR', 'RECOGNIZE', now()), ($1, 'JP', 'RECOGNIZE', now())`,
      [id],
    );
    await ds.query(
      `INSERT INTO register_entry (kind, consortium_id, subject_id, title, summary, jurisdictions, details, published_at)
       VALUES ('RECOGNITION_OUTCOME', $1, $2, 'sqlcount outcome', 'FR: RECOGNIZE; JP: RECOGNIZE', ARRAY['DE', 'FR', 'JP', 'US'], '{"status": "RECOGNIZED"}', now() - interval '1 minute' * $3)`,
      [consortiumId, id, i],
    );
  }
}

beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [
    { code: 'SQ', label: 'Statement-count items' },
    ...Array.from({ length: NODES }, (_, i) => ({ code: code(i), parentCode: 'SQ' })),
    { code: 'SQ.NONE', parentCode: 'SQ', label: 'Controlled by nobody' },
  ]);
  // EU's list (DE, FR and NL apply it) and US's cover the subtree.
  euVersionId = await createPublishedList(t.ds, 'EU', 'SQ EU', ['SQ'], entries('EU', 'STANDARD'));
  await createPublishedList(t.ds, 'US', 'SQ US', ['SQ'], entries('US', 'ENHANCED'));
  await createRequests(t.ds, 60);
});
afterAll(() => t.close());

const ITEM = `query($code: String!, $c: ID) { harmonizedItem(code: $code, consortiumId: $c) {
  node { code label } mostRestrictiveTier unilateral
  controls { jurisdiction { code } listJurisdiction { code } relation tier entry { id controlNumber title } parameters { name value unit } }
  members { jurisdiction { code } status tier }
  uncontrolledIn { code } unknownIn { code }
  divergences { kind jurisdictions detail } } }`;

const CONCORDANCE = `query($c: ID!, $first: Int) { concordance(consortiumId: $c, taxonomyPrefix: "SQ", first: $first) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { node { code label } cells { jurisdiction { code } status controlled tier entries { controlNumber } } } } } }`;

const SEARCH = `query($text: String!, $first: Int) { controlEntries(filter: { text: $text }, first: $first) {
  totalCount edges { node { id controlNumber title tier hsCodes jurisdiction { code } version { id label } } } } }`;

const REQUESTS = `query($first: Int) { mutualRecognitionRequests(first: $first) {
  totalCount edges { node { id status requestingJurisdiction { code } concernedJurisdictions { code } awaiting { code } responses { decision } } } } }`;

const REGISTER = `query($first: Int) { publicRegister(first: $first) { totalCount edges { node { id kind title summary jurisdictions publishedAt } } } }`;

async function counted(query: string, variables: Record<string, unknown>, as?: string | null) {
  const { result, sql } = await t.gqlCounted(query, variables, as);
  expect(result.errors).toBeUndefined();
  return { data: result.data as Record<string, any>, statements: sql.statements };
}

describe('SQL statements per operation', () => {
  it('harmonizedItem: a fixed number, whatever the controls on the item and the number of members', async () => {
    const controlled = await counted(ITEM, { code: code(7), c: consortiumId });
    const uncontrolled = await counted(ITEM, { code: 'SQ.NONE', c: consortiumId });
    const group = await counted(ITEM, { code: 'SQ', c: consortiumId }); // summarises its 120 children
    expect(controlled.data.harmonizedItem.controls.length).toBeGreaterThan(3);
    expect(uncontrolled.data.harmonizedItem.controls).toEqual([]);
    expect(controlled.statements).toBe(uncontrolled.statements);
    expect(group.statements).toBe(uncontrolled.statements);
    expect(controlled.statements).toBeLessThanOrEqual(5);

    await addMembers(t.ds, 1, 6);
    const more = await counted(ITEM, { code: code(7), c: consortiumId });
    expect(more.data.harmonizedItem.members.length).toBe(controlled.data.harmonizedItem.members.length + 6);
    expect(more.statements).toBe(controlled.statements);
  });

  it('concordance: the same for 10 rows as for 100, and with more members', async () => {
    const small = await counted(CONCORDANCE, { c: consortiumId, first: 10 });
    const large = await counted(CONCORDANCE, { c: consortiumId, first: 100 });
    expect(small.data.concordance.edges).toHaveLength(10);
    expect(large.data.concordance.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(6);

    const members = large.data.concordance.edges[0].node.cells.length;
    await addMembers(t.ds, 11, 4);
    const wider = await counted(CONCORDANCE, { c: consortiumId, first: 100 });
    expect(wider.data.concordance.edges[0].node.cells).toHaveLength(members + 4);
    expect(wider.statements).toBe(large.statements);
  });

  it('controlEntries full-text search: the same for one hit as for a full page, across lists', async () => {
    const one = await counted(SEARCH, { text: 'EU-7', first: 20 });
    const page = await counted(SEARCH, { text: 'sqlcount fermenter', first: 100 });
    expect(one.data.controlEntries.edges.length).toBeGreaterThanOrEqual(1);
    expect(page.data.controlEntries.edges).toHaveLength(100);
    expect(new Set(page.data.controlEntries.edges.map((e: any) => e.node.jurisdiction.code)).size).toBeGreaterThan(1);
    expect(page.statements).toBe(one.statements);
    // The ranked page with its rows and their list's jurisdiction, then the versions: the entries' jurisdictions need no loader.
    expect(page.statements).toBe(2);
    const stored: { id: string; code: string }[] = await t.ds.query(
      `SELECT e.id, l.jurisdiction_code AS code FROM control_entry e JOIN control_list_version v ON v.id = e.version_id JOIN control_list l ON l.id = v.list_id
       WHERE e.id = ANY($1::uuid[])`,
      [page.data.controlEntries.edges.map((e: any) => e.node.id)],
    );
    const codeOf = new Map(stored.map((r) => [r.id, r.code]));
    for (const e of page.data.controlEntries.edges) expect(e.node.jurisdiction.code).toBe(codeOf.get(e.node.id));
    // Asking for more than the code reads the jurisdictions (one more statement), the same ones.
    const named = await counted(SEARCH.replace('jurisdiction { code }', 'jurisdiction { code name }'), { text: 'sqlcount fermenter', first: 100 });
    expect(named.statements).toBe(3);
    for (const e of named.data.controlEntries.edges) expect(e.node.jurisdiction).toEqual({ code: codeOf.get(e.node.id), name: expect.any(String) });
  });

  it('mutualRecognitionRequests: the same for 5 requests as for 50, responses and members included', async () => {
    const small = await counted(REQUESTS, { first: 5 }, 'secretariat');
    const large = await counted(REQUESTS, { first: 50 }, 'secretariat');
    expect(small.data.mutualRecognitionRequests.edges).toHaveLength(5);
    expect(large.data.mutualRecognitionRequests.edges).toHaveLength(50);
    expect(large.data.mutualRecognitionRequests.edges.some((e: any) => e.node.responses.length === 2)).toBe(true);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(5);
  });

  it('publicRegister: the same for 5 entries as for 50', async () => {
    const small = await counted(REGISTER, { first: 5 }, null);
    const large = await counted(REGISTER, { first: 50 }, null);
    expect(small.data.publicRegister.edges).toHaveLength(5);
    expect(large.data.publicRegister.edges).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(3);
  });
});

/** The generic reads, as the bench sends them (bench/queries.ts). */
const VERSION_PAGE = `query($v: ID!, $first: Int) { controlEntries(filter: { versionId: $v }, first: $first) {
  pageInfo { hasNextPage endCursor } edges { node { id controlNumber title tier } } } }`;
const VERSION_PAGE_TOTAL = `query($v: ID!, $first: Int) { controlEntries(filter: { versionId: $v }, first: $first) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id controlNumber title tier } } } }`;
const VERSION_PAGE_MAPPINGS = `query($v: ID!, $first: Int) { controlEntries(filter: { versionId: $v }, first: $first) {
  pageInfo { hasNextPage endCursor } edges { node { id controlNumber mappings { status relation node { code } } } } } }`;
const VERSION_COUNT = `query($v: ID!) { controlEntries(filter: { versionId: $v }) { totalCount } }`;
const REGISTER_PAGE = `query($first: Int) { publicRegister(first: $first) { edges { node { id kind title summary jurisdictions publishedAt } } } }`;

describe('SQL statements of the generic reads', () => {
  it('a page of one version is one statement; its totalCount one more; the count alone one; the page is not read twice', async () => {
    for (const first of [10, 100]) {
      const page = await counted(VERSION_PAGE, { v: euVersionId, first });
      expect(page.data.controlEntries.edges).toHaveLength(first);
      expect(page.statements).toBe(1);
      const withTotal = await counted(VERSION_PAGE_TOTAL, { v: euVersionId, first });
      expect(withTotal.data.controlEntries.totalCount).toBe(NODES);
      expect(withTotal.statements).toBe(2);
    }
    const count = await counted(VERSION_COUNT, { v: euVersionId });
    expect(count.data.controlEntries.totalCount).toBe(NODES);
    expect(count.statements).toBe(1);
  });

  it('a page of one version with its mappings: one statement more, whatever the page size', async () => {
    for (const first of [10, 100]) {
      const page = await counted(VERSION_PAGE_MAPPINGS, { v: euVersionId, first });
      expect(page.data.controlEntries.edges).toHaveLength(first);
      expect(page.data.controlEntries.edges.every((e: any) => e.node.mappings.length === 1 && e.node.mappings[0].node.code.startsWith('SQ.N'))).toBe(true);
      expect(page.statements).toBe(2);
    }
  });

  it('publicRegister: one statement without totalCount, two with', async () => {
    const small = await counted(REGISTER_PAGE, { first: 20 }, null);
    expect(small.data.publicRegister.edges).toHaveLength(20);
    expect(small.statements).toBe(1);
    const withTotal = await counted(REGISTER, { first: 20 }, null);
    expect(withTotal.statements).toBe(2);
  });
});
