/**
 * trigger and affected destinations; quantities and shipments
 * counted against them; monitoring after CONFIRM and expiry at the sunset; extension and
 * amended conditions through the table; wind-down when the emergency ends; escalation of
 * late applications; notifications; register amended on status changes.
 */
import { createNodes } from '../support/factories';
import { CONSORTIUM_IDS } from '../support/operations';
import { testSchedulers } from '../support/schedulers';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const { scheduler, stopSchedulers } = testSchedulers(() => t);
const T0 = '2026-03-02T09:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp({ start: T0 });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'WD' }, { code: 'WD.CONT', parentCode: 'WD' }]);
});
afterAll(async () => {
  await stopSchedulers();
  await t.close();
});

const DECLARE = `mutation($input: DeclareEmergencyInput!) { declareEmergency(input: $input) { id trigger affectedDestinations } }`;
const FILE = `mutation($input: FastTrackApplicationInput!) { fileFastTrackApplication(input: $input) { id status quantity quantityUnit escalatedAt } }`;
const DECIDE = `mutation($input: FastTrackDecisionInput!) { decideFastTrackApplication(input: $input) { id authorization { id status authorizedQuantity shippedQuantity sunsetAt } } }`;
const REPORT = `mutation($input: MonitoringReportInput!) { submitMonitoringReport(input: $input) { id status shippedQuantity authorizedQuantity nextReportDue } }`;
const REVIEW = `mutation($input: PostApprovalReviewInput!) { completePostApprovalReview(input: $input) { id status nextReportDue sunsetAt } }`;
const EXTEND = `mutation($id: ID!, $until: DateTime!, $r: String!) { extendProvisionalAuthorization(id: $id, until: $until, rationale: $r) { id status sunsetAt } }`;
const AMEND = `mutation($id: ID!, $c: [String!]!, $r: String!) { amendProvisionalAuthorizationConditions(id: $id, conditions: $c, rationale: $r) { id status conditions } }`;
const END = `mutation($id: ID!) { endEmergency(id: $id) { id endedAt } }`;
const AUTHS = `query($f: ProvisionalAuthorizationFilter) { provisionalAuthorizations(filter: $f, first: 50) { edges { node { id status sunsetAt windDownUntil nextReportDue shippedQuantity } } } }`;

const declare = async (over: Record<string, unknown> = {}) =>
  (
    await t.ok<{ declareEmergency: any }>(
      DECLARE,
      {
        input: {
          consortiumId,
          title: `Outbreak ${Math.random()}`,
          taxonomyCodes: ['WD.CONT'],
          endsAt: '2026-12-01T00:00:00Z',
          trigger: 'WHO IHR PHEIC 2026-03',
          affectedDestinations: ['KE', 'ug'],
          ...over,
        },
      },
      'secretariat',
    )
  ).declareEmergency;
const file = (declarationId: string, over: Record<string, unknown> = {}) =>
  t.gql<{ fileFastTrackApplication: any }>(
    FILE,
    {
      input: {
        declarationId,
        applicant: 'SafeLab GmbH',
        endUser: { name: 'Field Hospital', country: 'KE' },
        destination: 'KE',
        taxonomyCodes: ['WD.CONT'],
        justification: 'isolation units',
        quantity: 100,
        quantityUnit: 'units',
        ...over,
      },
    },
    'de-regulator',
  );
async function approved(declarationId: string): Promise<any> {
  const a = (await file(declarationId)).data!.fileFastTrackApplication;
  return (
    await t.ok<{ decideFastTrackApplication: any }>(
      DECIDE,
      { input: { applicationId: a.id, approve: true, rationale: 'urgent need', conditions: ['no re-export'] } },
      'de-regulator',
    )
  ).decideFastTrackApplication.authorization;
}
const auth = async (id: string) =>
  (await t.ok<any>(AUTHS, { f: { jurisdiction: 'DE' } }, 'secretariat')).provisionalAuthorizations.edges.map((e: any) => e.node).find((a: any) => a.id === id);
const report = (authorizationId: string, shipments: unknown[]) =>
  t.gql<any>(REPORT, { input: { authorizationId, endUseVerified: true, shipments } }, 'de-regulator');
const register = (id: string) =>
  t.ds.query<any[]>(`SELECT title, summary, details FROM register_entry WHERE subject_id = $1 ORDER BY published_at, title`, [id]);

describe('declaration: trigger and affected destinations', () => {
  it('records the trigger and destinations, and refuses an application to another destination with a clear error', async () => {
    t.clock.set(T0);
    const d = await declare();
    expect(d).toMatchObject({ trigger: 'WHO IHR PHEIC 2026-03', affectedDestinations: ['KE', 'UG'] });
    const out = await file(d.id, { destination: 'BR' });
    expect(out.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.destination', affectedDestinations: ['KE', 'UG'] });
    expect(out.errors![0].message).toContain('not an affected destination');
    const ok = await file(d.id, { destination: 'UG', quantity: 5, quantityUnit: 'kits' });
    expect(ok.data!.fileFastTrackApplication).toMatchObject({ status: 'SUBMITTED', quantity: 5, quantityUnit: 'kits' });
    const bad = await t.gql(
      DECLARE,
      { input: { consortiumId, title: 'x', taxonomyCodes: ['WD'], endsAt: '2026-12-01T00:00:00Z', affectedDestinations: ['Kenya'] } },
      'secretariat',
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.affectedDestinations.0' });
    expect(errorCode(await file(d.id, { quantity: -1 }))).toBe('BAD_USER_INPUT');
  });
});

describe('quantities: shipments counted against the authorized quantity', () => {
  it('counts shipments and refuses a report that would go over the quantity authorized', async () => {
    t.clock.set(T0);
    const d = await declare();
    const a = await approved(d.id);
    expect(a).toMatchObject({ status: 'ACTIVE', authorizedQuantity: 100, shippedQuantity: 0 });
    t.clock.set('2026-03-10T09:00:00Z');
    const r1 = await report(a.id, [{ quantity: 60, shippedOn: '2026-03-05' }]);
    expect(r1.data!.submitMonitoringReport).toMatchObject({ status: 'ACTIVE', shippedQuantity: 60, authorizedQuantity: 100 });
    const over = await report(a.id, [
      { quantity: 30, shippedOn: '2026-03-06' },
      { quantity: 20, unit: 'units', shippedOn: '2026-03-07' },
    ]);
    expect(over.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.shipments',
      authorizedQuantity: 100,
      shippedQuantity: 60,
      reported: 50,
    });
    const unit = await report(a.id, [{ quantity: 1, unit: 'kg', shippedOn: '2026-03-06' }]);
    expect(unit.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.shipments.0.unit' });
    expect((await auth(a.id)).shippedQuantity).toBe(60);
    expect((await report(a.id, [{ quantity: 40, shippedOn: '2026-03-08' }])).data!.submitMonitoringReport.shippedQuantity).toBe(100);
    t.clock.set(T0);
  });
});

describe('after the post-approval review', () => {
  it('a confirmed authorization is still monitored (next report due, suspended when overdue) and expires at its sunset unless extended', async () => {
    t.clock.set(T0);
    const d = await declare({ endsAt: '2026-08-01T00:00:00Z' });
    const a = await approved(d.id); // sunset: the declaration's end (before the 180-day maximum)
    t.clock.set('2026-03-20T09:00:00Z');
    const c = (await t.ok<any>(REVIEW, { input: { authorizationId: a.id, outcome: 'CONFIRM', rationale: 'end use verified' } }, 'de-regulator'))
      .completePostApprovalReview;
    expect(c.status).toBe('CONFIRMED');
    expect(new Date(c.nextReportDue).getTime()).toBeGreaterThan(new Date('2026-03-20T09:00:00Z').getTime());
    const s = await scheduler();
    // The report falls due: a confirmed authorization is suspended like any other…
    t.clock.set('2026-04-02T09:00:00Z');
    await s.runDue();
    expect((await auth(a.id)).status).toBe('SUSPENDED');
    const reg = await register(a.id);
    expect(reg.at(-1).title).toContain(': SUSPENDED');
    expect(reg.at(-1).summary).toMatch(/^Suspended since/);
    expect(reg.at(-1).summary).not.toContain('In force');
    // …and a report brings it back to CONFIRMED, with the next report due.
    const back = (await report(a.id, [])).data!.submitMonitoringReport;
    expect(back.status).toBe('CONFIRMED');
    expect(back.nextReportDue).toBe('2026-05-02T09:00:00.000Z');
    // Extended (with a rationale, audited) — bounded by the declaration's end.
    const tooFar = await t.gql(EXTEND, { id: a.id, until: '2026-10-01T00:00:00Z', r: 'more time' }, 'de-regulator');
    expect(tooFar.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    expect(errorCode(await t.gql(EXTEND, { id: a.id, until: '2026-07-01T00:00:00Z', r: 'x' }, 'fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(EXTEND, { id: a.id, until: '2026-07-01T00:00:00Z', r: 'x' }, 'de-regulator'))).toBe('BAD_USER_INPUT'); // not later than the sunset
    const amended = (await t.ok<any>(AMEND, { id: a.id, c: ['no re-export', 'quarterly end-use check'], r: 'incident in March' }, 'de-regulator'))
      .amendProvisionalAuthorizationConditions;
    expect(amended).toMatchObject({ status: 'CONFIRMED', conditions: ['no re-export', 'quarterly end-use check'] });
    const trail = await t.ds.query(`SELECT action, rationale FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [a.id]);
    expect(trail.map((e: any) => e.action)).toEqual(
      expect.arrayContaining([
        'PROVISIONAL_AUTHORIZATION.CONFIRM',
        'PROVISIONAL_AUTHORIZATION.SUSPEND',
        'PROVISIONAL_AUTHORIZATION.REINSTATE_CONFIRMED',
        'PROVISIONAL_AUTHORIZATION.AMEND_CONDITIONS',
      ]),
    );
    expect(trail.find((e: any) => e.action === 'PROVISIONAL_AUTHORIZATION.AMEND_CONDITIONS').rationale).toBe('incident in March');
    // Expires at its sunset.
    t.clock.set('2026-08-01T00:00:01Z');
    await s.runDue();
    expect((await auth(a.id)).status).toBe('EXPIRED');
    expect((await register(a.id)).at(-1).summary).toContain('no longer in force');
    t.clock.set(T0);
  });

  it('extends an authorization within the declaration and the policy maximum', async () => {
    t.clock.set(T0);
    const d = await declare({ endsAt: '2026-12-01T00:00:00Z' });
    const app = (await file(d.id, { requestedUntil: '2026-05-01T00:00:00Z' })).data!.fileFastTrackApplication;
    const a = (await t.ok<any>(DECIDE, { input: { applicationId: app.id, approve: true, rationale: 'ok' } }, 'de-regulator')).decideFastTrackApplication
      .authorization;
    expect(a.sunsetAt).toBe('2026-05-01T00:00:00.000Z');
    const e = (await t.ok<any>(EXTEND, { id: a.id, until: '2026-07-01T00:00:00Z', r: 'outbreak continues' }, 'de-regulator')).extendProvisionalAuthorization;
    expect(e).toMatchObject({ status: 'ACTIVE', sunsetAt: '2026-07-01T00:00:00.000Z' });
    const trail = await t.ds.query(`SELECT action, rationale FROM audit_event WHERE subject_id = $1 AND action = 'PROVISIONAL_AUTHORIZATION.EXTEND'`, [a.id]);
    expect(trail).toEqual([{ action: 'PROVISIONAL_AUTHORIZATION.EXTEND', rationale: 'outbreak continues' }]);
  });
});

describe('ending an emergency', () => {
  it('starts a wind-down: windDownUntil in the future, the authorization not yet expired', async () => {
    t.clock.set(T0);
    const d = await declare();
    const a = await approved(d.id);
    t.clock.set('2026-03-20T09:00:00Z'); // before the first report is due
    await t.ok(END, { id: d.id }, 'secretariat');
    const after = await auth(a.id);
    expect(after.status).toBe('ACTIVE');
    expect(after.windDownUntil).toBe('2026-04-19T09:00:00.000Z'); // policy: 30 days
    expect(after.sunsetAt).toBe('2026-04-19T09:00:00.000Z');
    const s = await scheduler();
    await s.runDue();
    expect((await auth(a.id)).status).toBe('ACTIVE');
    expect((await register(a.id)).at(-1).summary).toContain('wind-down until 2026-04-19');
    // No new filings, and no extension past the wind-down.
    expect(errorCode(await file(d.id))).toBe('DEADLINE_PASSED');
    expect(errorCode(await t.gql(EXTEND, { id: a.id, until: '2026-06-01T00:00:00Z', r: 'x' }, 'de-regulator'))).toBe('BAD_USER_INPUT');
    t.clock.set('2026-04-19T09:00:01Z');
    await s.runDue();
    expect((await auth(a.id)).status).toBe('EXPIRED');
    t.clock.set(T0);
  });
});

describe('late applications and notifications', () => {
  it('escalates an application undecided past the window once: audit, notification, register count', async () => {
    t.clock.set(T0);
    const d = await declare();
    const app = (await file(d.id)).data!.fileFastTrackApplication;
    const s = await scheduler();
    const sub = t.app.pubSub.subscribe('FAST_TRACK_ESCALATED')[Symbol.asyncIterator]();
    const heard = sub.next();
    t.clock.set('2026-03-05T08:59:00Z');
    await s.runDue();
    expect((await t.ds.query(`SELECT escalated_at FROM fast_track_application WHERE id = $1`, [app.id]))[0].escalated_at).toBeNull();
    t.clock.set('2026-03-05T09:00:01Z'); // 72 hours
    await s.runDue();
    await s.runDue();
    const audit = await t.ds.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND action = 'FAST_TRACK.ESCALATED'`, [app.id]);
    expect(audit).toHaveLength(1);
    const reg = await register(d.id);
    expect(reg.at(-1).details.escalatedApplications).toBe(1);
    const decls = await t.ok<any>(`{ emergencyDeclarations { id escalatedApplications } }`); // public
    expect(decls.emergencyDeclarations.find((x: any) => x.id === d.id).escalatedApplications).toBe(1);
    const stats = await t.ok<any>(`query($c: ID!) { transparencyStats(consortiumId: $c) { escalatedApplications } }`, { c: consortiumId });
    expect(stats.transparencyStats.escalatedApplications).toBeGreaterThanOrEqual(1);
    let timer: NodeJS.Timeout | undefined;
    const got = (await Promise.race([heard, new Promise((r) => (timer = setTimeout(() => r(null), 3000)))])) as any;
    clearTimeout(timer);
    await sub.return?.();
    expect(got?.value).toMatchObject({ type: 'FAST_TRACK_ESCALATED', id: app.id, audience: ['DE'] });
    t.clock.set(T0);
  });

  it('notifies the other members when an authorization takes effect', async () => {
    t.clock.set(T0);
    const d = await declare({ jurisdictions: ['DE', 'FR'] });
    const sub = t.app.pubSub.subscribe('PROVISIONAL_AUTHORIZATION_UPDATED')[Symbol.asyncIterator]();
    const next = sub.next();
    const a = await approved(d.id);
    let timer: NodeJS.Timeout | undefined;
    const heard = (await Promise.race([next, new Promise((r) => (timer = setTimeout(() => r(null), 3000)))])) as any;
    clearTimeout(timer);
    await sub.return?.();
    expect(heard?.value).toMatchObject({ type: 'PROVISIONAL_AUTHORIZATION_UPDATED', id: a.id, event: 'GRANTED', audience: ['DE', 'FR'] });
  });
});
