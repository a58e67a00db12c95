/**
 * Risk assessment and the licence decisions that use it: the risk factors of an end user's
 * record, the proposed tier and its deviations, post-shipment checks, which assessment a decision adopts.
 */
import { useAssessmentApp, t, fermenter, assess, member } from '../support/assessment-fixtures';

useAssessmentApp();

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
