import { createDataSource } from '../../ormconfig';
import { loadSeeds } from '../../seeds/load';
import { loadExampleWorkflows } from '../../seeds/workflows';
import { ADMIN_URL_ENV, adminQuery, withDatabase } from '../support/db-server';
import {
  AUDIT_CHAIN_STATUS,
  LIST_DIFF_CONTROL_NUMBERS,
  PUBLISH_CONTROL_LIST_VERSION_STATUS,
  REVIEW_MAPPING,
  UPSERT_CONTROL_ENTRIES,
} from '../support/operations';
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
    // Switzerland and Australia from their own texts (a stored copy of the GCO annex; the Defence page on 2B352), each threshold on its node.
    expect(numbers).toMatchObject({ CH: '2B352.b', AU: '2B352' });
    // No UK, Canadian or Korean 2B352 text was read: unknown, not "not controlled".
    expect(h.unknownIn.map((j: any) => j.code).sort()).toEqual(['CA', 'GB', 'KR']);
  });

  it('a US-only control among members whose lists are not mapped there is the only known control, not unilateral', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(
      `{ harmonizedItem(code: "BIO.EQP.FLOW_CYTOMETER") { unilateral unknownIn { code } divergences { kind jurisdictions } controls { jurisdiction { code } entry { controlNumber } tier } } }`,
    );
    expect(h.unknownIn.length).toBeGreaterThan(0);
    expect(h.unilateral).toBe(false);
    expect(h.divergences.find((d: any) => d.kind === 'ONLY_KNOWN_CONTROLLER')).toMatchObject({ jurisdictions: ['US'] });
    expect(h.controls.map((c: any) => [c.jurisdiction.code, c.entry.controlNumber])).toEqual([['US', '3A069.a']]);
  });

  it('two published versions of the AG equipment list differ truly: the fermenter threshold', async () => {
    const { controlLists } = await t.ok<{ controlLists: any[] }>(`{ controlLists(jurisdiction: "AG") { name versions { id label status } } }`);
    const list = controlLists.find((l) => l.versions.length === 2)!;
    const older = list.versions.find((v: any) => v.status === 'SUPERSEDED');
    const newer = list.versions.find((v: any) => v.status === 'PUBLISHED');
    const { listDiff } = await t.ok<{ listDiff: any }>(LIST_DIFF_CONTROL_NUMBERS, { a: older.id, b: newer.id });
    const fermenter = listDiff.modified.find((m: any) => m.controlNumber === 'I.2');
    const params = fermenter.changes.find((c: any) => c.field === 'parameters');
    expect(params.from).toContainEqual(expect.objectContaining({ name: 'total internal volume', value: 100 }));
    expect(params.to).toContainEqual(expect.objectContaining({ name: 'total internal volume', value: 20 }));
  });

  it('tells no divergence the data does not support, on every seeded node', async () => {
    const nodes: { code: string }[] = await t.ds.query('SELECT code FROM taxonomy_node ORDER BY code');
    const Q = `query($code: String!) { harmonizedItem(code: $code) {
      unknownIn { code } members { jurisdiction { code } status }
      controls { jurisdiction { code } tier tierIllustrative exclusionsRecorded entry { controlNumber } }
      divergences { kind jurisdictions basis } } }`;
    let tierDivergences = 0;
    for (const { code } of nodes) {
      const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(Q, { code });
      for (const d of h.divergences) {
        // No UNILATERAL while another member is UNKNOWN.
        if (d.kind === 'UNILATERAL') expect({ code, unknown: h.unknownIn }).toEqual({ code, unknown: [] });
        // No EXCLUSION_DIFFERS against an entry whose exclusions were not recorded.
        if (d.kind === 'EXCLUSION_DIFFERS') {
          for (const c of h.controls.filter((x: any) => d.jurisdictions.includes(x.jurisdiction.code)))
            expect({ code, c: c.entry.controlNumber, recorded: c.exclusionsRecorded }).toMatchObject({ recorded: true });
        }
        // Every tier divergence on illustrative tiers says so.
        if (d.kind === 'TIER_DIFFERS') {
          tierDivergences += 1;
          if (h.controls.some((c: any) => c.tierIllustrative && d.jurisdictions.includes(c.jurisdiction.code)))
            expect({ code, basis: d.basis }).toEqual({ code, basis: 'ILLUSTRATIVE' });
        }
      }
    }
    expect(tierDivergences).toBeGreaterThan(0);
  });

  it('summarises group nodes from their children instead of UNKNOWN in every column', async () => {
    for (const code of ['BIO', 'BIO.AGT']) {
      const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(
        `query($code: String!) { harmonizedItem(code: $code) { members { jurisdiction { code } status viaChildren } } }`,
        { code },
      );
      const us = h.members.find((m: any) => m.jurisdiction.code === 'US');
      expect(us.status).toBe('CONTROLLED');
      expect(us.viaChildren.length).toBeGreaterThan(0);
      expect(h.members.filter((m: any) => m.status === 'UNKNOWN').length).toBeLessThan(h.members.length);
    }
  });

  it('shows the US paragraph 2B352.j on nucleic-acid synthesizers, and peptide synthesizers as only known to the US', async () => {
    const { harmonizedItem: na } = await t.ok<{ harmonizedItem: any }>(
      `{ harmonizedItem(code: "BIO.EQP.NA_SYNTH") { controls { jurisdiction { code } entry { controlNumber } relation } } }`,
    );
    expect(na.controls.find((c: any) => c.jurisdiction.code === 'US')).toMatchObject({ entry: { controlNumber: '2B352.j' }, relation: 'EXACT' });
    expect(na.controls.find((c: any) => c.jurisdiction.code === 'EU')).toMatchObject({ entry: { controlNumber: '2B352.i' } });
    const { harmonizedItem: pep } = await t.ok<{ harmonizedItem: any }>(
      `{ harmonizedItem(code: "BIO.EQP.PEPTIDE_SYNTH") { unilateral divergences { kind jurisdictions } } }`,
    );
    expect(pep.unilateral).toBe(false);
    expect(pep.divergences.map((d: any) => d.kind)).toEqual(['ONLY_KNOWN_CONTROLLER']);
  });

  it("scopes exclusions to the nodes they concern: Japan's vaccine exclusion is not on plant pathogens", async () => {
    const Q = `query($code: String!) { harmonizedItem(code: $code) { controls { jurisdiction { code } exclusions { kind } } } }`;
    const jp = async (code: string) =>
      (await t.ok<{ harmonizedItem: any }>(Q, { code })).harmonizedItem.controls.find((c: any) => c.jurisdiction.code === 'JP');
    expect((await jp('BIO.AGT.PLANT')).exclusions).toEqual([]);
    expect((await jp('BIO.AGT.VIRUS')).exclusions).toEqual([{ kind: 'VACCINE' }]);
  });

  it('keeps history truthful: no pre-2004 version cites a 2004 text; the pre-2023 EU text is closed', async () => {
    const cited = await t.ds.query(`SELECT v.label, e.control_number FROM control_list_version v JOIN control_entry e ON e.version_id = v.id
      WHERE v.effective_to <= '2004-01-01' AND (e.text || ' ' || coalesce(e.source, '') || ' ' || coalesce(e.notes, '') || ' ' || v.source) ~ '2004'`);
    expect(cited).toEqual([]);
    const { controlLists } = await t.ok<{ controlLists: any[] }>(
      `{ controlLists(jurisdiction: "EU") { versions { label status effectiveFrom effectiveTo } } }`,
    );
    const versions = controlLists.flatMap((l) => l.versions);
    expect(versions.find((v: any) => v.label.includes('pre-2023'))).toMatchObject({ status: 'SUPERSEDED', effectiveTo: '2023-05-26' });
    // Marine toxins: controlled in the EU since Delegated Regulation (EU) 2023/996, not before.
    const Q = `query($asOf: Date) { harmonizedItem(code: "BIO.AGT.TOXIN.MARINE", asOf: $asOf) { members { jurisdiction { code } status } } }`;
    const eu = async (asOf?: string) =>
      (await t.ok<{ harmonizedItem: any }>(Q, { asOf })).harmonizedItem.members.find((m: any) => m.jurisdiction.code === 'EU').status;
    expect(await eu()).toBe('CONTROLLED');
    expect(await eu('2022-06-01')).toBe('UNKNOWN');
  });

  it('a seeded list amended ahead of its entry into force: SCHEDULED, today unchanged, tomorrow shown', async () => {
    const Q = `query($asOf: Date) { harmonizedItem(code: "BIO.EQP.FERMENTER", asOf: $asOf) { controls { jurisdiction { code } tier entry { controlNumber } } } }`;
    const today = await t.ok<{ harmonizedItem: any }>(Q, {});
    const [{ id: listId }] = await t.ds.query(`SELECT id FROM control_list WHERE jurisdiction_code = 'US'`);
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const { createControlListVersion: v } = await t.ok<any>(
      `mutation($input: CreateControlListVersionInput!) { createControlListVersion(input: $input) { id } }`,
      { input: { listId, label: 'test amendment', effectiveFrom: tomorrow, copyFromCurrent: true } },
      'us-regulator',
    );
    const [{ to_jsonb: b }] = await t.ds.query(`SELECT to_jsonb(e) FROM control_entry e WHERE version_id = $1 AND control_number = '2B352.b'`, [v.id]);
    await t.ok(
      UPSERT_CONTROL_ENTRIES,
      {
        v: v.id,
        e: [
          {
            controlNumber: '2B352.b',
            parentNumber: '2B352',
            title: b.title,
            text: b.text,
            tier: 'DECLARATION',
            tierIllustrative: true,
            parameters: b.parameters,
          },
        ],
      },
      'us-regulator',
    );
    const { publishControlListVersion: pub } = await t.ok<any>(PUBLISH_CONTROL_LIST_VERSION_STATUS, { id: v.id }, 'us-regulator');
    expect(pub.status).toBe('SCHEDULED');
    const [{ id: proposed }] = await t.ds.query(
      `SELECT m.id FROM entry_mapping m JOIN control_entry e ON e.id = m.entry_id WHERE e.version_id = $1 AND m.status = 'PROPOSED' AND m.taxonomy_code = 'BIO.EQP.FERMENTER'`,
      [v.id],
    );
    await t.ok(REVIEW_MAPPING, { id: proposed }, 'secretariat');
    expect(await t.ok(Q, {})).toEqual(today);
    const later = await t.ok<{ harmonizedItem: any }>(Q, { asOf: tomorrow });
    expect(later.harmonizedItem.controls.find((c: any) => c.jurisdiction.code === 'US')).toMatchObject({
      tier: 'DECLARATION',
      entry: { controlNumber: '2B352.b' },
    });
  });

  it('the taxonomy has at least 30 nodes and every seeded entry is mapped', async () => {
    const [{ nodes }] = await t.ds.query('SELECT count(*)::int AS nodes FROM taxonomy_node');
    expect(nodes).toBeGreaterThanOrEqual(30);
    const unmapped = await t.ds.query(`SELECT e.control_number FROM control_entry e WHERE NOT EXISTS (SELECT 1 FROM entry_mapping m WHERE m.entry_id = e.id)`);
    expect(unmapped).toEqual([]);
  });

  it('full-text search ranks an exact control number first', async () => {
    const r = await t.ok<{ controlEntries: any }>(
      `{ controlEntries(filter: { text: "2B352" }, first: 20) { edges { node { controlNumber jurisdiction { code } } } } }`,
    );
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

  it('a database seeded before the EU correction gets the pre-2023 text closed and the amended text added', async () => {
    const name = `${t.databaseName}_old`;
    await adminQuery(process.env[ADMIN_URL_ENV]!, `CREATE DATABASE "${name}"`);
    const ds = createDataSource(withDatabase(process.env[ADMIN_URL_ENV]!, name));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      await loadSeeds(ds, { clock: t.clock });
      // The state an older seed left: the pre-2023 text PUBLISHED and open, no amended version.
      await ds.query(`DELETE FROM control_list_version WHERE label LIKE '%2023/996%'`);
      await ds.query(`UPDATE control_list_version SET status = 'PUBLISHED', effective_to = NULL WHERE label LIKE '%pre-2023%'`);
      await loadSeeds(ds, { clock: t.clock });
      const rows = await ds.query(
        `SELECT v.label, v.status, v.effective_to::text AS effective_to FROM control_list_version v JOIN control_list l ON l.id = v.list_id WHERE l.jurisdiction_code = 'EU' ORDER BY v.effective_from`,
      );
      expect(rows).toEqual([
        { label: expect.stringContaining('pre-2023'), status: 'SUPERSEDED', effective_to: '2023-05-26' },
        { label: expect.stringContaining('2023/996'), status: 'PUBLISHED', effective_to: null },
      ]);
    } finally {
      await ds.destroy();
      await adminQuery(process.env[ADMIN_URL_ENV]!, `DROP DATABASE "${name}" WITH (FORCE)`);
    }
  });

  it('seeding again changes nothing', async () => {
    const before = await t.ds.query(
      'SELECT (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM entry_mapping)::int AS m, (SELECT count(*) FROM audit_event)::int AS a',
    );
    const counts = await loadSeeds(t.ds, { clock: t.clock });
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const after = await t.ds.query(
      'SELECT (SELECT count(*) FROM control_entry)::int AS e, (SELECT count(*) FROM entry_mapping)::int AS m, (SELECT count(*) FROM audit_event)::int AS a',
    );
    expect(after).toEqual(before);
  });
});

describe('example workflow cases', () => {
  it('show every workflow in several states, and load once', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(await loadExampleWorkflows(t.ds, t.config, now)).toBe(true);
    const count = async (sql: string) => (await t.ds.query(sql)).map((r: any) => Object.values(r).join(':')).sort();
    // The overturned decline stays DECLINED until the ruling's appeal window closes (the sweep applies it).
    expect(await count(`SELECT status FROM recognition_request`)).toEqual(['CLOCK_STOPPED', 'DECLINED', 'PARTIALLY_RECOGNIZED']);
    expect(await count(`SELECT outcome, final, effect_applied_at IS NULL FROM dispute_ruling`)).toEqual(['OVERTURN:false:true']);
    expect(await count(`SELECT status FROM dispute_case`)).toEqual(['CONSULTATION', 'RULING_ISSUED']);
    expect(await count(`SELECT status FROM fast_track_application`)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'REFUSED', 'SUBMITTED']);
    // an effect and a recorded implementation; a confirmed authorization still
    // monitored, with shipments against its quantity and an extension; amended conditions; an
    // escalated application; an ended emergency's authorization winding down.
    expect(await count(`SELECT status FROM provisional_authorization`)).toEqual(['ACTIVE', 'ACTIVE', 'CONFIRMED']);
    expect(await count(`SELECT effect FROM recognition_request WHERE effect_valid_until IS NOT NULL`)).toEqual(['REEXPORT_AUTHORISATION_WAIVED']);
    expect(await count(`SELECT jurisdiction_code, act_reference IS NOT NULL FROM recognition_implementation`)).toEqual(['GB:true', 'US:false']);
    expect(await count(`SELECT shipped_quantity, authorized_quantity, closed_at IS NULL FROM provisional_authorization WHERE status = 'CONFIRMED'`)).toEqual([
      '8:12:true',
    ]);
    expect(
      await count(
        `SELECT action FROM audit_event WHERE action IN ('PROVISIONAL_AUTHORIZATION.EXTEND', 'PROVISIONAL_AUTHORIZATION.AMEND_CONDITIONS', 'FAST_TRACK.ESCALATED', 'PROVISIONAL_AUTHORIZATION.WIND_DOWN')`,
      ),
    ).toEqual([
      'FAST_TRACK.ESCALATED',
      'PROVISIONAL_AUTHORIZATION.AMEND_CONDITIONS',
      'PROVISIONAL_AUTHORIZATION.EXTEND',
      'PROVISIONAL_AUTHORIZATION.WIND_DOWN',
    ]);
    expect(await count(`SELECT wind_down_until > '2026-06-01' FROM provisional_authorization WHERE wind_down_until IS NOT NULL`)).toEqual(['true']);
    expect(await count(`SELECT kind FROM register_entry`)).toEqual(
      expect.arrayContaining(['DISPUTE_RULING', 'EMERGENCY_DECLARATION', 'PROVISIONAL_AUTHORIZATION', 'RECOGNITION_OUTCOME']),
    );
    const { auditChainStatus } = await t.ok<{ auditChainStatus: any }>(AUDIT_CHAIN_STATUS, {}, 'analyst');
    expect(auditChainStatus.valid).toBe(true);
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    expect(await loadExampleWorkflows(t.ds, t.config, now)).toBe(false);
    expect((await t.ds.query('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(before);
  });
});
