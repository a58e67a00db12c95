import { createNodes, createPublishedList } from '../support/factories';
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const vol = (value: number) => [{ name: 'total internal volume', comparator: 'GTE', value, unit: 'L' }];

beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [
    { code: 'HT', label: 'Harmonization test items' },
    { code: 'HT.A', parentCode: 'HT', label: 'Test fermenters' },
    { code: 'HT.B', parentCode: 'HT', label: 'Test cytometers' },
    { code: 'HT.C', parentCode: 'HT', label: 'Controlled by nobody' },
    ...Array.from({ length: 120 }, (_, i) => ({ code: `HT.N${String(i).padStart(3, '0')}`, parentCode: 'HT' })),
  ]);
  // EU (applied by DE, FR, NL): STANDARD, ≥ 20 L, vaccines excluded.
  await createPublishedList(
    t.ds,
    'EU',
    'HT EU',
    ['HT'],
    [
      {
        controlNumber: 'HT-2B352.b',
        tier: 'STANDARD',
        parameters: vol(20),
        exclusions: [{ kind: 'VACCINE', description: 'vaccines' }],
        hsCodes: ['8419.89'],
        maps: { 'HT.A': 'EXACT' },
      },
    ],
  );
  // US: ENHANCED (an illustrative tier), ≥ 20 L, no exclusions (recorded as none); alone on HT.B.
  await createPublishedList(
    t.ds,
    'US',
    'HT US',
    ['HT'],
    [
      { controlNumber: 'HT-US-A', tier: 'ENHANCED', tierIllustrative: true, parameters: vol(20), exclusionsRecorded: true, maps: { 'HT.A': 'EXACT' } },
      { controlNumber: 'HT-3A069', tier: 'ENHANCED', maps: { 'HT.B': 'EXACT' } },
      ...Array.from({ length: 120 }, (_, i) => ({
        controlNumber: `HT-US-N${i}`,
        tier: 'STANDARD' as const,
        maps: { [`HT.N${String(i).padStart(3, '0')}`]: 'EXACT' },
      })),
    ],
  );
  // JP: STANDARD, but from 100 L; its exclusions were not recorded.
  await createPublishedList(
    t.ds,
    'JP',
    'HT JP',
    ['HT'],
    [{ controlNumber: 'HT-JP-2(11)', tier: 'STANDARD', parameters: vol(100), maps: { 'HT.A': 'NARROWER' } }],
  );
  // CA: mapped for HT, controls none of it. GB: a list, but not mapped for HT.
  await createPublishedList(t.ds, 'CA', 'HT CA', ['HT'], [{ controlNumber: 'HT-CA-X', tier: 'STANDARD' }]);
  await createPublishedList(t.ds, 'GB', 'HT GB', [], [{ controlNumber: 'HT-GB-X', tier: 'STANDARD' }]);
});
afterAll(() => t.close());

const ITEM = `query($code: String!, $c: ID) { harmonizedItem(code: $code, consortiumId: $c) {
  node { code } mostRestrictiveTier unilateral
  controls { jurisdiction { code } listJurisdiction { code } entry { controlNumber } relation tier parameters { name comparator value unit } }
  members { jurisdiction { code } status tier }
  uncontrolledIn { code } unknownIn { code }
  divergences { kind jurisdictions detail basis } } }`;

describe('harmonizedItem', () => {
  it("shows each member's controls, resolving adopted lists, with divergences", async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(ITEM, { code: 'HT.A', c: consortiumId });
    const controls = Object.fromEntries(h.controls.map((c: any) => [c.jurisdiction.code, c]));
    expect(Object.keys(controls).sort()).toEqual(['DE', 'EU', 'FR', 'JP', 'NL', 'US']);
    expect(controls.DE).toMatchObject({ listJurisdiction: { code: 'EU' }, entry: { controlNumber: 'HT-2B352.b' }, tier: 'STANDARD' });
    expect(controls.JP).toMatchObject({ relation: 'NARROWER', parameters: vol(100) });
    expect(h.mostRestrictiveTier).toBe('ENHANCED');
    expect(h.unilateral).toBe(false);
    expect(h.uncontrolledIn.map((j: any) => j.code)).toEqual(['CA']);
    // GB's list is not mapped for HT; AU, CH, KR hold no list covering it: unknown, never "not controlled".
    expect(h.unknownIn.map((j: any) => j.code).sort()).toEqual(['AU', 'CH', 'GB', 'KR']);
    const kinds = Object.fromEntries(h.divergences.map((d: any) => [d.kind, d]));
    expect(Object.keys(kinds).sort()).toEqual(['EXCLUSION_DIFFERS', 'NOT_CONTROLLED', 'THRESHOLD_DIFFERS', 'TIER_DIFFERS']);
    expect(kinds.NOT_CONTROLLED.jurisdictions).toEqual(['CA']);
    expect(kinds.TIER_DIFFERS.detail).toContain('ENHANCED (US)');
    expect(kinds.TIER_DIFFERS.basis).toBe('ILLUSTRATIVE'); // the US tier is illustrative
    expect(kinds.NOT_CONTROLLED.basis).toBe('RECORDED');
    expect(kinds.THRESHOLD_DIFFERS.detail).toContain('≥ 100 L (JP)');
    expect(kinds.THRESHOLD_DIFFERS.jurisdictions.sort()).toEqual(['DE', 'EU', 'FR', 'JP', 'NL', 'US']);
    expect(kinds.EXCLUSION_DIFFERS.detail).toContain('VACCINE');
    // JP recorded no exclusions: it is left out of the comparison, not read as "no exclusions".
    expect(kinds.EXCLUSION_DIFFERS.jurisdictions.sort()).toEqual(['DE', 'EU', 'FR', 'NL', 'US']);
    expect(kinds.EXCLUSION_DIFFERS.detail).toContain('exclusions not recorded for JP');
  });

  it('calls a control held by one member alone, among members whose lists are unmapped, ONLY_KNOWN_CONTROLLER — not unilateral', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(ITEM, { code: 'HT.B', c: consortiumId });
    expect(h.unilateral).toBe(false);
    expect(h.divergences.map((d: any) => d.kind)).not.toContain('UNILATERAL');
    expect(h.divergences.find((d: any) => d.kind === 'ONLY_KNOWN_CONTROLLER')).toMatchObject({ jurisdictions: ['US'] });
    expect(h.uncontrolledIn.map((j: any) => j.code).sort()).toEqual(['CA', 'DE', 'EU', 'FR', 'JP', 'NL']);
    expect(h.unknownIn.map((j: any) => j.code).sort()).toEqual(['AU', 'CH', 'GB', 'KR']);
  });

  it('summarises a group node from its children instead of UNKNOWN', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(
      `query($c: ID) { harmonizedItem(code: "HT", consortiumId: $c) {
      members { jurisdiction { code } status viaChildren } controls { jurisdiction { code } taxonomyCode entry { controlNumber } } divergences { kind } } }`,
      { c: consortiumId },
    );
    const m = Object.fromEntries(h.members.map((x: any) => [x.jurisdiction.code, x]));
    expect(m.EU).toMatchObject({ status: 'CONTROLLED', viaChildren: ['HT.A'] });
    expect(m.DE).toMatchObject({ status: 'CONTROLLED', viaChildren: ['HT.A'] });
    expect(m.US.viaChildren).toEqual(expect.arrayContaining(['HT.A', 'HT.B', 'HT.N000']));
    expect(m.CA.status).toBe('NOT_CONTROLLED');
    expect(m.GB.status).toBe('UNKNOWN');
    expect(m.JP).toMatchObject({ status: 'CONTROLLED', viaChildren: ['HT.A'] });
    expect(h.controls).toEqual([]); // a summary names the children; their controls are on the children's own items
    expect(h.divergences.map((d: any) => d.kind)).toEqual(['NOT_CONTROLLED']); // thresholds of different children are not compared
  });

  it('shows no divergence where nobody controls the item', async () => {
    const { harmonizedItem: h } = await t.ok<{ harmonizedItem: any }>(ITEM, { code: 'HT.C', c: consortiumId });
    expect(h.controls).toEqual([]);
    expect(h.divergences).toEqual([]);
    expect(h.mostRestrictiveTier).toBeNull();
  });

  it("reads its entries' long columns only when they are selected, and then answers them as stored", async () => {
    const LEAN = `query($c: ID) { harmonizedItem(code: "HT.A", consortiumId: $c) { controls { entry { id controlNumber title tier parameters { value } } } } }`;
    // The long columns through an alias and a fragment: still read.
    const WHOLE = `query($c: ID) { harmonizedItem(code: "HT.A", consortiumId: $c) { controls { e: entry { id ...Long } } } }
      fragment Long on ControlEntry { text notes source hsCodes regimeReferences parentNumber }`;
    const logged = jest.spyOn(t.ds.logger, 'logQuery');
    const lean = await t.gqlCounted<{ harmonizedItem: any }>(LEAN, { c: consortiumId });
    const leanSql = logged.mock.calls.map((c) => c[0]).join('\n');
    logged.mockClear();
    const whole = await t.gqlCounted<{ harmonizedItem: any }>(WHOLE, { c: consortiumId });
    const wholeSql = logged.mock.calls.map((c) => c[0]).join('\n');
    logged.mockRestore();
    expect([lean.sql.statements, whole.sql.statements]).toEqual([1, 1]);
    expect(leanSql).toContain('NULL::text AS text');
    expect(leanSql).not.toContain('e.text');
    expect(wholeSql).toContain('e.text');
    const entries = whole.result.data!.harmonizedItem.controls.map((c: any) => c.e);
    expect(entries.length).toBeGreaterThan(0);
    const rows: any[] = await t.ds.query(
      'SELECT id, text, notes, source, hs_codes, regime_references, parent_number FROM control_entry WHERE id = ANY($1::uuid[])',
      [entries.map((e: any) => e.id)],
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const e of entries) {
      const r = stored.get(e.id);
      expect(e).toEqual({
        id: r.id,
        text: r.text,
        notes: r.notes,
        source: r.source,
        hsCodes: r.hs_codes,
        regimeReferences: r.regime_references,
        parentNumber: r.parent_number,
      });
    }
    expect(entries.find((e: any) => e.hsCodes.includes('8419.89'))?.text).toBe('Controls item HT-2B352.b');
    expect(lean.result.data!.harmonizedItem.controls.map((c: any) => c.entry.id).sort()).toEqual(entries.map((e: any) => e.id).sort());
  });

  it('is null for an unknown node and NOT_FOUND for an unknown consortium', async () => {
    expect((await t.ok(ITEM, { code: 'HT.ZZZ', c: consortiumId })).harmonizedItem).toBeNull();
    expect(errorCode(await t.gql(ITEM, { code: 'HT.A', c: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });
});

const CONCORDANCE = `query($c: ID!, $first: Int, $after: String) { concordance(consortiumId: $c, taxonomyPrefix: "HT", first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { node { code } cells { jurisdiction { code } status controlled tier entries { controlNumber } } } } } }`;

describe('concordance', () => {
  it('gives one cell per member, paged over nodes', async () => {
    const { concordance } = await t.ok<{ concordance: any }>(CONCORDANCE, { c: consortiumId, first: 3 });
    expect(concordance.totalCount).toBe(124);
    expect(concordance.edges.map((e: any) => e.node.node.code)).toEqual(['HT', 'HT.A', 'HT.B']);
    const a = Object.fromEntries(concordance.edges[1].node.cells.map((c: any) => [c.jurisdiction.code, c]));
    expect(Object.keys(a)).toHaveLength(11);
    expect(a.US).toMatchObject({ status: 'CONTROLLED', controlled: true, tier: 'ENHANCED', entries: [{ controlNumber: 'HT-US-A' }] });
    expect(a.CA).toMatchObject({ status: 'NOT_CONTROLLED', controlled: false, tier: null });
    expect(a.GB).toMatchObject({ status: 'UNKNOWN', controlled: null });
    const next = await t.ok<{ concordance: any }>(CONCORDANCE, { c: consortiumId, first: 2, after: concordance.pageInfo.endCursor });
    expect(next.concordance.edges.map((e: any) => e.node.node.code)).toEqual(['HT.C', 'HT.N000']);
  });

  it('agrees with harmonizedItem node by node: statuses, tiers and the entries of each cell', async () => {
    const PAGE = `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "HT", first: 12) { edges { node { node { code }
      cells { jurisdiction { code } status tier entries { id controlNumber title tier tierIllustrative } } } } } }`;
    const AS_ITEM = `query($code: String!, $c: ID) { harmonizedItem(code: $code, consortiumId: $c) {
      members { jurisdiction { code } status tier } controls { jurisdiction { code } entry { id controlNumber title tier tierIllustrative } } } }`;
    const { concordance } = await t.ok<{ concordance: any }>(PAGE, { c: consortiumId });
    let withEntries = 0;
    for (const { node: row } of concordance.edges) {
      const { harmonizedItem: item } = await t.ok<{ harmonizedItem: any }>(AS_ITEM, { code: row.node.code, c: consortiumId });
      const members = Object.fromEntries(item.members.map((m: any) => [m.jurisdiction.code, { status: m.status, tier: m.tier }]));
      const entriesOf = (code: string) => {
        const byId = new Map<string, unknown>();
        for (const c of item.controls) if (c.jurisdiction.code === code) byId.set(c.entry.id, c.entry);
        return [...byId.values()].sort((a: any, b: any) => a.id.localeCompare(b.id));
      };
      for (const cell of row.cells) {
        expect({ status: cell.status, tier: cell.tier }).toEqual(members[cell.jurisdiction.code]);
        expect([...cell.entries].sort((a: any, b: any) => a.id.localeCompare(b.id))).toEqual(entriesOf(cell.jurisdiction.code));
        withEntries += cell.entries.length ? 1 : 0;
      }
    }
    expect(withEntries).toBeGreaterThan(3);
  });

  it("shows members applying another's list as adopters, and who actually licenses", async () => {
    const Q = `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "HT.A") { edges { node { cells {
      jurisdiction { code } status adopts { code } adoptedBy { code } licensedBy { code } listJurisdictions { code } } } } } }`;
    const { concordance } = await t.ok<{ concordance: any }>(Q, { c: consortiumId });
    const cells = Object.fromEntries(concordance.edges[0].node.cells.map((c: any) => [c.jurisdiction.code, c]));
    expect(cells.DE).toMatchObject({ status: 'CONTROLLED', adopts: { code: 'EU' }, listJurisdictions: [{ code: 'EU' }], licensedBy: [{ code: 'DE' }] });
    expect(cells.EU).toMatchObject({
      adopts: null,
      adoptedBy: [{ code: 'DE' }, { code: 'FR' }, { code: 'NL' }],
      licensedBy: [{ code: 'DE' }, { code: 'FR' }, { code: 'NL' }],
    });
    expect(cells.US).toMatchObject({ adopts: null, adoptedBy: [], licensedBy: [{ code: 'US' }], listJurisdictions: [{ code: 'US' }] });
  });

  it('runs the same number of SQL statements for 10 rows as for 100', async () => {
    const small = await t.gqlCounted(CONCORDANCE, { c: consortiumId, first: 10 });
    const large = await t.gqlCounted(CONCORDANCE, { c: consortiumId, first: 100 });
    expect(small.result.errors).toBeUndefined();
    expect((large.result.data as any).concordance.edges).toHaveLength(100);
    expect(large.sql.statements).toBe(small.sql.statements);
    expect(large.sql.statements).toBeLessThanOrEqual(8);
  });

  it('exports the matrix as CSV over HTTP', async () => {
    const base = await t.listen();
    const res = await fetch(`${base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=HT`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('code,label,most restrictive tier,AU,CA,CH,DE,EU,FR,GB,JP,KR,NL,US');
    expect(lines).toHaveLength(125);
    expect(lines.find((l) => l.startsWith('HT.A,'))).toBe(
      'HT.A,Test fermenters,ENHANCED,unknown,not controlled,unknown,STANDARD: HT-2B352.b (applies EU list),STANDARD: HT-2B352.b,STANDARD: HT-2B352.b (applies EU list),unknown,STANDARD: HT-JP-2(11),unknown,STANDARD: HT-2B352.b (applies EU list),ENHANCED: HT-US-A',
    );
    expect((await fetch(`${base}/export/concordance.csv`)).status).toBe(400);
    expect((await fetch(`${base}/export/concordance.csv?consortiumId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe('gapAnalysis', () => {
  const GAP = `query($from: String!, $to: String!) { gapAnalysis(from: $from, to: $to) {
    from { code } to { code } controlledOnlyInFrom { code } controlledOnlyInTo { code } unknownInTo { code }
    tierDifferences { node { code } fromTier toTier } thresholdDifferences { node { code } parameter fromValue toValue } } }`;

  it('finds what one side controls alone, and tier and threshold differences', async () => {
    const us = (await t.ok<{ gapAnalysis: any }>(GAP, { from: 'US', to: 'CA' })).gapAnalysis;
    expect(us.controlledOnlyInFrom.map((n: any) => n.code)).toEqual(expect.arrayContaining(['HT.A', 'HT.B']));
    const de = (await t.ok<{ gapAnalysis: any }>(GAP, { from: 'DE', to: 'US' })).gapAnalysis;
    expect(de.tierDifferences.filter((d: any) => d.node.code.startsWith('HT'))).toEqual([{ node: { code: 'HT.A' }, fromTier: 'STANDARD', toTier: 'ENHANCED' }]);
    expect(de.controlledOnlyInTo.map((n: any) => n.code)).toContain('HT.B');
    const jp = (await t.ok<{ gapAnalysis: any }>(GAP, { from: 'EU', to: 'JP' })).gapAnalysis;
    expect(jp.thresholdDifferences.filter((d: any) => d.node.code.startsWith('HT'))).toEqual([
      { node: { code: 'HT.A' }, parameter: 'total internal volume', fromValue: '≥ 20 L', toValue: '≥ 100 L' },
    ]);
  });

  it('keeps unmapped lists apart: unknown is not a gap', async () => {
    const r = (await t.ok<{ gapAnalysis: any }>(GAP, { from: 'US', to: 'GB' })).gapAnalysis;
    const codes = (xs: any[]) => xs.map((n) => n.code).filter((c: string) => c.startsWith('HT'));
    expect(codes(r.controlledOnlyInFrom)).toEqual([]);
    expect(codes(r.unknownInTo)).toEqual(expect.arrayContaining(['HT.A', 'HT.B']));
  });

  it('rejects the same jurisdiction twice and unknown codes', async () => {
    expect(errorCode(await t.gql(GAP, { from: 'US', to: 'us' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(GAP, { from: 'US', to: 'XX' }))).toBe('NOT_FOUND');
  });
});

describe('controlEntries search', () => {
  const SEARCH = `query($f: ControlEntryFilter, $first: Int) { controlEntries(filter: $f, first: $first) { totalCount edges { node { controlNumber jurisdiction { code } tier } } } }`;
  const numbers = (r: any) => r.controlEntries.edges.map((e: any) => e.node.controlNumber);

  it('an adopting state sees the list it adopts', async () => {
    const r = await t.ok(SEARCH, { f: { jurisdiction: 'DE', text: 'HT-2B352.b' } });
    expect(numbers(r)[0]).toBe('HT-2B352.b');
    expect(r.controlEntries.edges[0].node.jurisdiction.code).toBe('EU');
  });

  it('filters by HS code prefix, tier and taxonomy subtree', async () => {
    expect(numbers(await t.ok(SEARCH, { f: { hsCode: '8419', jurisdiction: 'EU' }, first: 100 }))).toContain('HT-2B352.b');
    expect(numbers(await t.ok(SEARCH, { f: { hsCode: '8421', jurisdiction: 'EU' }, first: 100 }))).not.toContain('HT-2B352.b');
    const enhanced = await t.ok(SEARCH, { f: { tier: 'ENHANCED', taxonomyCode: 'HT' }, first: 100 });
    expect(numbers(enhanced).sort()).toEqual(['HT-3A069', 'HT-US-A']);
    const subtree = await t.ok(SEARCH, { f: { taxonomyCode: 'HT.A' }, first: 100 });
    expect(numbers(subtree).sort()).toEqual(['HT-2B352.b', 'HT-JP-2(11)', 'HT-US-A']);
  });

  it('rejects a malformed HS code and an oversized page', async () => {
    expect(errorCode(await t.gql(SEARCH, { f: { hsCode: "84'; DROP" } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SEARCH, { first: 1000 }))).toBe('BAD_USER_INPUT');
  });
});
