import { createDataSource } from '../../ormconfig';
import { loadSeeds } from '../../seeds/load';
import { ADMIN_URL_ENV, adminQuery, withDatabase } from '../support/db-server';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('seeded reference data', () => {
  it('the fermenter node is controlled by members with their real control numbers, adopted lists resolved', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(`{ harmonizedItem(code: "BIO.EQP.FERMENTER") {
      controls { jurisdiction { code } listJurisdiction { code } entry { controlNumber source parameters { name comparator value unit } } tier }
      unknownIn { code } divergences { kind jurisdictions } mostRestrictiveTier } }`);
    const numbers = Object.fromEntries(h.controls.map((c: any) => [c.jurisdiction.code, c.entry.controlNumber]));
    expect(Object.keys(numbers).length).toBeGreaterThanOrEqual(5);
    expect(numbers).toMatchObject({ EU: '2B352.b', DE: '2B352.b', FR: '2B352.b', NL: '2B352.b', US: '2B352.b', JP: '3の2(2)2' });
    expect(h.controls.find((c: any) => c.jurisdiction.code === 'DE').listJurisdiction.code).toBe('EU');
    for (const c of h.controls) {
      expect(c.entry.source).toBeTruthy(); // every seeded entry cites its source
      expect(c.entry.parameters).toContainEqual({ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' });
    }
    // Tiers are member policy: the seeds make the US and Japan stricter than the EU.
    expect(h.divergences.map((d: any) => d.kind)).toContain('TIER_DIFFERS');
    expect(h.mostRestrictiveTier).toBe('ENHANCED');
    // No confirmed UK, Canadian, Australian, Swiss or Korean fermenter entry is seeded: unknown, not "not controlled".
    expect(h.unknownIn.map((j: any) => j.code)).toEqual(expect.arrayContaining(['GB', 'CA', 'CH']));
  });

  it('a US-only control shows as unilateral', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(`{ harmonizedItem(code: "BIO.EQP.FLOW_CYTOMETER") { unilateral controls { jurisdiction { code } entry { controlNumber } tier } } }`);
    expect(h.unilateral).toBe(true);
    expect(h.controls.map((c: any) => [c.jurisdiction.code, c.entry.controlNumber])).toEqual([['US', '3A069.a']]);
  });

  it('two published versions of the AG equipment list differ truly: the fermenter threshold', async () => {
    const { controlLists } = await t.ok<{ controlLists: any[] }>(`{ controlLists(jurisdiction: "AG") { name versions { id label status } } }`);
    const list = controlLists.find((l) => l.versions.length === 2)!;
    const older = list.versions.find((v: any) => v.status === 'SUPERSEDED');
    const newer = list.versions.find((v: any) => v.status === 'PUBLISHED');
    const { listDiff } = await t.ok<{ listDiff: any }>(`query($a: ID!, $b: ID!) { listDiff(fromVersionId: $a, toVersionId: $b) {
      added { controlNumber } removed { controlNumber } modified { controlNumber changes { field from to } } } }`, { a: older.id, b: newer.id });
    const fermenter = listDiff.modified.find((m: any) => m.controlNumber === 'I.2');
    const params = fermenter.changes.find((c: any) => c.field === 'parameters');
    expect(params.from).toContainEqual(expect.objectContaining({ name: 'total internal volume', value: 100 }));
    expect(params.to).toContainEqual(expect.objectContaining({ name: 'total internal volume', value: 20 }));
  });

  it('the taxonomy has at least 30 nodes and every seeded entry is mapped', async () => {
    const [{ nodes }] = await t.ds.query('SELECT count(*)::int AS nodes FROM taxonomy_node');
    expect(nodes).toBeGreaterThanOrEqual(30);
    const unmapped = await t.ds.query(`SELECT e.control_number FROM control_entry e WHERE NOT EXISTS (SELECT 1 FROM entry_mapping m WHERE m.entry_id = e.id)`);
    expect(unmapped).toEqual([]);
  });

  it('full-text search ranks an exact control number first', async () => {
    const r = await t.ok<{ controlEntries: any }>(`{ controlEntries(filter: { text: "2B352" }, first: 20) { edges { node { controlNumber jurisdiction { code } } } } }`);
    const numbers = r.controlEntries.edges.map((e: any) => e.node.controlNumber);
    expect(numbers[0]).toBe('2B352');
    expect(numbers.filter((n: string) => n.startsWith('2B352.')).length).toBeGreaterThan(0);
    const words = await t.ok<{ controlEntries: any }>(`{ controlEntries(filter: { text: "fermenters" }) { totalCount edges { node { controlNumber } } } }`);
    expect(words.controlEntries.totalCount).toBeGreaterThan(0);
  });

  it('a first load reports what it inserted', async () => {
    const name = `${t.databaseName}_fresh`;
    await adminQuery(process.env[ADMIN_URL_ENV]!, `CREATE DATABASE "${name}"`);
    const ds = createDataSource(withDatabase(process.env[ADMIN_URL_ENV]!, name));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      const counts = await loadSeeds(ds, { clock: t.clock });
      expect(counts.jurisdictions).toBe(14);
      expect(counts.taxonomy).toBeGreaterThanOrEqual(30);
      expect(counts['control lists']).toBeGreaterThanOrEqual(10);
    } finally {
      await ds.destroy();
      await adminQuery(process.env[ADMIN_URL_ENV]!, `DROP DATABASE "${name}" WITH (FORCE)`);
    }
  });

  it('seeding again changes nothing', async () => {
    const before = await t.ds.query('SELECT (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM entry_mapping)::int AS m, (SELECT count(*) FROM audit_event)::int AS a');
    const counts = await loadSeeds(t.ds, { clock: t.clock });
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const after = await t.ds.query('SELECT (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM entry_mapping)::int AS m, (SELECT count(*) FROM audit_event)::int AS a');
    expect(after).toEqual(before);
  });
});

describe('example workflow cases', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadExampleWorkflows } = require('../../seeds/workflows') as typeof import('../../seeds/workflows');

  it('show every workflow in several states, and load once', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(await loadExampleWorkflows(t.ds, t.config, now)).toBe(true);
    const count = async (sql: string) => (await t.ds.query(sql)).map((r: any) => Object.values(r).join(':')).sort();
    // The overturned decline stays DECLINED until the ruling's appeal window closes (the sweep applies it).
    expect(await count(`SELECT status FROM recognition_request`)).toEqual(['CLOCK_STOPPED', 'DECLINED', 'PARTIALLY_RECOGNIZED']);
    expect(await count(`SELECT outcome, final, effect_applied_at IS NULL FROM dispute_ruling`)).toEqual(['OVERTURN:false:true']);
    expect(await count(`SELECT status FROM dispute_case`)).toEqual(['CONSULTATION', 'RULING_ISSUED']);
    expect(await count(`SELECT status FROM fast_track_application`)).toEqual(['APPROVED', 'APPROVED', 'REFUSED', 'SUBMITTED']);
    expect(await count(`SELECT status FROM provisional_authorization`)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(await count(`SELECT kind FROM register_entry`)).toEqual(expect.arrayContaining(['DISPUTE_RULING', 'EMERGENCY_DECLARATION', 'PROVISIONAL_AUTHORIZATION', 'RECOGNITION_OUTCOME']));
    const { auditChainStatus } = await t.ok<{ auditChainStatus: any }>('{ auditChainStatus { valid } }', {}, 'analyst');
    expect(auditChainStatus.valid).toBe(true);
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    expect(await loadExampleWorkflows(t.ds, t.config, now)).toBe(false);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(before);
  });
});
