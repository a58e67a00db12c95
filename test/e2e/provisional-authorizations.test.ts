/**
 * Provisional authorizations after the fact: converting one to a standard licence respects a
 * denial in force, and a suspension a ruling ordered is not lifted by a monitoring report.
 */
import { createNodes } from '../support/factories';
import {
  ADD_DISPUTE_SUBMISSION_STATUS,
  CAST_PANEL_VOTE_STATUS,
  CONSORTIUM_IDS,
  DECIDE_FAST_TRACK_APPLICATION,
  DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
  DECLARE_EMERGENCY,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  RECORD_LICENCE_DECISION,
  REQUEST_PANEL_STATUS,
} from '../support/operations';
import { createTestApp, errorCode, seededPrincipal, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'RF' }, { code: 'RF.X', parentCode: 'RF' }]);
});
afterAll(() => t.close());

it('converting a provisional authorization to a standard licence respects a denial in force', async () => {
  const endUser = { name: 'Denied Lab', country: 'AE' };
  await t.ok(
    RECORD_LICENCE_DECISION,
    { i: { applicant: 'X', endUser, destination: 'AE', taxonomyCodes: ['RF.X'], outcome: 'DENIED', rationale: 'risk' } },
    'fr-regulator',
  );
  const d = await t.ok<{ declareEmergency: any }>(
    DECLARE_EMERGENCY,
    { i: { consortiumId, title: 't', taxonomyCodes: ['RF'], endsAt: '2026-09-01T00:00:00Z' } },
    'secretariat',
  );
  const app = await t.ok<{ fileFastTrackApplication: any }>(
    FILE_FAST_TRACK_APPLICATION,
    { i: { declarationId: d.declareEmergency.id, applicant: 'Y', endUser, destination: 'AE', taxonomyCodes: ['RF.X'], justification: 'j' } },
    'de-regulator',
  );
  const approve = await t.gql(
    DECIDE_FAST_TRACK_APPLICATION,
    { i: { applicationId: app.fileFastTrackApplication.id, approve: true, rationale: 'r' } },
    'de-regulator',
  );
  expect(errorCode(approve)).toBe('CONFLICT');
  expect(await t.ds.query('SELECT count(*)::int AS n FROM provisional_authorization')).toEqual([{ n: 0 }]);
});

it('a suspension ordered by a ruling is not lifted by a monitoring report', async () => {
  const d = await t.ok<{ declareEmergency: any }>(
    DECLARE_EMERGENCY,
    { i: { consortiumId, title: 't2', taxonomyCodes: ['RF'], endsAt: '2026-09-01T00:00:00Z' } },
    'secretariat',
  );
  const app = await t.ok<{ fileFastTrackApplication: any }>(
    FILE_FAST_TRACK_APPLICATION,
    {
      i: {
        declarationId: d.declareEmergency.id,
        applicant: 'Y',
        endUser: { name: 'Clinic', country: 'KE' },
        destination: 'KE',
        taxonomyCodes: ['RF.X'],
        justification: 'j',
      },
    },
    'us-regulator',
  );
  const auth = (
    await t.ok<{ decideFastTrackApplication: any }>(
      DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
      { i: { applicationId: app.fileFastTrackApplication.id, approve: true, rationale: 'r' } },
      'us-regulator',
    )
  ).decideFastTrackApplication.authorization.id;
  const disp = (
    await t.ok<{ fileDispute: any }>(FILE_DISPUTE, { i: { contestedKind: 'PROVISIONAL_AUTHORIZATION', contestedId: auth, grounds: 'g' } }, 'fr-regulator')
  ).fileDispute;
  t.clock.advanceDays(61);
  await t.ok(REQUEST_PANEL_STATUS, { id: disp.id }, 'fr-regulator');
  await t.ok(
    `mutation($id: ID!, $p: [ID!]!) { constitutePanel(id: $id, panelistIds: $p) { status } }`,
    { id: disp.id, p: ['panelist-nz', 'panelist-sg', 'panelist-no'].map((h) => seededPrincipal(h).id) },
    'secretariat',
  );
  const vote = (h: string, v: string) => t.gql(CAST_PANEL_VOTE_STATUS, { i: { disputeId: disp.id, vote: v, reasoning: 'r' } }, h);
  const submit = (as: string, title: string) =>
    t.ok(ADD_DISPUTE_SUBMISSION_STATUS, { i: { disputeId: disp.id, title, body: 'b', confidentiality: 'PUBLIC' } }, as);
  for (const as of ['fr-regulator', 'us-regulator']) await submit(as, `${as} first submission`);
  await vote('panelist-nz', 'REMAND');
  await vote('panelist-sg', 'REMAND');
  for (const as of ['fr-regulator', 'us-regulator']) await submit(as, `${as} comments on the interim report`);
  // The ruling takes effect when its appeal window closes (the sweep's dispute task).
  t.clock.advanceDays(31);
  expect(await t.app.services.disputes.fireDue(disp.id, 'CLOSE')).toBe(true);
  const report = await t.gql(
    `mutation($i: MonitoringReportInput!) { submitMonitoringReport(input: $i) { status } }`,
    { i: { authorizationId: auth, endUseVerified: true } },
    'us-regulator',
  );
  expect(errorCode(report)).toBe('INVALID_TRANSITION');
  expect(report.errors![0].message).toMatch(/post-approval review/);
  const review = await t.ok<{ completePostApprovalReview: any }>(
    `mutation($i: PostApprovalReviewInput!) { completePostApprovalReview(input: $i) { status } }`,
    { i: { authorizationId: auth, outcome: 'CONFIRM', rationale: 'reviewed again' } },
    'us-regulator',
  );
  expect(review.completePostApprovalReview.status).toBe('CONFIRMED');
  t.clock.set('2026-03-02T09:00:00Z');
});
