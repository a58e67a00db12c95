import { createNodes } from '../support/factories';
import { CONSORTIUM_IDS, END_EMERGENCY } from '../support/operations';
import { testSchedulers } from '../support/schedulers';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const { scheduler, stopSchedulers } = testSchedulers(() => t);
const T0 = '2026-03-02T09:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp({ start: T0 });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [
    { code: 'EM' },
    { code: 'EM.CONT', parentCode: 'EM' },
    { code: 'EM.CONT.BSC', parentCode: 'EM.CONT' },
    { code: 'EM.SYNTH', parentCode: 'EM' },
    { code: 'EM.OTHER', parentCode: 'EM' },
  ]);
});
afterAll(async () => {
  await stopSchedulers();
  await t.close();
});

const DECLARE = `mutation($input: DeclareEmergencyInput!) { declareEmergency(input: $input) { id status taxonomyCodes jurisdictionCodes endsAt } }`;
const FILE = `mutation($input: FastTrackApplicationInput!) { fileFastTrackApplication(input: $input) { id status decisionDueAt } }`;
const DECIDE = `mutation($input: FastTrackDecisionInput!) { decideFastTrackApplication(input: $input) { id status overdue overdueHours
  authorization { id status sunsetAt conditions nextReportDue reviewDueAt monitoringEveryDays } } }`;
const AUTH = `query($f: ProvisionalAuthorizationFilter) { provisionalAuthorizations(filter: $f, first: 50) { totalCount edges { node { id status sunsetAt nextReportDue reviewOverdueAt reports { late } convertedDecision { outcome } } } } }`;
const REPORT = `mutation($input: MonitoringReportInput!) { submitMonitoringReport(input: $input) { id status nextReportDue } }`;
const REVIEW = `mutation($input: PostApprovalReviewInput!) { completePostApprovalReview(input: $input) { id status reviewOutcome convertedDecision { id outcome jurisdiction { code } } } }`;

async function declare(over: Record<string, unknown> = {}): Promise<any> {
  return (
    await t.ok<{ declareEmergency: any }>(
      DECLARE,
      { input: { consortiumId, title: 'Respiratory outbreak', taxonomyCodes: ['EM.CONT', 'EM.SYNTH'], endsAt: '2026-09-01T00:00:00Z', ...over } },
      'secretariat',
    )
  ).declareEmergency;
}
async function file(declarationId: string, as = 'de-regulator', over: Record<string, unknown> = {}) {
  return t.gql<{ fileFastTrackApplication: any }>(
    FILE,
    {
      input: {
        declarationId,
        applicant: 'SafeLab GmbH',
        endUser: { name: 'Field Hospital', country: 'KE' },
        destination: 'KE',
        taxonomyCodes: ['EM.CONT.BSC'],
        justification: 'isolation units for the outbreak',
        ...over,
      },
    },
    as,
  );
}
async function approved(declarationId: string, over: Record<string, unknown> = {}): Promise<any> {
  const a = (await file(declarationId)).data!.fileFastTrackApplication;
  return (
    await t.ok<{ decideFastTrackApplication: any }>(
      DECIDE,
      { input: { applicationId: a.id, approve: true, rationale: 'urgent need', conditions: ['no re-export'], ...over } },
      'de-regulator',
    )
  ).decideFastTrackApplication;
}

describe('declarations', () => {
  it('the secretariat declares an emergency, published to the register; others may not', async () => {
    t.clock.set(T0);
    const d = await declare();
    expect(d).toMatchObject({ status: 'ACTIVE', taxonomyCodes: ['EM.CONT', 'EM.SYNTH'] });
    expect(d.jurisdictionCodes).toHaveLength(11);
    expect(
      errorCode(await t.gql(DECLARE, { input: { consortiumId, title: 'x', taxonomyCodes: ['EM'], endsAt: '2026-09-01T00:00:00Z' } }, 'de-regulator')),
    ).toBe('FORBIDDEN');
    const past = await t.gql(DECLARE, { input: { consortiumId, title: 'x', taxonomyCodes: ['EM'], endsAt: '2026-01-01T00:00:00Z' } }, 'secretariat');
    expect(past.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsAt' });
    const reg = await t.ds.query(`SELECT kind, title FROM register_entry WHERE subject_id = $1`, [d.id]);
    expect(reg).toEqual([{ kind: 'EMERGENCY_DECLARATION', title: 'Emergency declared: Respiratory outbreak' }]);
    const list = await t.ok<{ emergencyDeclarations: any[] }>(`{ emergencyDeclarations(activeOnly: true) { id } }`);
    expect(list.emergencyDeclarations.map((x) => x.id)).toContain(d.id);
  });
});

describe('fast-track applications', () => {
  let d: any;
  beforeAll(async () => {
    t.clock.set(T0);
    d = await declare({ jurisdictions: ['DE', 'FR', 'US'] });
  });

  it('refuses items outside the scope, naming the item, and members not covered', async () => {
    const out = await file(d.id, 'de-regulator', { taxonomyCodes: ['EM.CONT.BSC', 'EM.OTHER'] });
    expect(out.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taxonomyCodes.1', item: 'EM.OTHER' });
    expect(out.errors![0].message).toContain('EM.OTHER');
    expect(errorCode(await file(d.id, 'jp-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await file(d.id, 'secretariat'))).toBe('FORBIDDEN');
  });

  it('approval inside the window creates an authorization with sunset, cadence and review date', async () => {
    t.clock.set(T0);
    const a = (await file(d.id, 'de-regulator', { requestedUntil: '2026-12-31T00:00:00Z' })).data!.fileFastTrackApplication;
    expect(a.decisionDueAt).toBe('2026-03-05T09:00:00.000Z'); // 72 h
    t.clock.set('2026-03-04T09:00:00Z');
    expect(errorCode(await t.gql(DECIDE, { input: { applicationId: a.id, approve: true, rationale: 'ok' } }, 'fr-regulator'))).toBe('FORBIDDEN');
    const r = (
      await t.ok<{ decideFastTrackApplication: any }>(
        DECIDE,
        { input: { applicationId: a.id, approve: true, rationale: 'urgent need', conditions: ['no re-export'], monitoringEveryDays: 14 } },
        'de-regulator',
      )
    ).decideFastTrackApplication;
    expect(r).toMatchObject({ status: 'APPROVED', overdue: false, overdueHours: null });
    // Sunset: the earliest of the requested end (Dec 31), the declaration's end (Sep 1) and the policy maximum (180 days → Aug 31).
    expect(r.authorization).toMatchObject({
      status: 'ACTIVE',
      sunsetAt: '2026-08-31T09:00:00.000Z',
      conditions: ['no re-export'],
      monitoringEveryDays: 14,
      nextReportDue: '2026-03-18T09:00:00.000Z',
      reviewDueAt: '2026-06-02T09:00:00.000Z', // 90 days
    });
    expect(errorCode(await t.gql(DECIDE, { input: { applicationId: a.id, approve: false, rationale: 'again' } }, 'de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('a late decision is still possible and its lateness is reported; refusal needs a rationale', async () => {
    t.clock.set(T0);
    const a = (await file(d.id)).data!.fileFastTrackApplication;
    t.clock.set('2026-03-05T21:00:00Z'); // 12 h past the window
    const list = await t.ok<{ fastTrackApplications: any }>(
      `{ fastTrackApplications(filter: { overdue: true }) { edges { node { id overdueHours } } } }`,
      {},
      'secretariat',
    );
    expect(list.fastTrackApplications.edges.find((e: any) => e.node.id === a.id).node.overdueHours).toBe(12);
    expect((await t.gql(DECIDE, { input: { applicationId: a.id, approve: false, rationale: '  ' } }, 'de-regulator')).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.rationale',
    });
    const r = (
      await t.ok<{ decideFastTrackApplication: any }>(
        DECIDE,
        { input: { applicationId: a.id, approve: false, rationale: 'end user not verified' } },
        'de-regulator',
      )
    ).decideFastTrackApplication;
    expect(r).toMatchObject({ status: 'REFUSED', overdue: true, overdueHours: 12, authorization: null });
  });
});

describe('provisional authorization lifecycle', () => {
  it('monitoring: on time keeps it active; overdue suspends it; the report reinstates it', async () => {
    t.clock.set(T0);
    const d = await declare();
    const { authorization: a } = await approved(d.id, { monitoringEveryDays: 30 });
    const s = await scheduler();
    t.clock.set('2026-03-20T09:00:00Z');
    const onTime = (
      await t.ok<{ submitMonitoringReport: any }>(
        REPORT,
        { input: { authorizationId: a.id, endUseVerified: true, shipments: [{ quantity: 4, shippedOn: '2026-03-10' }] } },
        'de-regulator',
      )
    ).submitMonitoringReport;
    expect(onTime).toMatchObject({ status: 'ACTIVE', nextReportDue: '2026-04-19T09:00:00.000Z' });
    expect(errorCode(await t.gql(REPORT, { input: { authorizationId: a.id, endUseVerified: true } }, 'fr-regulator'))).toBe('FORBIDDEN');
    const future = await t.gql(
      REPORT,
      { input: { authorizationId: a.id, endUseVerified: true, shipments: [{ quantity: 1, shippedOn: '2026-04-30' }] } },
      'de-regulator',
    );
    expect(future.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.shipments.0.shippedOn' });
    t.clock.set('2026-04-20T09:00:00Z');
    await s.runDue();
    const suspended = await t.ok<{ provisionalAuthorizations: any }>(AUTH, { f: { status: 'SUSPENDED' } }, 'secretariat');
    expect(suspended.provisionalAuthorizations.edges.map((e: any) => e.node.id)).toContain(a.id);
    const back = (
      await t.ok<{ submitMonitoringReport: any }>(REPORT, { input: { authorizationId: a.id, endUseVerified: true, incidents: 'none' } }, 'de-regulator')
    ).submitMonitoringReport;
    expect(back.status).toBe('ACTIVE');
    const trail = await t.ds.query(`SELECT action, actor_role FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [a.id]);
    expect(trail.map((e: any) => e.action)).toEqual([
      'PROVISIONAL_AUTHORIZATION.GRANTED',
      'PROVISIONAL_AUTHORIZATION.REPORT',
      'PROVISIONAL_AUTHORIZATION.SUSPEND',
      'PROVISIONAL_AUTHORIZATION.REINSTATE',
    ]);
    expect(trail[2].actor_role).toBe('SYSTEM');
  });

  it('expires at its sunset', async () => {
    t.clock.set(T0);
    const d = await declare();
    const { authorization: a } = await approved(d.id, { monitoringEveryDays: 365 });
    const s = await scheduler();
    t.clock.set(new Date(new Date(a.sunsetAt).getTime() + 1000).toISOString());
    await s.runDue();
    const r = await t.ok<{ provisionalAuthorizations: any }>(AUTH, { f: { status: 'EXPIRED', declarationId: d.id } }, 'analyst');
    expect(r.provisionalAuthorizations.edges.map((e: any) => e.node.id)).toEqual([a.id]);
    expect(errorCode(await t.gql(REPORT, { input: { authorizationId: a.id, endUseVerified: true } }, 'de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('post-approval review: confirm, revoke, or convert to a standard licence decision', async () => {
    t.clock.set(T0);
    const d = await declare();
    const [a1, a2, a3] = [(await approved(d.id)).authorization, (await approved(d.id)).authorization, (await approved(d.id)).authorization];
    expect(errorCode(await t.gql(REVIEW, { input: { authorizationId: a1.id, outcome: 'CONFIRM', rationale: 'x' } }, 'us-regulator'))).toBe('FORBIDDEN');
    expect(
      (
        await t.ok<{ completePostApprovalReview: any }>(
          REVIEW,
          { input: { authorizationId: a1.id, outcome: 'CONFIRM', rationale: 'monitoring clean' } },
          'de-regulator',
        )
      ).completePostApprovalReview.status,
    ).toBe('CONFIRMED');
    expect(
      (
        await t.ok<{ completePostApprovalReview: any }>(
          REVIEW,
          { input: { authorizationId: a2.id, outcome: 'REVOKE', rationale: 'diversion suspected' } },
          'secretariat',
        )
      ).completePostApprovalReview.status,
    ).toBe('REVOKED');
    const conv = (
      await t.ok<{ completePostApprovalReview: any }>(
        REVIEW,
        { input: { authorizationId: a3.id, outcome: 'CONVERT_TO_STANDARD', rationale: 'long-term need' } },
        'de-regulator',
      )
    ).completePostApprovalReview;
    expect(conv).toMatchObject({
      status: 'CONFIRMED',
      reviewOutcome: 'CONVERT_TO_STANDARD',
      convertedDecision: { outcome: 'GRANTED_WITH_CONDITIONS', jurisdiction: { code: 'DE' } },
    });
    expect(errorCode(await t.gql(REVIEW, { input: { authorizationId: a2.id, outcome: 'CONFIRM', rationale: 'x' } }, 'de-regulator'))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('flags an overdue post-approval review once', async () => {
    t.clock.set(T0);
    const d = await declare();
    const { authorization: a } = await approved(d.id, { monitoringEveryDays: 365 });
    const s = await scheduler();
    t.clock.set('2026-06-01T09:00:01Z'); // review due after 90 days (May 31)
    await s.runDue();
    await s.runDue();
    const events = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE subject_id = $1 AND action = 'PROVISIONAL_AUTHORIZATION.REVIEW_OVERDUE'`,
      [a.id],
    );
    expect(events[0].n).toBe(1);
  });

  // Changed: ending an emergency no longer cuts every authorization at once;
  // they wind down (policy emergencyWindDownDays, 30 days) and expire at the wind-down's end.
  it('ending the declaration early stops filings and winds its authorizations down', async () => {
    t.clock.set(T0);
    const d = await declare();
    const { authorization: a } = await approved(d.id, { monitoringEveryDays: 365 });
    t.clock.set('2026-04-01T00:00:00Z');
    expect(errorCode(await t.gql(END_EMERGENCY, { id: d.id }, 'de-regulator'))).toBe('FORBIDDEN');
    const ended = await t.ok<{ endEmergency: any }>(
      `mutation($id: ID!) { endEmergency(id: $id) { status endedAt effectiveEnd } }`,
      { id: d.id },
      'secretariat',
    );
    expect(ended.endEmergency).toMatchObject({ status: 'ENDED', endedAt: '2026-04-01T00:00:00.000Z' });
    const late = await file(d.id);
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    const s = await scheduler();
    t.clock.set('2026-04-01T00:00:01Z');
    await s.runDue();
    let r = await t.ok<{ provisionalAuthorizations: any }>(AUTH, { f: { declarationId: d.id } }, 'secretariat');
    expect(r.provisionalAuthorizations.edges[0].node).toMatchObject({ id: a.id, status: 'ACTIVE', sunsetAt: '2026-05-01T00:00:00.000Z' });
    t.clock.set('2026-05-01T00:00:01Z');
    await s.runDue();
    r = await t.ok<{ provisionalAuthorizations: any }>(AUTH, { f: { declarationId: d.id } }, 'secretariat');
    expect(r.provisionalAuthorizations.edges[0].node).toMatchObject({ id: a.id, status: 'EXPIRED', sunsetAt: '2026-05-01T00:00:00.000Z' });
  });

  it('two scheduler instances fire each time-driven transition once', async () => {
    t.clock.set(T0);
    const d = await declare();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await approved(d.id, { monitoringEveryDays: 7 })).authorization.id);
    const [s1, s2] = [await scheduler(), await scheduler()];
    t.clock.set('2026-03-09T09:00:01Z');
    await Promise.all([s1.runDue(), s2.runDue()]);
    const rows = await t.ds.query(
      `SELECT subject_id, count(*)::int AS n FROM audit_event WHERE subject_id = ANY($1) AND action = 'PROVISIONAL_AUTHORIZATION.SUSPEND' GROUP BY subject_id`,
      [ids],
    );
    expect(rows).toHaveLength(5);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
  });

  it('lists authorizations due within N days', async () => {
    t.clock.set(T0);
    const d = await declare();
    const { authorization: a } = await approved(d.id, { monitoringEveryDays: 10 });
    const within = (n: number) => t.ok<{ provisionalAuthorizations: any }>(AUTH, { f: { declarationId: d.id, dueWithinDays: n } }, 'secretariat');
    expect((await within(5)).provisionalAuthorizations.totalCount).toBe(0);
    expect((await within(10)).provisionalAuthorizations.edges.map((e: any) => e.node.id)).toEqual([a.id]);
  });
});
