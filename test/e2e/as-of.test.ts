/**
 * Harmonized views as of a date, and list versions published ahead of their entry into
 * force (SCHEDULED): today's answers do not change until the day comes; the scheduler then
 * moves the version and the harmonized response cache is emptied.
 */
import { createLogger } from '../../src/shared/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import { createNodes } from '../support/factories';
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
let base: string;

const CREATE = `mutation($input: CreateControlListVersionInput!) { createControlListVersion(input: $input) { id status } }`;
const UPSERT = `mutation($v: ID!, $entries: [ControlEntryInput!]!) { upsertControlEntries(versionId: $v, entries: $entries) { id controlNumber } }`;
const PUBLISH = `mutation($id: ID!) { publishControlListVersion(id: $id) { id status effectiveFrom effectiveTo } }`;
const PROPOSE = `mutation($input: ProposeMappingInput!) { proposeMapping(input: $input) { id status } }`;
const REVIEW = `mutation($id: ID!) { reviewMapping(id: $id, decision: ACCEPT) { id status } }`;
const ITEM = `query($asOf: Date) { harmonizedItem(code: "ASOF.X", asOf: $asOf) { asOf members { jurisdiction { code } status tier } controls { jurisdiction { code } tier entry { id } } } }`;

const entry = (tier: string) => ({
  controlNumber: 'AS-1',
  title: 'As-of test fermenters',
  text: 'Fermenters of 20 L or more',
  tier,
  parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' }],
});
const ch = async (asOf?: string) => {
  const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(ITEM, { asOf }, 'analyst');
  return { asOf: h.asOf, member: h.members.find((m: any) => m.jurisdiction.code === 'CH') };
};

let current: string;
let scheduled: string;

beforeAll(async () => {
  t = await createTestApp({ start: '2026-05-10T12:00:00Z', env: { HARMONIZED_CACHE: 'true' } });
  await t.app.events!.ready;
  base = await t.listen();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [
    { code: 'ASOF', label: 'As-of items' },
    { code: 'ASOF.X', parentCode: 'ASOF', label: 'As-of fermenters' },
  ]);
  // CH's list in force today: STANDARD, mapped and accepted.
  const v1 = (
    await t.ok<any>(
      CREATE,
      { input: { jurisdiction: 'CH', listName: 'CH as-of list', label: 'v1', coverage: ['ASOF'], effectiveFrom: '2026-05-01' } },
      'ch-regulator',
    )
  ).createControlListVersion;
  const [e1] = (await t.ok<any>(UPSERT, { v: v1.id, entries: [entry('STANDARD')] }, 'ch-regulator')).upsertControlEntries;
  expect((await t.ok<any>(PUBLISH, { id: v1.id }, 'ch-regulator')).publishControlListVersion.status).toBe('PUBLISHED');
  const m1 = (await t.ok<any>(PROPOSE, { input: { entryId: e1.id, taxonomyCode: 'ASOF.X', relation: 'EXACT' } }, 'ch-regulator')).proposeMapping;
  await t.ok(REVIEW, { id: m1.id }, 'secretariat');
  current = v1.id;
});
afterAll(() => t.close());

describe('a version published with a future effectiveFrom', () => {
  it("is SCHEDULED: the current version stays in force and today's harmonizedItem is unchanged", async () => {
    const before = await ch();
    expect(before).toMatchObject({ asOf: '2026-05-10', member: { status: 'CONTROLLED', tier: 'STANDARD' } });
    const v2 = (
      await t.ok<any>(
        CREATE,
        { input: { jurisdiction: 'CH', listName: 'CH as-of list', label: 'v2', coverage: ['ASOF'], effectiveFrom: '2026-05-11', copyFromCurrent: true } },
        'ch-regulator',
      )
    ).createControlListVersion;
    const [e2] = (await t.ok<any>(UPSERT, { v: v2.id, entries: [entry('ENHANCED')] }, 'ch-regulator')).upsertControlEntries;
    const pub = (await t.ok<any>(PUBLISH, { id: v2.id }, 'ch-regulator')).publishControlListVersion;
    expect(pub).toMatchObject({ status: 'SCHEDULED', effectiveFrom: '2026-05-11' });
    scheduled = v2.id;
    // The changed entry's mapping is proposed on the new entry; the secretariat accepts it ahead of the day.
    const { taxonomyNode } = await t.ok<any>(`{ taxonomyNode(code: "ASOF.X") { mappings(status: PROPOSED) { id entry { id } } } }`, {}, 'secretariat');
    const proposed = taxonomyNode.mappings.find((m: any) => m.entry.id === e2.id);
    await t.ok(REVIEW, { id: proposed.id }, 'secretariat');

    const versions = await t.ds.query(`SELECT id, status FROM control_list_version WHERE id = ANY($1)`, [[current, scheduled]]);
    expect(Object.fromEntries(versions.map((v: any) => [v.id, v.status]))).toEqual({ [current]: 'PUBLISHED', [scheduled]: 'SCHEDULED' });
    expect(await ch()).toEqual(before); // today: unchanged
    expect(await ch('2026-05-11')).toMatchObject({ asOf: '2026-05-11', member: { status: 'CONTROLLED', tier: 'ENHANCED' } }); // tomorrow: the new version
    expect((await ch('2026-04-30')).member.status).toBe('UNKNOWN'); // before any version was in force
  });

  it('answers concordance, gapAnalysis and the CSV export as of a date', async () => {
    const Q = `query($c: ID!, $asOf: Date) { concordance(consortiumId: $c, taxonomyPrefix: "ASOF.X", asOf: $asOf) { edges { node { cells { jurisdiction { code } tier } } } } }`;
    const tier = async (asOf?: string) =>
      (await t.ok<any>(Q, { c: consortiumId, asOf })).concordance.edges[0].node.cells.find((c: any) => c.jurisdiction.code === 'CH').tier;
    expect(await tier()).toBe('STANDARD');
    expect(await tier('2026-05-11')).toBe('ENHANCED');
    const G = `query($asOf: Date) { gapAnalysis(from: "CH", to: "EU", asOf: $asOf) { asOf unknownInTo { code } } }`;
    expect((await t.ok<any>(G, {})).gapAnalysis).toMatchObject({ asOf: '2026-05-10', unknownInTo: expect.arrayContaining([{ code: 'ASOF.X' }]) });
    expect((await t.ok<any>(G, { asOf: '2026-04-01' })).gapAnalysis.unknownInTo).not.toContainEqual({ code: 'ASOF.X' });
    const csv = async (q: string) =>
      (await (await fetch(`${base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=ASOF.X${q}`)).text()).split('\n')[1];
    expect(await csv('')).toContain('STANDARD: AS-1');
    expect(await csv('&asOf=2026-05-11')).toContain('ENHANCED: AS-1');
    expect((await fetch(`${base}/export/concordance.csv?consortiumId=${consortiumId}&asOf=2026-13-01`)).status).toBe(400);
    expect(errorCode(await t.gql(`{ harmonizedItem(code: "ASOF.X", asOf: "tomorrow") { asOf } }`))).toBeDefined();
  });

  it('takes effect on its day: the scheduler moves it and the harmonized cache is emptied', async () => {
    const post = async () => {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ITEM }) });
      return { cache: res.headers.get('x-accord-cache'), body: (await res.json()) as any };
    };
    await post();
    const cached = await post();
    expect(cached.cache).toBe('hit');
    const generation = t.app.cache!.generation;
    const s = new Scheduler({
      databaseUrl: t.databaseUrl,
      clock: t.clock,
      logger: createLogger('silent'),
      tasks: createTasks(t.app.services).filter((task) => task.name === 'list-versions'),
      work: false,
    });
    await s.start();
    try {
      expect(await s.runDue()).toBe(0); // not yet
      t.clock.set('2026-05-11T00:05:00Z');
      expect(await s.runDue()).toBe(1);
      expect(await s.runDue()).toBe(0); // once
    } finally {
      await s.stop();
    }
    const versions = await t.ds.query(`SELECT id, status, effective_to::text FROM control_list_version WHERE id = ANY($1)`, [[current, scheduled]]);
    expect(Object.fromEntries(versions.map((v: any) => [v.id, [v.status, v.effective_to]]))).toEqual({
      [current]: ['SUPERSEDED', '2026-05-11'],
      [scheduled]: ['PUBLISHED', null],
    });
    for (let i = 0; i < 100 && t.app.cache!.generation === generation; i++) await new Promise((r) => setTimeout(r, 50));
    expect(t.app.cache!.generation).toBeGreaterThan(generation);
    const fresh = await post();
    expect(fresh.cache).toBe('miss');
    expect(fresh.body.data.harmonizedItem.members.find((m: any) => m.jurisdiction.code === 'CH').tier).toBe('ENHANCED');
    // The past stays answerable.
    expect((await ch('2026-05-10')).member.tier).toBe('STANDARD');
    const trail = await t.ok<any>(`query($id: ID!) { auditTrail(subjectId: $id) { edges { node { action } } } }`, { id: scheduled }, 'secretariat');
    expect(trail.auditTrail.edges.map((e: any) => e.node.action)).toContain('CONTROL_LIST_VERSION.TOOK_EFFECT');
  });
});
