/**
 * Transaction assessment on the seeded data: country groups and licensing rules,
 * assessTransaction per member (entries, thresholds with units, requirement and reference,
 * catch-all triggers), bad input, and the SQL statements per call whatever the number of members.
 */
import { createPublishedList } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ASSESS = `query($input: TransactionInput!) { assessTransaction(input: $input) {
  id proposedTier tierReasons explanation destination endUse exportingJurisdiction { code }
  risk { score level factors { name value weight evidence } }
  perMember { jurisdiction { code } requirement reference referenceUrls confidence explanation catchAllTriggers
    applicableRecognitions { id } applicableWaivers { id }
    matches { entry { controlNumber } listJurisdiction { code } relation applies requirement reference thresholds { name required given met } } } } }`;

type Member = {
  jurisdiction: { code: string };
  requirement: string;
  reference: string | null;
  catchAllTriggers: string[];
  explanation: string[];
  matches: {
    entry: { controlNumber: string };
    applies: boolean;
    thresholds: { name: string; required: string; given: string | null; met: boolean | null }[];
  }[];
};

const fermenter = (litres: number | string, unit = 'L') => ({
  taxonomyCode: 'BIO.EQP.FERMENTER',
  parameters: [{ name: 'total internal volume', value: Number(litres), unit }],
});

async function assess(input: Record<string, unknown>, as: string | null = 'analyst') {
  const d = await t.ok<{
    assessTransaction: {
      perMember: Member[];
      risk: { score: number; factors: { name: string; value: number; weight: number; evidence: string[] }[] };
      proposedTier: string;
      id: string;
    };
  }>(ASSESS, { input: { endUse: 'RESEARCH', ...input } }, as);
  return d.assessTransaction;
}
const member = (a: { perMember: Member[] }, code: string) => a.perMember.find((m) => m.jurisdiction.code === code)!;

describe('country groups and licensing rules', () => {
  it('lists the seeded EU001 destinations and US country groups with their sources, to anyone', async () => {
    const d = await t.ok<{ countryGroups: { code: string; destinations: string[]; source: string; jurisdiction: { code: string } }[] }>(
      '{ countryGroups(jurisdiction: "EU") { code name destinations source jurisdiction { code } } }',
      {},
      null,
    );
    const eu001 = d.countryGroups.find((g) => g.code === 'EU001')!;
    expect(eu001.destinations).toEqual(expect.arrayContaining(['US', 'JP', 'CA', 'IS']));
    expect(eu001.destinations).not.toContain('KE');
    expect(eu001.source).toMatch(/Regulation \(EU\) 2021\/821.*http/);
    const us = await t.ok<{ countryGroups: { code: string }[] }>('{ countryGroups(jurisdiction: "US") { code } }', {}, null);
    expect(us.countryGroups.map((g) => g.code)).toEqual(expect.arrayContaining(['A:1', 'A:3', 'D:5', 'CB2_X', 'NS2_X']));
  });

  it('finds the rules reaching a control number by prefix, for a member that adopts the EU list', async () => {
    const d = await t.ok<{
      licensingRules: {
        ruleKey: string;
        requirement: string;
        reference: string;
        source: string;
        entry: { controlNumber: string };
        countryGroup: { code: string } | null;
      }[];
    }>(
      '{ licensingRules(jurisdiction: "DE", controlNumber: "2B352.b") { ruleKey requirement reference source confidence entry { controlNumber } countryGroup { code } effectiveFrom } }',
      {},
      null,
    );
    const keys = d.licensingRules.map((r) => r.ruleKey);
    expect(keys).toEqual(expect.arrayContaining(['EU-01', 'EU-03']));
    const eu01 = d.licensingRules.find((r) => r.ruleKey === 'EU-01')!;
    expect(eu01).toMatchObject({ requirement: 'GENERAL_AUTHORISATION', entry: { controlNumber: '2B352' }, countryGroup: { code: 'EU001' } });
    expect(eu01.source).toMatch(/https?:\/\//);
    // Memory-only rows (e.g. EU-14, UK-02) are not seeded.
    const all = await t.ok<{ licensingRules: { ruleKey: string }[] }>('{ licensingRules { ruleKey } }', {}, null);
    expect(all.licensingRules.map((r) => r.ruleKey)).not.toEqual(expect.arrayContaining(['EU-14']));
    expect(all.licensingRules.map((r) => r.ruleKey)).not.toContain('UK-02');
  });
});

describe('assessTransaction: requirements per member', () => {
  it('a 50 L fermenter from DE to KE needs an individual licence under 2B352.b, the volume threshold met', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50)] }, null);
    const de = member(a, 'DE');
    expect(de.requirement).toBe('INDIVIDUAL_LICENCE');
    const m = de.matches.find((x) => x.entry.controlNumber === '2B352.b')!;
    expect(m.applies).toBe(true);
    expect(m.thresholds.find((x) => x.name === 'total internal volume')).toMatchObject({ met: true, given: '50 L', required: '≥ 20 L' });
    expect(de.reference).toMatch(/Art\. 3\(1\)/);
    expect(de.explanation.join(' ')).toMatch(/DE is the exporting member/);
  });

  it('the same fermenter from DE to US goes under the general authorisation EU001', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'US', items: [fermenter(50)] });
    expect(member(a, 'DE')).toMatchObject({ requirement: 'GENERAL_AUTHORISATION' });
    expect(member(a, 'DE').reference).toMatch(/EU001/);
    expect(member(a, 'FR').requirement).toBe('GENERAL_AUTHORISATION');
  });

  it('a 10 L fermenter is NOT_CONTROLLED wherever the threshold is known, the threshold shown as not met', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(10)] });
    for (const code of ['DE', 'FR', 'NL', 'EU', 'US', 'JP']) {
      const m = member(a, code);
      expect({ code, requirement: m.requirement }).toEqual({ code, requirement: 'NOT_CONTROLLED' });
      expect(m.matches.length).toBeGreaterThan(0);
      expect(m.matches.every((x) => !x.applies)).toBe(true);
      expect(m.matches[0].thresholds.find((x) => x.name === 'total internal volume')).toMatchObject({ met: false });
    }
    // Members whose lists do not cover fermenters stay UNKNOWN, never "no licence".
    expect(member(a, 'CA').requirement).toBe('UNKNOWN');
  });

  it('lets the paragraph decide when its heading is also mapped onto the item (2B352 and 2B352.b)', async () => {
    await t.ds.query(
      `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note)
       SELECT e.id, 'BIO.EQP.FERMENTER', 'BROADER', 'ACCEPTED', 'test: heading also mapped'
       FROM control_entry e JOIN control_list_version v ON v.id = e.version_id AND v.status = 'PUBLISHED' JOIN control_list l ON l.id = v.list_id
       WHERE l.jurisdiction_code = 'US' AND e.control_number = '2B352'`,
    );
    const a = await assess({ exportingJurisdiction: 'US', destination: 'KE', items: [fermenter(10)] });
    expect(member(a, 'US').requirement).toBe('NOT_CONTROLLED');
    expect(member(a, 'US').matches.map((m) => m.entry.controlNumber)).toEqual(['2B352.b']);
    await t.ds.query(`DELETE FROM entry_mapping WHERE note = 'test: heading also mapped'`);
  });

  it('converts units: 0.05 m³ is 50 L, 15000 mL is 15 L', async () => {
    const big = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(0.05, 'm³')] });
    expect(member(big, 'DE').requirement).toBe('INDIVIDUAL_LICENCE');
    const small = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(15000, 'mL')] });
    expect(member(small, 'DE').requirement).toBe('NOT_CONTROLLED');
  });

  it('a 3A069 cytometer from US: no licence to CA, a licence (presumably denied) to CN', async () => {
    const cytometer = { taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER', parameters: [{ name: 'detector channels', value: 40 }] };
    const ca = await assess({ exportingJurisdiction: 'US', destination: 'CA', items: [cytometer] });
    expect(member(ca, 'US')).toMatchObject({ requirement: 'NO_LICENCE' });
    expect(member(ca, 'US').matches[0].entry.controlNumber).toBe('3A069.a');
    const cn = await assess({ exportingJurisdiction: 'US', destination: 'CN', items: [cytometer] });
    expect(['INDIVIDUAL_LICENCE', 'PRESUMPTION_OF_DENIAL']).toContain(member(cn, 'US').requirement);
  });

  it('a military end use adds a catch-all trigger; a WMD-related one makes a licence necessary even below the thresholds', async () => {
    const mil = await assess({ exportingJurisdiction: 'DE', destination: 'KE', endUse: 'MILITARY', items: [fermenter(50)] });
    expect(member(mil, 'DE').catchAllTriggers.join(' ')).toMatch(/[Mm]ilitary end use/);
    const plain = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50)] });
    expect(member(plain, 'DE').catchAllTriggers).toEqual([]);
    const wmd = await assess({ exportingJurisdiction: 'US', destination: 'KE', endUse: 'WMD_RELATED', items: [fermenter(10)] });
    expect(member(wmd, 'US').requirement).toBe('INDIVIDUAL_LICENCE');
    expect(member(wmd, 'US').catchAllTriggers.join(' ')).toMatch(/744\.4/);
  });

  it('takes several items (the most restrictive requirement wins) and an exporter outside the consortium', async () => {
    const a = await assess({ exportingJurisdiction: 'NO', destination: 'KE', items: [fermenter(10), { taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER' }] });
    // US: the 10 L fermenter is below 2B352.b, the cytometer needs a licence to KE (NS Column 2).
    expect(member(a, 'US').requirement).toBe('INDIVIDUAL_LICENCE');
    expect(member(a, 'DE').requirement).toBe('NOT_CONTROLLED');
    expect((a as unknown as { explanation: string[] }).explanation.join(' ')).toMatch(/NO is not a member of the consortium/);
    const r = await t.gql(
      ASSESS,
      {
        input: {
          endUse: 'RESEARCH',
          exportingJurisdiction: 'DE',
          destination: 'KE',
          items: [fermenter(50)],
          endUserId: '00000000-0000-4000-8000-000000000000',
        },
      },
      'analyst',
    );
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('an embargoed destination is a catch-all trigger', async () => {
    const a = await assess({ exportingJurisdiction: 'US', destination: 'IR', items: [fermenter(50)] });
    expect(member(a, 'US').catchAllTriggers.join(' ')).toMatch(/IR is on US\/EMBARGO_ROWS/);
  });
});

describe('assessTransaction: bad input names the field', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown taxonomy code', { exportingJurisdiction: 'DE', destination: 'KE', items: [{ taxonomyCode: 'BIO.EQP.NOPE' }] }, 'input.items.0.taxonomyCode'],
    ['destination not ISO 3166-1', { exportingJurisdiction: 'DE', destination: 'XK', items: [fermenter(50)] }, 'input.destination'],
    ['unit that does not convert', { exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50, 'm2')] }, 'input.items.0.parameters.0.unit'],
    ['unit Accord does not know', { exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50, 'gallonz')] }, 'input.items.0.parameters.0.unit'],
    ['empty items', { exportingJurisdiction: 'DE', destination: 'KE', items: [] }, 'input.items'],
    ['unknown exporting jurisdiction', { exportingJurisdiction: 'ZZ', destination: 'KE', items: [fermenter(50)] }, 'input.exportingJurisdiction'],
  ];
  it.each(cases)('%s', async (_name, input, field) => {
    const r = await t.gql(ASSESS, { input: { endUse: 'RESEARCH', ...input } }, 'analyst');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('assessTransaction: SQL statements', () => {
  it('runs the same number of statements with 11 members as with 14', async () => {
    const input = {
      endUse: 'RESEARCH',
      exportingJurisdiction: 'DE',
      destination: 'KE',
      endUser: { name: 'Nairobi Institute', country: 'KE' },
      items: [fermenter(50)],
    };
    const before = await t.gqlCounted(ASSESS, { input }, 'analyst');
    expect(before.result.errors).toBeUndefined();
    const [{ id: consortiumId }] = await t.ds.query('SELECT id FROM consortium');
    for (const j of ['SQA', 'SQB', 'SQC']) {
      await t.ds.query(`INSERT INTO jurisdiction (code, name, kind) VALUES ($1, $2, 'STATE')`, [j, `State ${j}`]);
      await t.ds.query(`INSERT INTO membership (consortium_id, jurisdiction_code, role, since) VALUES ($1, $2, 'MEMBER', '2026-01-01')`, [consortiumId, j]);
      await createPublishedList(
        t.ds,
        j,
        `list ${j}`,
        ['BIO.EQP'],
        [
          {
            controlNumber: `${j}-1`,
            tier: 'STANDARD',
            title: 'fermenters',
            text: 'fermenters',
            parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 5, unit: 'L' }],
            maps: { 'BIO.EQP.FERMENTER': 'EXACT' },
          },
        ],
      );
    }
    const after = await t.gqlCounted(ASSESS, { input }, 'analyst');
    expect(after.result.errors).toBeUndefined();
    expect((after.result.data as any).assessTransaction.perMember).toHaveLength(14);
    expect(after.sql.statements).toBe(before.sql.statements);
  });
});

const DECIDE = `mutation($input: LicenceDecisionInput!) { recordLicenceDecision(input: $input) {
  id outcome tier proposedTier riskScore riskLevel tierDeviationReason assessmentId postShipmentChecksDue } }`;
const decision = (over: Record<string, unknown>) => ({
  applicant: 'Bioreactor Export GmbH',
  destination: 'KE',
  taxonomyCodes: ['BIO.EQP.FERMENTER'],
  outcome: 'GRANTED',
  rationale: 'assessed',
  ...over,
});

describe('risk assessment', () => {
  const tx = (name: string) => ({ exportingJurisdiction: 'DE', destination: 'KE', endUser: { name, country: 'KE' }, items: [fermenter(50)] });

  it('an end user with a denial on record scores higher than a clean one, and the factor names the denial', async () => {
    const denied = await t.ok<{ recordLicenceDecision: { id: string } }>(
      DECIDE,
      {
        input: decision({
          applicant: 'US Fermenters Inc',
          endUser: { name: 'Mombasa Bioprocess Ltd', country: 'KE' },
          outcome: 'DENIED',
          rationale: 'diversion risk',
        }),
      },
      'us-regulator',
    );
    const bad = await assess(tx('Mombasa Bioprocess Ltd'));
    const clean = await assess(tx('Kisumu Clean Research Centre'));
    expect(bad.risk.score).toBeGreaterThan(clean.risk.score);
    const record = bad.risk.factors.find((f) => f.name === 'RECIPIENT_TRACK_RECORD')!;
    expect(record.value).toBe(1);
    expect(record.evidence.join(' ')).toContain(denied.recordLicenceDecision.id);
    expect(member(bad, 'DE').catchAllTriggers.join(' ')).toMatch(/Denial on record: US denied BIO\.EQP\.FERMENTER to this end user/);
    // A near-identical name of the same country is caught too.
    const near = await assess(tx('Mombasa Bioprocess Ltd.'));
    expect(member(near, 'DE').catchAllTriggers.join(' ')).toMatch(/near-identical end user \("Mombasa Bioprocess Ltd"\)/);
    // The public gets no end-user history: the same score either way.
    const pubBad = await assess(tx('Mombasa Bioprocess Ltd'), null);
    const pubClean = await assess(tx('Kisumu Clean Research Centre'), null);
    expect(pubBad.risk.score).toBe(pubClean.risk.score);
    expect(member(pubBad, 'DE').catchAllTriggers.join(' ')).not.toMatch(/Denial/);
    // Nor does a panelist, whose reads stop at the cases it sits on.
    const panelBad = await assess(tx('Mombasa Bioprocess Ltd'), 'panelist-nz');
    expect(panelBad.risk.score).toBe(pubClean.risk.score);
    expect(member(panelBad, 'DE').catchAllTriggers.join(' ')).not.toMatch(/Denial/);
    expect(JSON.stringify(panelBad)).not.toContain(denied.recordLicenceDecision.id);
  });

  it('gives every factor a value, a weight from the published policy and its evidence; the policy is in transparencyStats', async () => {
    const a = await assess({ exportingJurisdiction: 'US', destination: 'CN', items: [{ taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER' }] });
    expect(a.risk.factors.map((f) => f.name).sort()).toEqual([
      'COMPLIANCE_INFRASTRUCTURE',
      'DIVERSION_LIKELIHOOD',
      'END_USE_PLAUSIBILITY',
      'RECIPIENT_TRACK_RECORD',
      'SEVERITY_OF_MISUSE',
      'SOPHISTICATION',
    ]);
    const [{ id }] = await t.ds.query('SELECT id FROM consortium');
    const s = await t.ok<{ transparencyStats: { policy: { risk: { weights: { factor: string; weight: number }[]; enhancedFromScore: number } } } }>(
      `query($c: ID!) { transparencyStats(consortiumId: $c) { policy { recognitionReviewDays risk { weights { factor weight } enhancedFromScore postShipmentCheckDays } } } }`,
      { c: id },
      null,
    );
    const weights = Object.fromEntries(s.transparencyStats.policy.risk.weights.map((w) => [w.factor, w.weight]));
    for (const f of a.risk.factors as { name: string; weight: number }[]) expect(f.weight).toBe(weights[f.name]);
    // Weights are data: a changed policy changes the weights used.
    await t.ds.query(`UPDATE risk_policy SET policy = jsonb_set(policy, '{weights,SEVERITY_OF_MISUSE}', '40') WHERE consortium_id = $1`, [id]);
    const again = await assess({ exportingJurisdiction: 'US', destination: 'CN', items: [{ taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER' }] });
    expect(again.risk.factors.find((f) => f.name === 'SEVERITY_OF_MISUSE')!.weight).toBe(40);
    await t.ds.query(`UPDATE risk_policy SET policy = jsonb_set(policy, '{weights,SEVERITY_OF_MISUSE}', '25') WHERE consortium_id = $1`, [id]);
  });
});

describe('licence decisions use the assessment', () => {
  it('stores the proposed tier and risk; a decision at another tier needs tierDeviationReason, and is counted', async () => {
    const plain = await t.ok<{ recordLicenceDecision: { proposedTier: string; riskScore: number; assessmentId: string } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'Eldoret Vaccine Institute', country: 'KE' } }),
      },
      'de-regulator',
    );
    const proposed = plain.recordLicenceDecision.proposedTier;
    expect(['DECLARATION', 'STANDARD', 'ENHANCED']).toContain(proposed);
    expect(plain.recordLicenceDecision.riskScore).toEqual(expect.any(Number));
    expect(plain.recordLicenceDecision.assessmentId).toEqual(expect.any(String));

    // Against a stored assessment (the end user's history now has a grant, which lowers its risk).
    const a = await assess(
      { exportingJurisdiction: 'DE', destination: 'KE', endUser: { name: 'Eldoret Vaccine Institute', country: 'KE' }, items: [fermenter(50)] },
      'de-regulator',
    );
    const other = a.proposedTier === 'DECLARATION' ? 'STANDARD' : 'DECLARATION';
    const refused = await t.gql(
      DECIDE,
      { input: decision({ endUser: { name: 'Eldoret Vaccine Institute', country: 'KE' }, tier: other, assessmentId: a.id }) },
      'de-regulator',
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tierDeviationReason' });

    const [{ id: consortiumId }] = await t.ds.query('SELECT id FROM consortium');
    const STATS = `query($c: ID!) { transparencyStats(consortiumId: $c) { tierDeviations { jurisdiction { code } assessedDecisions deviations deviationRate } } }`;
    const before = (
      await t.ok<{ transparencyStats: { tierDeviations: { jurisdiction: { code: string }; deviations: number }[] } }>(STATS, { c: consortiumId }, null)
    ).transparencyStats.tierDeviations.find((x) => x.jurisdiction.code === 'DE')!;
    const stored = await t.ok<{ recordLicenceDecision: { tier: string; proposedTier: string; tierDeviationReason: string } }>(
      DECIDE,
      {
        input: decision({
          endUser: { name: 'Eldoret Vaccine Institute', country: 'KE' },
          tier: other,
          assessmentId: a.id,
          tierDeviationReason: 'long-standing vaccine partner, audited on site',
        }),
      },
      'de-regulator',
    );
    expect(stored.recordLicenceDecision).toMatchObject({
      tier: other,
      proposedTier: a.proposedTier,
      tierDeviationReason: 'long-standing vaccine partner, audited on site',
    });
    const after = (
      await t.ok<{ transparencyStats: { tierDeviations: { jurisdiction: { code: string }; deviations: number; deviationRate: number }[] } }>(
        STATS,
        { c: consortiumId },
        null,
      )
    ).transparencyStats.tierDeviations.find((x) => x.jurisdiction.code === 'DE')!;
    expect(after.deviations).toBe(before.deviations + 1);
    expect(after.deviationRate).toBeGreaterThan(0);
  });

  it('an ENHANCED grant gets a post-shipment verification schedule', async () => {
    const d = await t.ok<{ recordLicenceDecision: { tier: string; proposedTier: string; postShipmentChecksDue: string[] } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'Nakuru Biofoundry', country: 'KE' }, tier: 'ENHANCED', tierDeviationReason: 'first export to this end user' }),
      },
      'de-regulator',
    );
    expect(d.recordLicenceDecision.tier).toBe('ENHANCED');
    // The test clock starts on 2026-03-02; the seeded policy checks after 30, 90 and 180 days.
    expect(d.recordLicenceDecision.postShipmentChecksDue).toEqual(['2026-04-01', '2026-05-31', '2026-08-29']);
    const std = await t.ok<{ recordLicenceDecision: { postShipmentChecksDue: string[] } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'Nakuru Biofoundry', country: 'KE' }, tier: 'STANDARD', tierDeviationReason: 'n/a' }),
      },
      'de-regulator',
    );
    expect(std.recordLicenceDecision.postShipmentChecksDue).toEqual([]);
  });

  it('without assessmentId, decides against the latest assessment of the same transaction by the member', async () => {
    const a = await assess(
      {
        exportingJurisdiction: 'DE',
        destination: 'KE',
        endUse: 'MILITARY',
        endUser: { name: 'Machakos  Research Park', country: 'KE' },
        items: [fermenter(50)],
      },
      'de-regulator',
    );
    const d = await t.ok<{ recordLicenceDecision: { assessmentId: string; proposedTier: string; riskScore: number } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'machakos research park', country: 'KE' } }),
      },
      'de-regulator',
    );
    expect(d.recordLicenceDecision).toMatchObject({ assessmentId: a.id, proposedTier: a.proposedTier, riskScore: a.risk.score });
  });

  it('never adopts an assessment someone else asked for (an anonymous one sees no end-user history)', async () => {
    const anonymous = await assess(
      { exportingJurisdiction: 'DE', destination: 'KE', endUse: 'RESEARCH', endUser: { name: 'Kisumu Bioworks', country: 'KE' }, items: [fermenter(50)] },
      null,
    );
    const d = await t.ok<{ recordLicenceDecision: { assessmentId: string } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'Kisumu Bioworks', country: 'KE' } }),
      },
      'de-regulator',
    );
    expect(d.recordLicenceDecision.assessmentId).toBeTruthy();
    expect(d.recordLicenceDecision.assessmentId).not.toBe(anonymous.id);
  });

  it('takes a stored assessment by assessmentId, which must be for the same transaction', async () => {
    const a = await assess(
      { exportingJurisdiction: 'DE', destination: 'KE', endUse: 'MILITARY', endUser: { name: 'Garissa Labs', country: 'KE' }, items: [fermenter(50)] },
      'de-regulator',
    );
    const d = await t.ok<{ recordLicenceDecision: { assessmentId: string; proposedTier: string; riskScore: number } }>(
      DECIDE,
      {
        input: decision({ endUser: { name: 'Garissa Labs', country: 'KE' }, assessmentId: a.id, outcome: 'DENIED', rationale: 'military end use' }),
      },
      'de-regulator',
    );
    expect(d.recordLicenceDecision).toMatchObject({ assessmentId: a.id, proposedTier: a.proposedTier, riskScore: a.risk.score });
    const wrong = await t.gql(
      DECIDE,
      { input: decision({ destination: 'CN', endUser: { name: 'Garissa Labs', country: 'KE' }, assessmentId: a.id }) },
      'de-regulator',
    );
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assessmentId' });
  });
});

describe('importLicensingRules', () => {
  const IMPORT = `mutation($input: ImportLicensingRulesInput!) { importLicensingRules(input: $input) {
    ok rows imported errors { line controlNumber field message } rules { ruleKey requirement entry { controlNumber } countryGroup { code } destinations } } }`;
  const rule = {
    key: 'US-TEST-1',
    controlNumbers: ['2B352'],
    destinations: ['ZM'],
    requirement: 'PRESUMPTION_OF_DENIAL',
    priority: 40,
    reference: 'Test licence policy',
    confidence: 'secondary',
    source: 'A test source <https://example.org/policy>',
  };

  it('imports JSON rules that the assessment then applies', async () => {
    const r = await t.ok<{ importLicensingRules: { ok: boolean; imported: number; rules: { ruleKey: string; entry: { controlNumber: string } }[] } }>(
      IMPORT,
      { input: { jurisdiction: 'US', format: 'JSON', content: JSON.stringify({ rules: [rule] }) } },
      'us-regulator',
    );
    expect(r.importLicensingRules).toMatchObject({ ok: true, imported: 1, rules: [{ ruleKey: 'US-TEST-1', entry: { controlNumber: '2B352' } }] });
    const a = await assess({ exportingJurisdiction: 'US', destination: 'ZM', items: [fermenter(50)] });
    expect(member(a, 'US')).toMatchObject({ requirement: 'PRESUMPTION_OF_DENIAL', reference: 'Test licence policy' });
  });

  it('imports CSV, and writes nothing when a row is from memory or names an unknown group', async () => {
    const csv = [
      'key,controlNumbers,countryGroup,requirement,priority,reference,confidence,source',
      'US-TEST-2,1C351;1C353,US/A:1,NO_LICENCE,10,Test A:1,confirmed,Test <https://example.org/a1>',
      'US-TEST-3,2B352,,INDIVIDUAL_LICENCE,20,Remembered,memory,Test <https://example.org/m>',
    ].join('\n');
    const bad = await t.ok<{ importLicensingRules: { ok: boolean; errors: { line: number; field: string }[] } }>(
      IMPORT,
      { input: { jurisdiction: 'US', format: 'CSV', content: csv } },
      'us-regulator',
    );
    expect(bad.importLicensingRules.ok).toBe(false);
    expect(bad.importLicensingRules.errors).toEqual([expect.objectContaining({ line: 3, field: 'confidence' })]);
    const unknownGroup = await t.ok<{ importLicensingRules: { ok: boolean; errors: { field: string }[] } }>(
      IMPORT,
      {
        input: {
          jurisdiction: 'US',
          format: 'CSV',
          content:
            'key,controlNumbers,countryGroup,requirement,priority,reference,confidence,source\nUS-TEST-4,2B352,US/NOPE,NO_LICENCE,10,x,confirmed,x <https://example.org>',
        },
      },
      'us-regulator',
    );
    expect(unknownGroup.importLicensingRules).toMatchObject({ ok: false, errors: [{ field: 'countryGroup' }] });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM licensing_rule WHERE rule_key IN ('US-TEST-2', 'US-TEST-3', 'US-TEST-4')`);
    expect(n).toBe(0);
    const good = await t.ok<{ importLicensingRules: { ok: boolean; imported: number } }>(
      IMPORT,
      { input: { jurisdiction: 'US', format: 'CSV', content: csv.split('\n').slice(0, 2).join('\n') } },
      'us-regulator',
    );
    expect(good.importLicensingRules).toMatchObject({ ok: true, imported: 2 });
  });

  it("lets only the jurisdiction's regulator import its rules", async () => {
    const r = await t.gql(IMPORT, { input: { jurisdiction: 'US', format: 'JSON', content: JSON.stringify([rule]) } }, 'de-regulator');
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anon = await t.gql(IMPORT, { input: { jurisdiction: 'US', format: 'JSON', content: JSON.stringify([rule]) } }, null);
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateRiskPolicy', () => {
  const UPDATE = `mutation($c: ID!, $i: RiskPolicyInput!, $r: String!) { updateRiskPolicy(consortiumId: $c, input: $i, rationale: $r) {
    weights { factor weight } levelThresholds { level minScore } enhancedFromScore postShipmentCheckDays publishedAt } }`;

  it('lets the secretariat change the weights, which the next assessment uses, and is audited; thresholds must rise', async () => {
    const [{ id }] = await t.ds.query('SELECT id FROM consortium');
    const forbidden = await t.gql(UPDATE, { c: id, i: { enhancedFromScore: 70 }, r: 'try' }, 'de-regulator');
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(UPDATE, { c: id, i: { highFromScore: 90 }, r: 'inverted' }, 'secretariat');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.highFromScore' });
    const r = await t.ok<{ updateRiskPolicy: { weights: { factor: string; weight: number }[]; postShipmentCheckDays: number[] } }>(
      UPDATE,
      { c: id, i: { weights: [{ factor: 'END_USE_PLAUSIBILITY', weight: 30 }], postShipmentCheckDays: [60, 14] }, r: 'end use matters more' },
      'secretariat',
    );
    expect(r.updateRiskPolicy.weights.find((w) => w.factor === 'END_USE_PLAUSIBILITY')!.weight).toBe(30);
    expect(r.updateRiskPolicy.postShipmentCheckDays).toEqual([14, 60]);
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50)] });
    expect(a.risk.factors.find((f) => f.name === 'END_USE_PLAUSIBILITY')!.weight).toBe(30);
    const [audit] = await t.ds.query(`SELECT rationale FROM audit_event WHERE action = 'RISK_POLICY.UPDATED' ORDER BY seq DESC LIMIT 1`);
    expect(audit.rationale).toBe('end use matters more');
  });
});
