/**
 * What an assessment applies: licensing rules imported by a member's regulator, and the
 * risk policy the secretariat updates.
 */
import { useAssessmentApp, t, fermenter, assess, member } from '../support/assessment-fixtures';

useAssessmentApp();

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
