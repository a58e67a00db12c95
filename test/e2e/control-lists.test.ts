import { LIST_DIFF_CONTROL_NUMBERS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CREATE = `mutation($input: CreateControlListVersionInput!) { createControlListVersion(input: $input) { id status label list { id name jurisdiction { code } } } }`;
const UPSERT = `mutation($v: ID!, $entries: [ControlEntryInput!]!) { upsertControlEntries(versionId: $v, entries: $entries) { id controlNumber tier } }`;
const PUBLISH = `mutation($id: ID!) { publishControlListVersion(id: $id) { id status effectiveFrom publishedAt } }`;
const PROPOSE = `mutation($input: ProposeMappingInput!) { proposeMapping(input: $input) { id status relation } }`;
const REVIEW = `mutation($id: ID!, $d: MappingDecision!, $note: String) { reviewMapping(id: $id, decision: $d, note: $note) { id status reviewNote } }`;

const fermenter = (over: Record<string, unknown> = {}) => ({
  controlNumber: 'T-1',
  title: 'Test fermenters',
  text: 'Fermenters capable of cultivating micro-organisms without aerosol release',
  parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' }],
  hsCodes: ['8419.89'],
  tier: 'STANDARD',
  ...over,
});

async function draft(as: string, input: Record<string, unknown>) {
  return (await t.ok<{ createControlListVersion: any }>(CREATE, { input }, as)).createControlListVersion;
}

describe('writing control lists', () => {
  it('a regulator creates, fills and publishes its own list; every step is audited', async () => {
    const v = await draft('ch-regulator', { jurisdiction: 'CH', listName: 'CH test list', instrument: 'Test ordinance', label: 'v1', coverage: ['TEST'] });
    expect(v).toMatchObject({ status: 'DRAFT', list: { name: 'CH test list', jurisdiction: { code: 'CH' } } });
    const up = await t.ok<{ upsertControlEntries: any[] }>(
      UPSERT,
      {
        v: v.id,
        entries: [
          fermenter(),
          fermenter({ controlNumber: 'T-2', title: 'Test separators', text: 'Continuous centrifugal separators', parameters: [], tier: 'DECLARATION' }),
        ],
      },
      'ch-regulator',
    );
    expect(up.upsertControlEntries.map((e) => e.controlNumber)).toEqual(['T-1', 'T-2']);
    t.clock.set('2026-04-01T10:00:00Z');
    const pub = await t.ok<{ publishControlListVersion: any }>(PUBLISH, { id: v.id }, 'ch-regulator');
    expect(pub.publishControlListVersion).toMatchObject({ status: 'PUBLISHED', effectiveFrom: '2026-04-01', publishedAt: '2026-04-01T10:00:00.000Z' });
    const trail = await t.ok<{ auditTrail: any }>(
      `query($id: ID!) { auditTrail(subjectId: $id) { edges { node { action actorJurisdiction } } } }`,
      { id: v.id },
      'secretariat',
    );
    expect(trail.auditTrail.edges.map((e: any) => e.node.action).sort()).toEqual([
      'CONTROL_ENTRIES.UPSERTED',
      'CONTROL_LIST_VERSION.CREATED',
      'CONTROL_LIST_VERSION.PUBLISHED',
    ]);
  });

  it('refuses other jurisdictions, other roles and anonymous callers', async () => {
    expect(errorCode(await t.gql(CREATE, { input: { jurisdiction: 'CH', listName: 'CH test list', label: 'x' } }, 'fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(CREATE, { input: { jurisdiction: 'CH', listName: 'CH test list', label: 'x' } }, 'analyst'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(CREATE, { input: { jurisdiction: 'CH', listName: 'CH test list', label: 'x' } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(CREATE, { input: { jurisdiction: 'US', listName: 'US test', label: 'x' } }, 'secretariat'))).toBe('FORBIDDEN');
    const ag = await draft('secretariat', { jurisdiction: 'AG', listName: 'AG test list', label: 'secretariat maintains regime lists' });
    expect(ag.status).toBe('DRAFT');
  });

  it('validates entries, naming the field, and writes nothing', async () => {
    const v = await draft('ch-regulator', { jurisdiction: 'CH', listName: 'CH test list', label: 'bad input' });
    const r = await t.gql(UPSERT, { v: v.id, entries: [fermenter({ hsCodes: ['84x9'] })] }, 'ch-regulator');
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('entries.0.hsCodes.0');
    const dup = await t.gql(UPSERT, { v: v.id, entries: [fermenter(), fermenter()] }, 'ch-regulator');
    expect(errorCode(dup)).toBe('BAD_USER_INPUT');
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM control_entry WHERE version_id = $1', [v.id]);
    expect(n).toBe(0);
    expect(errorCode(await t.gql(PUBLISH, { id: v.id }, 'ch-regulator'))).toBe('BAD_USER_INPUT'); // empty version
  });

  it('a published version is immutable: INVALID_TRANSITION', async () => {
    const [{ id }] = await t.ds.query(
      `SELECT v.id FROM control_list_version v JOIN control_list l ON l.id = v.list_id WHERE l.name = 'CH test list' AND v.status = 'PUBLISHED'`,
    );
    const r = await t.gql(UPSERT, { v: id, entries: [fermenter({ tier: 'ENHANCED' })] }, 'ch-regulator');
    expect(errorCode(r)).toBe('INVALID_TRANSITION');
    expect(errorCode(await t.gql(PUBLISH, { id }, 'ch-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('publishing the same draft twice at once leaves exactly one winner', async () => {
    const v = await draft('ch-regulator', { jurisdiction: 'CH', listName: 'CH race list', label: 'race' });
    await t.ok(UPSERT, { v: v.id, entries: [fermenter()] }, 'ch-regulator');
    const results = await Promise.all([t.gql(PUBLISH, { id: v.id }, 'ch-regulator'), t.gql(PUBLISH, { id: v.id }, 'ch-regulator')]);
    const wins = results.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    expect(errorCode(results.find((r) => r.errors)!)).toBe('INVALID_TRANSITION');
    const events = await t.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE subject_id = $1 AND action = 'CONTROL_LIST_VERSION.PUBLISHED'`, [v.id]);
    expect(events[0].n).toBe(1);
  });
});

describe('mappings and publication', () => {
  let nodeCode: string;
  let entries: Record<string, string>;
  beforeAll(async () => {
    await t.ok(`mutation { createTaxonomyNode(input: { code: "TEST", label: "Test root", kind: EQUIPMENT }) { code } }`, {}, 'secretariat');
    await t.ok(
      `mutation { createTaxonomyNode(input: { code: "TEST.FERM", label: "Test fermenters", kind: EQUIPMENT, parentCode: "TEST", hsCodes: ["8419.89"] }) { code } }`,
      {},
      'secretariat',
    );
    nodeCode = 'TEST.FERM';
    const rows: { id: string; control_number: string }[] = await t.ds.query(
      `SELECT e.id, e.control_number FROM control_entry e JOIN control_list_version v ON v.id = e.version_id JOIN control_list l ON l.id = v.list_id
       WHERE l.name = 'CH test list' AND v.status = 'PUBLISHED'`,
    );
    entries = Object.fromEntries(rows.map((r) => [r.control_number, r.id]));
  });

  it('taxonomy nodes are for the secretariat and must extend their parent', async () => {
    expect(
      errorCode(
        await t.gql(`mutation { createTaxonomyNode(input: { code: "TEST.X", label: "x", kind: EQUIPMENT, parentCode: "TEST" }) { code } }`, {}, 'de-regulator'),
      ),
    ).toBe('FORBIDDEN');
    const r = await t.gql(
      `mutation { createTaxonomyNode(input: { code: "OTHER.X", label: "x", kind: EQUIPMENT, parentCode: "TEST" }) { code } }`,
      {},
      'secretariat',
    );
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('input.code');
    expect(
      errorCode(await t.gql(`mutation { createTaxonomyNode(input: { code: "TEST", label: "again", kind: EQUIPMENT }) { code } }`, {}, 'secretariat')),
    ).toBe('CONFLICT');
  });

  it('a regulator proposes mappings for its own entries only; the secretariat reviews', async () => {
    const other = await t.gql(PROPOSE, { input: { entryId: entries['T-1'], taxonomyCode: nodeCode, relation: 'EXACT' } }, 'jp-regulator');
    expect(errorCode(other)).toBe('FORBIDDEN');
    const p1 = (
      await t.ok<{ proposeMapping: any }>(
        PROPOSE,
        { input: { entryId: entries['T-1'], taxonomyCode: nodeCode, relation: 'EXACT', note: 'same item' } },
        'ch-regulator',
      )
    ).proposeMapping;
    expect(p1.status).toBe('PROPOSED');
    expect(errorCode(await t.gql(PROPOSE, { input: { entryId: entries['T-1'], taxonomyCode: nodeCode, relation: 'EXACT' } }, 'ch-regulator'))).toBe('CONFLICT');
    expect(errorCode(await t.gql(REVIEW, { id: p1.id, d: 'ACCEPT' }, 'ch-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REVIEW, { id: p1.id, d: 'REJECT' }, 'secretariat'))).toBe('BAD_USER_INPUT');
    expect((await t.ok<{ reviewMapping: any }>(REVIEW, { id: p1.id, d: 'ACCEPT' }, 'secretariat')).reviewMapping.status).toBe('ACCEPTED');
    expect(errorCode(await t.gql(REVIEW, { id: p1.id, d: 'REJECT', note: 'changed my mind' }, 'secretariat'))).toBe('INVALID_TRANSITION');
    const p2 = (
      await t.ok<{ proposeMapping: any }>(PROPOSE, { input: { entryId: entries['T-2'], taxonomyCode: nodeCode, relation: 'RELATED' } }, 'ch-regulator')
    ).proposeMapping;
    await t.ok(REVIEW, { id: p2.id, d: 'ACCEPT' }, 'secretariat');
  });

  it('publishing a new version marks mappings of changed entries STALE and carries the others', async () => {
    const v2 = await draft('ch-regulator', { jurisdiction: 'CH', listName: 'CH test list', label: 'v2', copyFromCurrent: true, coverage: ['TEST'] });
    // T-1's threshold changes; T-2 stays as it was.
    await t.ok(
      UPSERT,
      { v: v2.id, entries: [fermenter({ parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 10, unit: 'L' }] })] },
      'ch-regulator',
    );
    await t.ok(PUBLISH, { id: v2.id }, 'ch-regulator');
    const old = await t.ok<{ controlListVersion: any }>(
      `query($id: ID!) { controlListVersion(id: $id) { status entries(first: 10) { edges { node { controlNumber mappings { status successorEntry { id version { id } } } } } } } }`,
      { id: (await t.ds.query('SELECT version_id FROM control_entry WHERE id = $1', [entries['T-1']]))[0].version_id },
    );
    expect(old.controlListVersion.status).toBe('SUPERSEDED');
    const byNumber = Object.fromEntries(old.controlListVersion.entries.edges.map((e: any) => [e.node.controlNumber, e.node.mappings]));
    expect(byNumber['T-1'][0].status).toBe('STALE');
    expect(byNumber['T-1'][0].successorEntry.version.id).toBe(v2.id);
    expect(byNumber['T-2'][0].status).toBe('ACCEPTED');
    const fresh = await t.ok<{ controlListVersion: any }>(
      `query($id: ID!) { controlListVersion(id: $id) { entries(first: 10) { edges { node { controlNumber mappings { status } } } } } }`,
      { id: v2.id },
    );
    const now = Object.fromEntries(fresh.controlListVersion.entries.edges.map((e: any) => [e.node.controlNumber, e.node.mappings.map((m: any) => m.status)]));
    expect(now['T-1']).toEqual(['PROPOSED']); // awaits review again
    expect(now['T-2']).toEqual(['ACCEPTED']); // carried forward
    const events = await t.ds.query(`SELECT action, after FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [v2.id]);
    expect(events.find((e: any) => e.action === 'CONTROL_LIST_VERSION.CREATED').after.copiedEntries).toBe(2);
    expect(events.find((e: any) => e.action === 'CONTROL_LIST_VERSION.PUBLISHED').after).toMatchObject({ carriedMappings: 1, staleMappings: 1 });
    // Every status change went through its machine, each with its audit event: the old
    // version SUPERSEDE, the stale mapping MARK_STALE (fired by the publication).
    const oldId = (await t.ds.query('SELECT version_id FROM control_entry WHERE id = $1', [entries['T-1']]))[0].version_id;
    expect(
      (await t.ds.query(`SELECT action, before, after FROM audit_event WHERE subject_id = $1 AND action = 'CONTROL_LIST_VERSION.SUPERSEDED'`, [oldId]))[0],
    ).toMatchObject({ before: { status: 'PUBLISHED' }, after: { status: 'SUPERSEDED', by: v2.id } });
    const [stale] = await t.ds.query(`SELECT em.id FROM entry_mapping em WHERE em.entry_id = $1 AND em.status = 'STALE'`, [entries['T-1']]);
    const marked = await t.ds.query(`SELECT actor_role, before, after FROM audit_event WHERE subject_id = $1 AND action = 'ENTRY_MAPPING.MARK_STALE'`, [
      stale.id,
    ]);
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ actor_role: 'REGULATOR', before: { status: 'ACCEPTED' }, after: { status: 'STALE', version: v2.id } });
  });

  it('listDiff shows what changed between the two versions, field by field', async () => {
    const versions: { id: string; label: string }[] = await t.ds.query(
      `SELECT v.id, v.label FROM control_list_version v JOIN control_list l ON l.id = v.list_id WHERE l.name = 'CH test list' AND v.label IN ('v1','v2')`,
    );
    const id = (label: string) => versions.find((v) => v.label === label)!.id;
    const { listDiff } = await t.ok<{ listDiff: any }>(LIST_DIFF_CONTROL_NUMBERS, { a: id('v1'), b: id('v2') });
    expect(listDiff.added).toEqual([]);
    expect(listDiff.removed).toEqual([]);
    expect(listDiff.modified).toEqual([
      {
        controlNumber: 'T-1',
        changes: [
          {
            field: 'parameters',
            from: [{ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' }],
            to: [{ name: 'total internal volume', comparator: 'GTE', value: 10, unit: 'L' }],
          },
        ],
      },
    ]);
  });
});

describe('import', () => {
  const IMPORT = `mutation($input: ImportControlListInput!) { importControlList(input: $input) {
    ok rows imported errors { line controlNumber field message } version { id status entries(first: 5) { totalCount edges { node { controlNumber parameters { name comparator value unit } hsCodes exclusions { kind } } } } } } }`;

  it('reports every bad row with its line and writes nothing', async () => {
    const before = await t.ds.query(
      'SELECT (SELECT count(*) FROM control_list_version)::int AS v, (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM audit_event)::int AS a',
    );
    const csv = [
      'controlNumber,title,text,tier,hsCodes,parameters',
      'KR-1,Fermenters,Fermenters of 20 L or more,STANDARD,8419.89,total internal volume|GTE|20|L',
      'KR-2,Separators,Centrifugal separators,PLATINUM,8421.19,',
      'KR-3,Dryers,Freeze dryers,STANDARD,84-19,',
    ].join('\n');
    const { importControlList: r } = await t.ok<{ importControlList: any }>(
      IMPORT,
      { input: { jurisdiction: 'KR', listName: 'KR import test', label: 'bad', format: 'CSV', content: csv } },
      'kr-regulator',
    );
    expect(r.ok).toBe(false);
    expect(r.version).toBeNull();
    expect(r.errors.map((e: any) => [e.line, e.controlNumber, e.field])).toEqual([
      [3, 'KR-2', 'tier'],
      [4, 'KR-3', 'hsCodes.0'],
    ]);
    const after = await t.ds.query(
      'SELECT (SELECT count(*) FROM control_list_version)::int AS v, (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM audit_event)::int AS a',
    );
    expect(after).toEqual(before);
  });

  it('imports a valid CSV into a new DRAFT version', async () => {
    const csv = [
      'controlNumber,title,text,tier,hsCodes,parameters,exclusions',
      'KR-1,Fermenters,Fermenters of 20 L or more,STANDARD,8419.89;8479.89,total internal volume|GTE|20|L,VACCINE: vaccines',
      'KR-2,Separators,"Centrifugal separators,',
      'continuous flow",DECLARATION,8421.19,flow rate|GT|100|L/h,',
    ].join('\r\n');
    const { importControlList: r } = await t.ok<{ importControlList: any }>(
      IMPORT,
      { input: { jurisdiction: 'KR', listName: 'KR import test', label: 'good', format: 'CSV', content: csv } },
      'kr-regulator',
    );
    expect(r).toMatchObject({ ok: true, rows: 2, imported: 2, errors: [] });
    expect(r.version.status).toBe('DRAFT');
    expect(r.version.entries.totalCount).toBe(2);
    expect(r.version.entries.edges[0].node).toEqual({
      controlNumber: 'KR-1',
      parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' }],
      hsCodes: ['8419.89', '8479.89'],
      exclusions: [{ kind: 'VACCINE' }],
    });
  });

  it('another jurisdiction may not import into KR', async () => {
    const r = await t.gql(IMPORT, { input: { jurisdiction: 'KR', listName: 'KR import test', label: 'x', format: 'JSON', content: '[]' } }, 'us-regulator');
    expect(r.data?.importControlList?.ok ?? false).toBe(false);
  });
});
