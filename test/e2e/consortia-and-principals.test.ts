import { CONSORTIUM_IDS, ME, PRINCIPALS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CONSORTIUM = `{ consortia { id name policy { recognitionReviewDays panelSize silenceAtDeadline emergencyReviewHours }
  members { role since jurisdiction { code kind adopts { code } } } } }`;

describe('jurisdictions and consortia', () => {
  it('lists the seeded jurisdictions with their kinds and adoptions, anonymously', async () => {
    const { jurisdictions } = await t.ok<{ jurisdictions: { code: string; kind: string; adopts: { code: string } | null }[] }>(
      '{ jurisdictions { code kind adopts { code } } }',
    );
    const byCode = new Map(jurisdictions.map((j) => [j.code, j]));
    expect(byCode.get('DE')).toEqual({ code: 'DE', kind: 'STATE', adopts: { code: 'EU' } });
    expect(byCode.get('EU')).toMatchObject({ kind: 'UNION', adopts: null });
    expect(byCode.get('AG')).toMatchObject({ kind: 'REGIME' });
    expect(byCode.get('WA')).toMatchObject({ kind: 'REGIME' });
    expect(byCode.get('US')).toMatchObject({ kind: 'STATE', adopts: null });
  });

  it('shows the consortium, its members and its published policy', async () => {
    const { consortia } = await t.ok<{ consortia: any[] }>(CONSORTIUM);
    expect(consortia).toHaveLength(1);
    const c = consortia[0];
    expect(c.policy).toEqual({ recognitionReviewDays: 90, panelSize: 3, silenceAtDeadline: 'NO_ANSWER', emergencyReviewHours: 72 }); // the default is no answer (was LAPSE)
    const members = c.members
      .filter((m: any) => m.role === 'MEMBER')
      .map((m: any) => m.jurisdiction.code)
      .sort();
    expect(members).toEqual(['AU', 'CA', 'CH', 'DE', 'EU', 'FR', 'GB', 'JP', 'KR', 'NL', 'US']);
    const observers = c.members
      .filter((m: any) => m.role === 'OBSERVER')
      .map((m: any) => m.jurisdiction.code)
      .sort();
    expect(observers).toEqual(['AG', 'WA']);

    const one = await t.ok<{ consortium: { name: string } }>('query($id: ID!) { consortium(id: $id) { name } }', { id: c.id });
    expect(one.consortium.name).toBe(c.name);
  });

  it('answers null for an unknown consortium id, including a malformed one', async () => {
    const r1 = await t.ok('query { consortium(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(r1.consortium).toBeNull();
    const r2 = await t.ok('query { consortium(id: "not-a-uuid") { id } }');
    expect(r2.consortium).toBeNull();
  });

  it('loads the members of every consortium and their jurisdictions in a constant number of statements', async () => {
    const { sql } = await t.gqlCounted(CONSORTIUM);
    // consortia + memberships (one batch) + jurisdictions (one batch) + adopted jurisdictions (one batch)
    expect(sql.statements).toBeLessThanOrEqual(4);
  });
});

describe('me and principals', () => {
  it('me is null when anonymous and the principal when a token names one', async () => {
    expect((await t.ok(ME)).me).toBeNull();
    const { me } = await t.ok('{ me { handle role jurisdiction { code } nationality } }', {}, 'de-regulator');
    expect(me).toEqual({ handle: 'de-regulator', role: 'REGULATOR', jurisdiction: { code: 'DE' }, nationality: 'DE' });
  });

  it('me describes an ad-hoc principal from its token claims', async () => {
    const { me } = await t.ok('{ me { id role jurisdiction { code } } }', {}, { id: 'adhoc-1', role: 'REGULATOR' as any, jurisdiction: 'JP' });
    expect(me).toEqual({ id: 'adhoc-1', role: 'REGULATOR', jurisdiction: { code: 'JP' } });
  });

  it('principals is for the secretariat: anonymous is UNAUTHENTICATED, a regulator FORBIDDEN', async () => {
    expect(errorCode(await t.gql(PRINCIPALS))).toBe('UNAUTHENTICATED');
    const forbidden = await t.gql(PRINCIPALS, {}, 'us-regulator');
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(forbidden.data).toBeNull();
  });

  it('principals filters by role and jurisdiction', async () => {
    const { principals } = await t.ok<{ principals: any[] }>(
      '{ principals(role: PANELIST) { handle role nationality jurisdiction { code } } }',
      {},
      'secretariat',
    );
    expect(principals.length).toBeGreaterThanOrEqual(4);
    expect(new Set(principals.map((p) => p.nationality)).size).toBeGreaterThanOrEqual(4);
    expect(principals.every((p) => p.role === 'PANELIST')).toBe(true);
    const regulators = await t.ok<{ principals: any[] }>(
      '{ principals(role: REGULATOR, jurisdiction: "de") { handle jurisdiction { code } } }',
      {},
      'secretariat',
    );
    expect(regulators.principals.map((p) => p.handle).sort()).toEqual(['de-regulator', 'de-regulator-2']);
  });
});

describe('consortium policy updates', () => {
  const UPDATE = `mutation($id: ID!, $input: ConsortiumPolicyInput!, $rationale: String!) {
    updateConsortiumPolicy(consortiumId: $id, input: $input, rationale: $rationale) { id policy { recognitionReviewDays panelSize } } }`;
  let consortiumId: string;
  beforeAll(async () => {
    consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  });

  it('rejects an out-of-range value with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const r = await t.gql(UPDATE, { id: consortiumId, input: { recognitionReviewDays: 0 }, rationale: 'shorter clock' }, 'secretariat');
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors![0].extensions)).toContain('recognitionReviewDays');
    const even = await t.gql(UPDATE, { id: consortiumId, input: { panelSize: 4 }, rationale: 'bigger panels' }, 'secretariat');
    expect(errorCode(even)).toBe('BAD_USER_INPUT');
    expect(even.errors![0].extensions!.field).toBe('input.panelSize');
    const { consortia } = await t.ok<{ consortia: any[] }>('{ consortia { policy { recognitionReviewDays panelSize } } }');
    expect(consortia[0].policy).toEqual({ recognitionReviewDays: 90, panelSize: 3 });
  });

  it('a regulator may not change the policy', async () => {
    const r = await t.gql(UPDATE, { id: consortiumId, input: { recognitionReviewDays: 60 }, rationale: 'x' }, 'fr-regulator');
    expect(errorCode(r)).toBe('FORBIDDEN');
  });

  it('an unknown consortium is NOT_FOUND', async () => {
    const r = await t.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { panelSize: 5 }, rationale: 'x' }, 'secretariat');
    expect(errorCode(r)).toBe('NOT_FOUND');
  });

  it('the secretariat publishes a change, audited with before, after and rationale', async () => {
    const r = await t.ok(
      UPDATE,
      { id: consortiumId, input: { panelSize: 5, recognitionReviewDays: 60 }, rationale: 'faster reviews, larger panels' },
      'secretariat',
    );
    expect(r.updateConsortiumPolicy.policy).toEqual({ recognitionReviewDays: 60, panelSize: 5 });
    const trail = await t.ok<{ auditTrail: any }>(
      `query($id: ID!) { auditTrail(subjectType: "Consortium", subjectId: $id, first: 5) {
        totalCount edges { node { action actorId actorRole before after rationale } } } }`,
      { id: consortiumId },
      'analyst',
    );
    expect(trail.auditTrail.totalCount).toBe(1);
    const e = trail.auditTrail.edges[0].node;
    expect(e).toMatchObject({
      action: 'CONSORTIUM.POLICY_UPDATED',
      actorId: t.principal('secretariat').id,
      actorRole: 'SECRETARIAT',
      rationale: 'faster reviews, larger panels',
    });
    expect(e.before.panelSize).toBe(3);
    expect(e.after.panelSize).toBe(5);
    expect(e.after.recognitionReviewDays).toBe(60);
  });
});
