/**
 * Dispute cases through the API, for the dispute test files: a declined recognition to
 * contest, filing, the panel's requests, constitution, submissions, votes and rulings,
 * and the scheduler's sweep.
 */
import { createLogger } from '../../src/shared/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import { createNodes } from './factories';
import {
  ADD_DISPUTE_SUBMISSION_STATUS,
  CAST_PANEL_VOTE_STATUS,
  CONSORTIUM_IDS,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  RECORD_LICENCE_DECISION,
  REQUEST_PANEL_STATUS,
  RESPOND_TO_RECOGNITION_REQUEST,
} from './operations';
import { createTestApp, seededPrincipal, type TestApp } from './test-app';

export let t: TestApp;
export let consortiumId: string;
export const T0 = '2026-03-02T09:00:00.000Z';
export const id = (handle: string) => seededPrincipal(handle).id;

/** The test app of a dispute test file, at T0, with the DT.FERM node its grants name. */
export function useDisputeApp(): void {
  beforeAll(async () => {
    t = await createTestApp({ start: T0 });
    consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
    await createNodes(t.ds, [{ code: 'DT' }, { code: 'DT.FERM', parentCode: 'DT' }]);
  });
  afterAll(() => t.close());
}

let n = 0;
/** `requester` asks `concerned` to recognize a grant; `decliner` declines. Returns the request and the decline's response id. */
export async function declined(requester: string, concerned: string[], decliner: string): Promise<{ requestId: string; responseId: string }> {
  n += 1;
  const dec = await t.ok<{ recordLicenceDecision: { id: string } }>(
    RECORD_LICENCE_DECISION,
    {
      i: {
        applicant: `Exporter ${n}`,
        endUser: { name: `Lab ${n}`, country: 'SG' },
        destination: 'SG',
        taxonomyCodes: ['DT.FERM'],
        outcome: 'GRANTED',
        rationale: 'ok',
      },
    },
    `${requester}-regulator`,
  );
  const req = await t.ok<{ fileMutualRecognitionRequest: { id: string } }>(
    FILE_MUTUAL_RECOGNITION_REQUEST,
    {
      i: {
        consortiumId,
        subjectKind: 'LICENCE_DECISION',
        subjectId: dec.recordLicenceDecision.id,
        concernedJurisdictions: concerned.map((c) => c.toUpperCase()),
        justification: 'x',
      },
    },
    `${requester}-regulator`,
  );
  const requestId = req.fileMutualRecognitionRequest.id;
  for (const c of concerned) {
    const decision = c === decliner ? { decision: 'DECLINE', rationale: 'criterion 2 not met' } : { decision: 'RECOGNIZE' };
    await t.ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId, ...decision } }, `${c}-regulator`);
  }
  const [{ id: responseId }] = await t.ds.query(`SELECT id FROM recognition_response WHERE request_id = $1 AND jurisdiction_code = $2`, [
    requestId,
    decliner.toUpperCase(),
  ]);
  return { requestId, responseId };
}

export const FILE = `mutation($i: FileDisputeInput!) { fileDispute(input: $i) { id status consultationEndsAt parties { role party } } }`;
export const CASE = `query($id: ID!) { disputeCase(id: $id) { id status round submissionCount submissions { title body confidentiality }
  panelists { handle } votes { vote } ruling { outcome rationale effect interim final effectAppliedAt } timeline { action }
  timetable { firstSubmissionsDue rebuttalsDue interimReportDue finalRulingDue urgent overdue } thirdParties { jurisdiction { code } }
  securityException { invoked statement assessment } } }`;
export const file = (responseId: string, as: string) =>
  t.gql<{ fileDispute: any }>(
    FILE,
    { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: responseId, grounds: 'the decline ignores our end-use checks' } },
    as,
  );
export const requestPanel = (disputeId: string, as: string) => t.gql(REQUEST_PANEL_STATUS, { id: disputeId }, as);
export const constitute = (disputeId: string, handles: string[], as = 'secretariat') =>
  t.gql(
    `mutation($id: ID!, $p: [ID!]!) { constitutePanel(id: $id, panelistIds: $p) { status panelists { handle } } }`,
    { id: disputeId, p: handles.map(id) },
    as,
  );
export const vote = (disputeId: string, as: string, v: string) =>
  t.gql<{ castPanelVote: any }>(CAST_PANEL_VOTE_STATUS, { i: { disputeId, vote: v, reasoning: `${as} finds ${v}` } }, as);
export const submit = (disputeId: string, as: string, title: string, confidentiality: string) =>
  t.gql(ADD_DISPUTE_SUBMISSION_STATUS, { i: { disputeId, title, body: `${title} — body text`, confidentiality } }, as);
export const getCase = async (disputeId: string, as = 'secretariat') => (await t.ok<{ disputeCase: any }>(CASE, { id: disputeId }, as)).disputeCase;

/** Each party files its first written submission (the panel deliberates after that). */
export async function hear(disputeId: string, parties: string[]): Promise<void> {
  for (const as of parties) expect((await submit(disputeId, as, `First written submission of ${as}`, 'PUBLIC')).errors).toBeUndefined();
}

/** Two panelists agree (the interim report), then each party comments: the ruling issues. */
export async function rule(disputeId: string, panel: string[], outcome: string, parties: string[]): Promise<void> {
  for (const as of panel) expect((await vote(disputeId, as, outcome)).errors).toBeUndefined();
  expect((await getCase(disputeId)).status).toBe('INTERIM_REPORT');
  for (const as of parties) expect((await submit(disputeId, as, `Comments of ${as} on the interim report`, 'PARTIES_AND_PANEL')).errors).toBeUndefined();
  expect((await getCase(disputeId)).status).toBe('RULING_ISSUED');
}

/** Run the scheduler's sweep once at the clock's time. */
export async function sweep(): Promise<void> {
  const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
  await s.start();
  try {
    await s.runDue();
  } finally {
    await s.stop();
  }
}

export async function toPanel(requester: string, decliner: string, panel: string[]): Promise<{ disputeId: string; requestId: string; responseId: string }> {
  const r = await declined(requester, [decliner], decliner);
  const d = (
    await t.ok<{ fileDispute: any }>(FILE, { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: r.responseId, grounds: 'g' } }, `${requester}-regulator`)
  ).fileDispute;
  await requestPanel(d.id, `${requester}-regulator`);
  await requestPanel(d.id, `${decliner}-regulator`);
  expect((await constitute(d.id, panel)).errors).toBeUndefined();
  return { disputeId: d.id, ...r };
}
