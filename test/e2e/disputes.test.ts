import { createLogger } from '../../src/shared/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import { createNodes } from '../support/factories';
import {
  ADD_DISPUTE_SUBMISSION_STATUS,
  CAST_PANEL_VOTE_STATUS,
  CONSORTIUM_IDS,
  DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
  DECLARE_EMERGENCY,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  PROPOSE_MAPPING,
  RECORD_DENIAL_CONSULTATION,
  RECORD_LICENCE_DECISION,
  REQUEST_PANEL_STATUS,
  RESPOND_TO_RECOGNITION_REQUEST,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
} from '../support/operations';
import { createTestApp, errorCode, seededPrincipal, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const T0 = '2026-03-02T09:00:00.000Z';
const id = (handle: string) => seededPrincipal(handle).id;

beforeAll(async () => {
  t = await createTestApp({ start: T0 });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'DT' }, { code: 'DT.FERM', parentCode: 'DT' }]);
});
afterAll(() => t.close());

let n = 0;
/** `requester` asks `concerned` to recognize a grant; `decliner` declines. Returns the request and the decline's response id. */
async function declined(requester: string, concerned: string[], decliner: string): Promise<{ requestId: string; responseId: string }> {
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

const FILE = `mutation($i: FileDisputeInput!) { fileDispute(input: $i) { id status consultationEndsAt parties { role party } } }`;
const CASE = `query($id: ID!) { disputeCase(id: $id) { id status round submissionCount submissions { title body confidentiality }
  panelists { handle } votes { vote } ruling { outcome rationale effect interim final effectAppliedAt } timeline { action }
  timetable { firstSubmissionsDue rebuttalsDue interimReportDue finalRulingDue urgent overdue } thirdParties { jurisdiction { code } }
  securityException { invoked statement assessment } } }`;
const file = (responseId: string, as: string) =>
  t.gql<{ fileDispute: any }>(
    FILE,
    { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: responseId, grounds: 'the decline ignores our end-use checks' } },
    as,
  );
const requestPanel = (disputeId: string, as: string) => t.gql(REQUEST_PANEL_STATUS, { id: disputeId }, as);
const constitute = (disputeId: string, handles: string[], as = 'secretariat') =>
  t.gql(
    `mutation($id: ID!, $p: [ID!]!) { constitutePanel(id: $id, panelistIds: $p) { status panelists { handle } } }`,
    { id: disputeId, p: handles.map(id) },
    as,
  );
const vote = (disputeId: string, as: string, v: string) =>
  t.gql<{ castPanelVote: any }>(CAST_PANEL_VOTE_STATUS, { i: { disputeId, vote: v, reasoning: `${as} finds ${v}` } }, as);
const submit = (disputeId: string, as: string, title: string, confidentiality: string) =>
  t.gql(ADD_DISPUTE_SUBMISSION_STATUS, { i: { disputeId, title, body: `${title} — body text`, confidentiality } }, as);
const getCase = async (disputeId: string, as = 'secretariat') => (await t.ok<{ disputeCase: any }>(CASE, { id: disputeId }, as)).disputeCase;

/** Each party files its first written submission (the panel deliberates after that). */
async function hear(disputeId: string, parties: string[]): Promise<void> {
  for (const as of parties) expect((await submit(disputeId, as, `First written submission of ${as}`, 'PUBLIC')).errors).toBeUndefined();
}

/** Two panelists agree (the interim report), then each party comments: the ruling issues. */
async function rule(disputeId: string, panel: string[], outcome: string, parties: string[]): Promise<void> {
  for (const as of panel) expect((await vote(disputeId, as, outcome)).errors).toBeUndefined();
  expect((await getCase(disputeId)).status).toBe('INTERIM_REPORT');
  for (const as of parties) expect((await submit(disputeId, as, `Comments of ${as} on the interim report`, 'PARTIES_AND_PANEL')).errors).toBeUndefined();
  expect((await getCase(disputeId)).status).toBe('RULING_ISSUED');
}

/** Run the scheduler's sweep once at the clock's time. */
async function sweep(): Promise<void> {
  const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
  await s.start();
  try {
    await s.runDue();
  } finally {
    await s.stop();
  }
}

async function toPanel(requester: string, decliner: string, panel: string[]): Promise<{ disputeId: string; requestId: string; responseId: string }> {
  const r = await declined(requester, [decliner], decliner);
  const d = (
    await t.ok<{ fileDispute: any }>(FILE, { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: r.responseId, grounds: 'g' } }, `${requester}-regulator`)
  ).fileDispute;
  await requestPanel(d.id, `${requester}-regulator`);
  await requestPanel(d.id, `${decliner}-regulator`);
  expect((await constitute(d.id, panel)).errors).toBeUndefined();
  return { disputeId: d.id, ...r };
}

describe('filing and consultation', () => {
  it('only an affected member files; consultation starts with the policy period; parties may settle', async () => {
    t.clock.set(T0);
    const { responseId } = await declined('de', ['nl', 'fr'], 'nl');
    expect(errorCode(await file(responseId, 'us-regulator'))).toBe('FORBIDDEN'); // not affected
    expect(errorCode(await file(responseId, 'nl-regulator'))).toBe('FORBIDDEN'); // its own decision
    expect(errorCode(await file(responseId, 'secretariat'))).toBe('FORBIDDEN');
    const d = (await file(responseId, 'de-regulator')).data!.fileDispute;
    expect(d).toMatchObject({
      status: 'CONSULTATION',
      consultationEndsAt: '2026-05-01T09:00:00.000Z',
      parties: [
        { role: 'COMPLAINANT', party: 'DE' },
        { role: 'RESPONDENT', party: 'NL' },
      ],
    });
    expect(errorCode(await file(responseId, 'de-regulator'))).toBe('CONFLICT'); // one open dispute per decision
    expect(errorCode(await t.gql(`mutation($id: ID!) { settleDispute(id: $id, terms: "x") { status } }`, { id: d.id }, 'us-regulator'))).toBe('FORBIDDEN');
    const settled = await t.ok<{ settleDispute: any }>(
      `mutation($id: ID!) { settleDispute(id: $id, terms: "NL recognizes with an end-use check") { status settlementTerms closedAt } }`,
      { id: d.id },
      'nl-regulator',
    );
    expect(settled.settleDispute).toMatchObject({ status: 'SETTLED', settlementTerms: 'NL recognizes with an end-use check' });
    expect(errorCode(await requestPanel(d.id, 'de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('a panel is requested by both parties before the consultation ends, by one after it', async () => {
    t.clock.set(T0);
    const a = await declined('de', ['nl'], 'nl');
    const d1 = (await file(a.responseId, 'de-regulator')).data!.fileDispute;
    expect((await requestPanel(d1.id, 'de-regulator')).data!.requestPanel.status).toBe('CONSULTATION');
    expect((await requestPanel(d1.id, 'nl-regulator')).data!.requestPanel.status).toBe('PANEL_REQUESTED');
    const b = await declined('fr', ['nl'], 'nl');
    const d2 = (await file(b.responseId, 'fr-regulator')).data!.fileDispute;
    t.clock.set('2026-05-02T09:00:00Z');
    expect((await requestPanel(d2.id, 'fr-regulator')).data!.requestPanel.status).toBe('PANEL_REQUESTED');
    t.clock.set(T0);
  });
});

describe('panels', () => {
  it('refuses a national of a party, a declared conflict, the wrong size and anyone but the secretariat', async () => {
    t.clock.set(T0);
    const r = await declined('de', ['nl'], 'nl');
    const d = (await file(r.responseId, 'de-regulator')).data!.fileDispute;
    await requestPanel(d.id, 'de-regulator');
    await requestPanel(d.id, 'nl-regulator');
    const national = await constitute(d.id, ['panelist-nz', 'panelist-de', 'panelist-sg']);
    expect(national.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds.1', handle: 'panelist-de' });
    expect(national.errors![0].message).toContain('panelist-de');
    await t.ok(`mutation($id: ID!) { declarePanelConflict(disputeId: $id, note: "advised NL on this licence") { id } }`, { id: d.id }, 'panelist-za');
    const conflict = await constitute(d.id, ['panelist-za', 'panelist-nz', 'panelist-sg']);
    expect(conflict.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds.0', handle: 'panelist-za' });
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg'])).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds' });
    expect(errorCode(await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'], 'de-regulator'))).toBe('FORBIDDEN');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    expect((await getCase(d.id)).status).toBe('PANEL_CONSTITUTED');
  });
});

describe('confidentiality of submissions', () => {
  let disputeId: string;
  beforeAll(async () => {
    t.clock.set(T0);
    ({ disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']));
    expect((await submit(disputeId, 'de-regulator', 'Public brief', 'PUBLIC')).errors).toBeUndefined();
    expect((await submit(disputeId, 'de-regulator', 'Shared annex SECRET-P', 'PARTIES_AND_PANEL')).errors).toBeUndefined();
    expect((await submit(disputeId, 'nl-regulator', 'Intelligence SECRET-X', 'PANEL_ONLY')).errors).toBeUndefined();
  });

  const ALL = ['PANEL_ONLY', 'PARTIES_AND_PANEL', 'PUBLIC'];
  it.each([
    ['panelist-nz', ALL],
    ['panelist-sg', ALL],
    ['de-regulator', ['PARTIES_AND_PANEL', 'PUBLIC']],
    ['nl-regulator', ['PARTIES_AND_PANEL', 'PUBLIC']],
    ['us-regulator', ['PUBLIC']],
    ['analyst', ['PUBLIC']],
    ['secretariat', ['PUBLIC']],
  ])('%s reads exactly %j', async (who, levels) => {
    const c = await getCase(disputeId, who);
    expect(c.submissions.map((s: any) => s.confidentiality).sort()).toEqual(levels);
    expect(c.submissionCount).toBe(levels.length);
  });

  it('a panelist of another case does not see this case; anonymous callers get nothing', async () => {
    expect((await t.ok(CASE, { id: disputeId }, 'panelist-br')).disputeCase).toBeNull();
    expect(errorCode(await t.gql(CASE, { id: disputeId }))).toBe('UNAUTHENTICATED');
    const list = await t.ok<{ disputeCases: any }>(`{ disputeCases { totalCount edges { node { id } } } }`, {}, 'panelist-br');
    expect(list.disputeCases.edges.map((e: any) => e.node.id)).not.toContain(disputeId);
  });

  it('no audit read leaks a confidential submission', async () => {
    const trail = await t.ok<{ auditTrail: any }>(
      `query($id: ID!) { auditTrail(subjectId: $id, first: 100) { edges { node { before after rationale } } } }`,
      { id: disputeId },
      'secretariat',
    );
    const text = JSON.stringify(trail);
    expect(text).toContain('Public brief');
    expect(text).not.toMatch(/SECRET-P|SECRET-X/);
    const nonParty = await getCase(disputeId, 'us-regulator');
    expect(JSON.stringify(nonParty)).not.toMatch(/SECRET/);
  });

  it('only parties submit; the first vote closes submissions', async () => {
    expect(errorCode(await submit(disputeId, 'us-regulator', 'x', 'PUBLIC'))).toBe('FORBIDDEN');
    expect(errorCode(await submit(disputeId, 'panelist-nz', 'x', 'PUBLIC'))).toBe('FORBIDDEN');
    await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(await submit(disputeId, 'de-regulator', 'late', 'PUBLIC'))).toBe('INVALID_TRANSITION');
  });
});

describe('rulings', () => {
  const REQ = `query($id: ID!) { mutualRecognitionRequest(id: $id) { status responses { jurisdiction { code } decision originalDecision overturnedByDisputeId } } }`;
  const request = async (id: string) => (await t.ok<{ mutualRecognitionRequest: any }>(REQ, { id }, 'secretariat')).mutualRecognitionRequest;

  it('overturning a decline: interim report, comments, one rationale; it takes effect only when the appeal window closes', async () => {
    t.clock.set(T0);
    const { disputeId, requestId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    await submit(disputeId, 'nl-regulator', 'Only for the panel SECRET-Z', 'PANEL_ONLY');
    await submit(disputeId, 'de-regulator', 'Our brief', 'PUBLIC');
    expect((await request(requestId)).status).toBe('DECLINED');
    expect(errorCode(await vote(disputeId, 'panelist-br', 'OVERTURN'))).toBe('FORBIDDEN');
    expect((await vote(disputeId, 'panelist-nz', 'OVERTURN')).data!.castPanelVote.status).toBe('DELIBERATION');
    expect(errorCode(await vote(disputeId, 'panelist-nz', 'UPHOLD'))).toBe('INVALID_TRANSITION'); // each panelist once
    expect((await getCase(disputeId, 'de-regulator')).votes).toEqual([]); // votes are shown after the ruling
    expect((await vote(disputeId, 'panelist-sg', 'OVERTURN')).data!.castPanelVote.status).toBe('INTERIM_REPORT');
    // The interim report is before the parties, not the public register or other members.
    expect((await getCase(disputeId, 'de-regulator')).ruling).toMatchObject({ outcome: 'OVERTURN', interim: true, final: false });
    expect((await getCase(disputeId, 'us-regulator')).ruling).toBeNull();
    expect(await t.ds.query(`SELECT 1 FROM register_entry WHERE subject_id = $1`, [disputeId])).toHaveLength(0);
    expect(errorCode(await vote(disputeId, 'panelist-no', 'UPHOLD'))).toBe('INVALID_TRANSITION');
    await submit(disputeId, 'de-regulator', 'DE comments', 'PARTIES_AND_PANEL');
    expect((await getCase(disputeId)).status).toBe('INTERIM_REPORT'); // until each party has commented
    await submit(disputeId, 'nl-regulator', 'NL comments', 'PARTIES_AND_PANEL');
    const c = await getCase(disputeId, 'de-regulator');
    expect(c.status).toBe('RULING_ISSUED');
    expect(c.ruling).toMatchObject({ outcome: 'OVERTURN', interim: false, final: false, effectAppliedAt: null });
    // One reasoned rationale, not the votes pasted together.
    expect(c.ruling.rationale).toBe('panelist-nz finds OVERTURN');
    expect(c.votes).toHaveLength(2);
    // The contested answer is unchanged while the appeal window is open.
    expect((await request(requestId)).status).toBe('DECLINED');
    const reg = await t.ds.query(`SELECT title, summary, rationale, details FROM register_entry WHERE subject_id = $1 AND kind = 'DISPUTE_RULING'`, [
      disputeId,
    ]);
    expect(reg).toHaveLength(1);
    expect(reg[0].title).toBe('Ruling: DE v NL — OVERTURN');
    expect(JSON.stringify(reg)).not.toContain('SECRET-Z');
    t.clock.advanceDays(29);
    await sweep();
    expect((await request(requestId)).status).toBe('DECLINED');
    t.clock.advanceDays(2);
    await sweep();
    const after = await request(requestId);
    expect(after.status).toBe('RECOGNIZED');
    expect(after.responses[0]).toMatchObject({ decision: 'RECOGNIZE', originalDecision: 'DECLINE', overturnedByDisputeId: disputeId });
    const closed = await getCase(disputeId, 'de-regulator');
    expect(closed).toMatchObject({ status: 'CLOSED', ruling: { final: true, effectAppliedAt: '2026-04-02T09:00:00.000Z' } });
    expect(closed.ruling.effect).toContain('now counts as a recognition');
    t.clock.set(T0);
  });

  // a request closed at its deadline with a silent member is recomputed by a ruling
  // over the answers given (the silent member stays silent), and the implementation becomes due.
  it('overturning the decline of a request closed at its deadline recomputes the outcome over the answers given', async () => {
    t.clock.set(T0);
    // DE asks NL and JP; NL declines, JP stays silent.
    const dec = await t.ok<{ recordLicenceDecision: { id: string } }>(
      RECORD_LICENCE_DECISION,
      {
        i: {
          applicant: 'Silent Exporter',
          endUser: { name: 'Silent Lab', country: 'SG' },
          destination: 'SG',
          taxonomyCodes: ['DT.FERM'],
          outcome: 'GRANTED',
          rationale: 'ok',
        },
      },
      'de-regulator',
    );
    const req = (
      await t.ok<{ fileMutualRecognitionRequest: { id: string } }>(
        FILE_MUTUAL_RECOGNITION_REQUEST,
        {
          i: {
            consortiumId,
            subjectKind: 'LICENCE_DECISION',
            subjectId: dec.recordLicenceDecision.id,
            concernedJurisdictions: ['NL', 'JP'],
            justification: 'x',
          },
        },
        'de-regulator',
      )
    ).fileMutualRecognitionRequest.id;
    await t.ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId: req, decision: 'DECLINE', rationale: 'criterion 2 not met' } }, 'nl-regulator');
    t.clock.advanceDays(91);
    await sweep();
    const Q = `query($id: ID!) { mutualRecognitionRequest(id: $id) { status silentJurisdictions { code } implementations { jurisdiction { code } } } }`;
    expect((await t.ok<any>(Q, { id: req }, 'secretariat')).mutualRecognitionRequest).toEqual({
      status: 'DECLINED',
      silentJurisdictions: [{ code: 'JP' }],
      implementations: [],
    });
    const [{ id: nlAnswer }] = await t.ds.query(`SELECT id FROM recognition_response WHERE request_id = $1 AND jurisdiction_code = 'NL'`, [req]);
    const d = (await t.ok<{ fileDispute: any }>(FILE, { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: nlAnswer, grounds: 'g' } }, 'de-regulator'))
      .fileDispute;
    await requestPanel(d.id, 'de-regulator');
    await requestPanel(d.id, 'nl-regulator');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    await hear(d.id, ['de-regulator', 'nl-regulator']);
    await rule(d.id, ['panelist-nz', 'panelist-sg'], 'OVERTURN', ['de-regulator', 'nl-regulator']);
    t.clock.advanceDays(31);
    await sweep();
    expect((await t.ok<any>(Q, { id: req }, 'secretariat')).mutualRecognitionRequest).toEqual({
      status: 'RECOGNIZED',
      silentJurisdictions: [{ code: 'JP' }],
      implementations: [{ jurisdiction: { code: 'NL' } }],
    });
    t.clock.set(T0);
  });

  it("remand sends the answer back once the ruling takes effect: the request reopens for the member's new answer", async () => {
    t.clock.set(T0);
    const { disputeId, requestId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    await hear(disputeId, ['de-regulator', 'nl-regulator']);
    await rule(disputeId, ['panelist-nz', 'panelist-sg'], 'REMAND', ['de-regulator', 'nl-regulator']);
    const q = `query($id: ID!) { mutualRecognitionRequest(id: $id) { status awaiting { code } } }`;
    expect((await t.ok<{ mutualRecognitionRequest: any }>(q, { id: requestId }, 'secretariat')).mutualRecognitionRequest.status).toBe('DECLINED');
    t.clock.advanceDays(31);
    await sweep();
    expect((await t.ok<{ mutualRecognitionRequest: any }>(q, { id: requestId }, 'secretariat')).mutualRecognitionRequest).toEqual({
      status: 'UNDER_REVIEW',
      awaiting: [{ code: 'NL' }],
    });
    await t.ok(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId, decision: 'RECOGNIZE' } }, 'nl-regulator');
    expect((await t.ok<{ mutualRecognitionRequest: any }>(q, { id: requestId }, 'secretariat')).mutualRecognitionRequest.status).toBe('RECOGNIZED');
    t.clock.set(T0);
  });

  it('uphold, then appeal within the window to a fresh panel on its own clock, whose ruling takes effect at once; then closed', async () => {
    t.clock.set(T0);
    const { disputeId, requestId } = await toPanel('fr', 'us', ['panelist-nz', 'panelist-sg', 'panelist-de']);
    await hear(disputeId, ['fr-regulator', 'us-regulator']);
    await rule(disputeId, ['panelist-nz', 'panelist-de'], 'UPHOLD', ['fr-regulator', 'us-regulator']);
    let c = await getCase(disputeId);
    expect(c).toMatchObject({ status: 'RULING_ISSUED', ruling: { outcome: 'UPHOLD' } });
    expect(errorCode(await t.gql(`mutation($id: ID!) { appealRuling(id: $id, grounds: "x") { status } }`, { id: disputeId }, 'de-regulator'))).toBe(
      'FORBIDDEN',
    );
    await t.ok(`mutation($id: ID!) { appealRuling(id: $id, grounds: "the panel misread criterion 2") { status } }`, { id: disputeId }, 'fr-regulator');
    c = await getCase(disputeId);
    expect(c.timetable.finalRulingDue).toBe('2026-05-01T09:00:00.000Z'); // the policy's 60 days from the appeal
    const reused = await constitute(disputeId, ['panelist-no', 'panelist-br', 'panelist-nz']);
    expect(reused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', handle: 'panelist-nz' });
    expect((await constitute(disputeId, ['panelist-no', 'panelist-br', 'panelist-za'])).errors).toBeUndefined();
    expect(errorCode(await vote(disputeId, 'panelist-nz', 'OVERTURN'))).toBe('FORBIDDEN'); // first panel no longer sits
    // An appeal is on questions of law: new evidence is refused, argument from the record is not.
    const evidence = await t.gql(
      ADD_DISPUTE_SUBMISSION_STATUS,
      { i: { disputeId, title: 'New lab results', body: 'Measurements not before the panel', confidentiality: 'PARTIES_AND_PANEL', nature: 'EVIDENCE' } },
      'fr-regulator',
    );
    expect(evidence.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(evidence.errors?.[0].message).toMatch(/questions of law/);
    await submit(disputeId, 'fr-regulator', 'Appeal brief', 'PUBLIC');
    expect(errorCode(await vote(disputeId, 'panelist-no', 'OVERTURN'))).toBe('INVALID_TRANSITION'); // the respondent has not answered yet
    await submit(disputeId, 'us-regulator', 'Response to the appeal', 'PUBLIC');
    await vote(disputeId, 'panelist-no', 'OVERTURN');
    await vote(disputeId, 'panelist-br', 'OVERTURN');
    c = await getCase(disputeId);
    expect(c).toMatchObject({ status: 'APPEAL_RULING_ISSUED', round: 2, ruling: { outcome: 'OVERTURN', final: true } });
    expect(c.ruling.effectAppliedAt).not.toBeNull();
    expect((await request(requestId)).status).toBe('RECOGNIZED');
    await sweep();
    expect((await getCase(disputeId)).status).toBe('CLOSED');
  });

  it('an appeal after the window is DEADLINE_PASSED', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('fr', 'us', ['panelist-nz', 'panelist-sg', 'panelist-de']);
    await hear(disputeId, ['fr-regulator', 'us-regulator']);
    await rule(disputeId, ['panelist-nz', 'panelist-sg'], 'UPHOLD', ['fr-regulator', 'us-regulator']);
    t.clock.advanceDays(31);
    expect(errorCode(await t.gql(`mutation($id: ID!) { appealRuling(id: $id, grounds: "late") { status } }`, { id: disputeId }, 'fr-regulator'))).toBe(
      'DEADLINE_PASSED',
    );
    t.clock.set(T0);
  });

  it('overturning a provisional authorization (the urgent track) revokes it when the ruling takes effect', async () => {
    t.clock.set(T0);
    const d = await t.ok<{ declareEmergency: any }>(
      DECLARE_EMERGENCY,
      { i: { consortiumId, title: 'x', taxonomyCodes: ['DT'], endsAt: '2026-09-01T00:00:00Z' } },
      'secretariat',
    );
    const app = await t.ok<{ fileFastTrackApplication: any }>(
      FILE_FAST_TRACK_APPLICATION,
      {
        i: {
          declarationId: d.declareEmergency.id,
          applicant: 'A',
          endUser: { name: 'B', country: 'KE' },
          destination: 'KE',
          taxonomyCodes: ['DT.FERM'],
          justification: 'j',
        },
      },
      'us-regulator',
    );
    const dec = await t.ok<{ decideFastTrackApplication: any }>(
      DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
      { i: { applicationId: app.fileFastTrackApplication.id, approve: true, rationale: 'r' } },
      'us-regulator',
    );
    const authId = dec.decideFastTrackApplication.authorization.id;
    const disp = (
      await t.ok<{ fileDispute: any }>(
        FILE,
        { i: { contestedKind: 'PROVISIONAL_AUTHORIZATION', contestedId: authId, grounds: 'scope too wide' } },
        'fr-regulator',
      )
    ).fileDispute;
    t.clock.advanceDays(61);
    await requestPanel(disp.id, 'fr-regulator');
    expect((await constitute(disp.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    const c = await getCase(disp.id);
    // The whole timetable fits in the policy's 60-day urgent track (30+14+30+14 days scaled).
    expect(c.timetable).toMatchObject({ urgent: true, finalRulingDue: '2026-07-01T09:00:00.000Z' });
    await hear(disp.id, ['fr-regulator', 'us-regulator']);
    await rule(disp.id, ['panelist-nz', 'panelist-sg'], 'OVERTURN', ['fr-regulator', 'us-regulator']);
    const status = async () =>
      (
        await t.ok<{ provisionalAuthorizations: any }>(
          `{ provisionalAuthorizations(filter: { jurisdiction: "US" }) { edges { node { id status } } } }`,
          {},
          'secretariat',
        )
      ).provisionalAuthorizations.edges.find((e: any) => e.node.id === authId).node.status;
    expect(await status()).not.toBe('REVOKED');
    t.clock.advanceDays(31);
    await sweep();
    expect(await status()).toBe('REVOKED');
    t.clock.set(T0);
  });

  it('the complainant may withdraw an open case; others may not', async () => {
    const r = await declined('de', ['nl'], 'nl');
    const d = (await file(r.responseId, 'de-regulator')).data!.fileDispute;
    const w = (as: string) => t.gql(`mutation($id: ID!) { withdrawDispute(id: $id, reason: "resolved bilaterally") { status } }`, { id: d.id }, as);
    expect(errorCode(await w('nl-regulator'))).toBe('FORBIDDEN');
    expect((await w('de-regulator')).data!.withdrawDispute.status).toBe('WITHDRAWN');
  });
});

describe('rulings on mapping reviews and denial consultations', () => {
  it('overturning a rejected mapping review accepts the mapping (the secretariat is the respondent)', async () => {
    t.clock.set(T0);
    // A JP entry mapped onto DT.FERM, rejected by the secretariat.
    const [{ id: entryId }] = await t.ds.query(
      `SELECT e.id FROM control_entry e JOIN control_list_version v ON v.id = e.version_id JOIN control_list l ON l.id = v.list_id
       WHERE l.jurisdiction_code = 'JP' AND v.status = 'PUBLISHED' LIMIT 1`,
    );
    const m = await t.ok<{ proposeMapping: any }>(PROPOSE_MAPPING, { i: { entryId, taxonomyCode: 'DT.FERM', relation: 'NARROWER' } }, 'jp-regulator');
    await t.ok(
      `mutation($id: ID!) { reviewMapping(id: $id, decision: REJECT, note: "threshold not comparable") { status } }`,
      { id: m.proposeMapping.id },
      'secretariat',
    );
    expect(errorCode(await t.gql(FILE, { i: { contestedKind: 'MAPPING_REVIEW', contestedId: m.proposeMapping.id, grounds: 'g' } }, 'us-regulator'))).toBe(
      'FORBIDDEN',
    );
    const d = (
      await t.ok<{ fileDispute: any }>(
        FILE,
        { i: { contestedKind: 'MAPPING_REVIEW', contestedId: m.proposeMapping.id, grounds: 'the thresholds are comparable' } },
        'jp-regulator',
      )
    ).fileDispute;
    expect(d.parties).toEqual([
      { role: 'COMPLAINANT', party: 'JP' },
      { role: 'RESPONDENT', party: 'SECRETARIAT' },
    ]);
    await requestPanel(d.id, 'jp-regulator');
    await requestPanel(d.id, 'secretariat');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-de'])).errors).toBeUndefined();
    await hear(d.id, ['jp-regulator', 'secretariat']);
    await rule(d.id, ['panelist-nz', 'panelist-de'], 'OVERTURN', ['jp-regulator', 'secretariat']);
    const status = async () => (await t.ds.query('SELECT status FROM entry_mapping WHERE id = $1', [m.proposeMapping.id]))[0].status;
    expect(await status()).toBe('REJECTED');
    t.clock.advanceDays(31);
    await sweep();
    expect(await status()).toBe('ACCEPTED');
    t.clock.set(T0);
  });

  it('overturning a decision to proceed despite a denial blocks the grant again', async () => {
    t.clock.set(T0);
    const endUser = { name: 'Contested Institute', country: 'AE' };
    const denial = (
      await t.ok<{ recordLicenceDecision: any }>(
        RECORD_LICENCE_DECISION,
        {
          i: { applicant: 'X', endUser, destination: 'AE', taxonomyCodes: ['DT.FERM'], outcome: 'DENIED', rationale: 'risk' },
        },
        'fr-regulator',
      )
    ).recordLicenceDecision;
    const c = await t.ok<{ recordDenialConsultation: any }>(
      RECORD_DENIAL_CONSULTATION,
      { i: { denialId: denial.id, summary: 'we disagree', outcome: 'PROCEED' } },
      'de-regulator',
    );
    const grant = { applicant: 'Y', endUser, destination: 'AE', taxonomyCodes: ['DT.FERM'], outcome: 'GRANTED', rationale: 'ok' };
    const d = (
      await t.ok<{ fileDispute: any }>(
        FILE,
        { i: { contestedKind: 'DENIAL_CONSULTATION', contestedId: c.recordDenialConsultation.id, grounds: 'undercut' } },
        'fr-regulator',
      )
    ).fileDispute;
    await requestPanel(d.id, 'fr-regulator');
    await requestPanel(d.id, 'de-regulator');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    await hear(d.id, ['fr-regulator', 'de-regulator']);
    await rule(d.id, ['panelist-nz', 'panelist-sg'], 'OVERTURN', ['fr-regulator', 'de-regulator']);
    t.clock.advanceDays(31);
    await sweep();
    const refused = await t.gql(RECORD_LICENCE_DECISION, { i: grant }, 'de-regulator');
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0].extensions!.denialId).toBe(denial.id);
    t.clock.set(T0);
  });
});

describe('due process', () => {
  it('a vote before the parties have filed is refused, saying why; the case has a timetable; the first-submission date lifts the hold', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const c = await getCase(disputeId);
    expect(c.timetable).toEqual({
      firstSubmissionsDue: '2026-04-01T09:00:00.000Z',
      rebuttalsDue: '2026-04-15T09:00:00.000Z',
      interimReportDue: '2026-05-15T09:00:00.000Z',
      finalRulingDue: '2026-05-29T09:00:00.000Z',
      urgent: false,
      overdue: false,
    });
    const early = await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(early)).toBe('INVALID_TRANSITION');
    expect(early.errors![0].message).toContain('DE and NL have not filed yet');
    await submit(disputeId, 'de-regulator', 'DE first submission', 'PUBLIC');
    const still = await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(still)).toBe('INVALID_TRANSITION');
    expect(still.errors![0].message).toContain('NL has not filed yet');
    expect(await t.ds.query('SELECT 1 FROM dispute_vote WHERE dispute_id = $1', [disputeId])).toHaveLength(0);
    t.clock.set('2026-04-01T09:00:00Z'); // NL let its deadline pass
    expect((await vote(disputeId, 'panelist-nz', 'UPHOLD')).data!.castPanelVote.status).toBe('DELIBERATION');
    t.clock.set(T0);
  });

  it('another member joins as a third party within the period: it reads the first submissions and files PUBLIC or PARTIES_AND_PANEL material', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const join = (as: string) =>
      t.gql(`mutation($id: ID!) { joinDisputeAsThirdParty(id: $id) { thirdParties { jurisdiction { code } } } }`, { id: disputeId }, as);
    expect(errorCode(await join('nl-regulator'))).toBe('FORBIDDEN'); // a party
    expect(errorCode(await join('panelist-za'))).toBe('FORBIDDEN');
    expect((await join('us-regulator')).data).toEqual({ joinDisputeAsThirdParty: { thirdParties: [{ jurisdiction: { code: 'US' } }] } });
    expect(errorCode(await join('us-regulator'))).toBe('INVALID_TRANSITION'); // once
    await submit(disputeId, 'de-regulator', 'DE first submission SHARED-1', 'PARTIES_AND_PANEL');
    // Before the first panel, new evidence is admitted (on appeal it is not: see the appeal test).
    const nlEvidence = await t.gql(
      ADD_DISPUTE_SUBMISSION_STATUS,
      { i: { disputeId, title: 'NL evidence PANEL-1', body: 'Lab results', confidentiality: 'PANEL_ONLY', nature: 'EVIDENCE' } },
      'nl-regulator',
    );
    expect(nlEvidence.errors).toBeUndefined();
    expect(await t.ds.query(`SELECT nature FROM dispute_submission WHERE dispute_id = $1 AND title = 'NL evidence PANEL-1'`, [disputeId])).toEqual([
      { nature: 'EVIDENCE' },
    ]);
    const asPanel = await t.ok<{ disputeCase: { submissions: { title: string; nature: string }[] } }>(
      `query($id: ID!) { disputeCase(id: $id) { submissions { title nature } } }`,
      { id: disputeId },
      'panelist-nz',
    );
    expect(asPanel.disputeCase.submissions).toEqual(
      expect.arrayContaining([
        { title: 'NL evidence PANEL-1', nature: 'EVIDENCE' },
        { title: 'DE first submission SHARED-1', nature: 'ARGUMENT' },
      ]),
    );
    expect((await submit(disputeId, 'us-regulator', 'US view as a third party', 'PARTIES_AND_PANEL')).errors).toBeUndefined();
    expect((await submit(disputeId, 'us-regulator', 'US evidence', 'PANEL_ONLY')).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.confidentiality',
    });
    const seen = (await getCase(disputeId, 'us-regulator')).submissions.map((s: any) => s.title).sort();
    expect(seen).toEqual(['DE first submission SHARED-1', 'US view as a third party']);
    expect((await getCase(disputeId, 'fr-regulator')).submissions).toEqual([]); // not a third party
    t.clock.advanceDays(11);
    expect(errorCode(await join('fr-regulator'))).toBe('DEADLINE_PASSED');
    t.clock.set(T0);
  });

  it('only the respondent invokes the security exception; every vote and the ruling address it', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('fr', 'us', ['panelist-nz', 'panelist-sg', 'panelist-de']);
    const invoke = (as: string) =>
      t.gql(
        `mutation($id: ID!) { invokeSecurityException(id: $id, statement: "Necessary to protect essential security interests: dual-use fermenters") { securityException { invoked statement } } }`,
        { id: disputeId },
        as,
      );
    expect(errorCode(await invoke('fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await invoke('de-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await invoke('secretariat'))).toBe('FORBIDDEN');
    expect((await invoke('us-regulator')).data!.invokeSecurityException.securityException).toEqual({
      invoked: true,
      statement: 'Necessary to protect essential security interests: dual-use fermenters',
    });
    expect(errorCode(await invoke('us-regulator'))).toBe('INVALID_TRANSITION'); // once
    await hear(disputeId, ['fr-regulator', 'us-regulator']);
    const bare = await vote(disputeId, 'panelist-nz', 'OVERTURN');
    expect(bare.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.securityExceptionAssessment' });
    const V = CAST_PANEL_VOTE_STATUS;
    for (const as of ['panelist-nz', 'panelist-de']) {
      await t.ok(
        V,
        {
          i: {
            disputeId,
            vote: 'OVERTURN',
            reasoning: `${as}: the decline cites no criterion`,
            securityExceptionAssessment:
              'Invoked in good faith? The statement names no emergency in international relations; the measure is not plausibly connected to it.',
          },
        },
        as,
      );
    }
    for (const as of ['fr-regulator', 'us-regulator']) await submit(disputeId, as, `${as} comments`, 'PUBLIC');
    const c = await getCase(disputeId);
    expect(c.status).toBe('RULING_ISSUED');
    expect(c.securityException.assessment).toContain('not plausibly connected');
    const [reg] = await t.ds.query(`SELECT summary, rationale FROM register_entry WHERE subject_id = $1 AND kind = 'DISPUTE_RULING'`, [disputeId]);
    expect(reg.summary).toContain('security exception');
    expect(reg.rationale).toContain('Security exception: Invoked in good faith?');
  });

  it('a licence denial is contested on behalf of an institution of the filing member; the register does not name it', async () => {
    t.clock.set(T0);
    const denial = (
      await t.ok<{ recordLicenceDecision: any }>(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: 'Fermentis SARL',
            endUser: { name: 'Helmholtz Bioprocess Lab', country: 'DE' },
            destination: 'DE',
            taxonomyCodes: ['DT.FERM'],
            outcome: 'DENIED',
            rationale: 'end user not known to us',
          },
        },
        'fr-regulator',
      )
    ).recordLicenceDecision;
    const fileFor = (onBehalfOf: unknown, as = 'de-regulator') =>
      t.gql<{ fileDispute: any }>(
        FILE,
        {
          i: {
            contestedKind: 'LICENCE_DECISION',
            contestedId: denial.id,
            grounds: 'The same laboratory receives French grants of the same item for other suppliers: the denial is inconsistent.',
            onBehalfOf,
          },
        },
        as,
      );
    expect((await fileFor(null)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.onBehalfOf' });
    expect(errorCode(await fileFor({ name: 'Helmholtz Bioprocess Lab', country: 'DE' }, 'fr-regulator'))).toBe('FORBIDDEN'); // its own decision
    const r = await declined('nl', ['fr'], 'fr');
    expect(
      (
        await t.gql(
          FILE,
          { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: r.responseId, grounds: 'g', onBehalfOf: { name: 'X', country: 'NL' } } },
          'nl-regulator',
        )
      ).errors![0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.onBehalfOf' });
    const d = (await fileFor({ name: 'Helmholtz Bioprocess Lab', country: 'DE' })).data!.fileDispute;
    expect(d.parties).toEqual([
      { role: 'COMPLAINANT', party: 'DE' },
      { role: 'RESPONDENT', party: 'FR' },
    ]);
    const who = `query($id: ID!) { disputeCase(id: $id) { contestedKind onBehalfOf { name country } } }`;
    expect((await t.ok<{ disputeCase: any }>(who, { id: d.id }, 'de-regulator')).disputeCase).toEqual({
      contestedKind: 'LICENCE_DECISION',
      onBehalfOf: { name: 'Helmholtz Bioprocess Lab', country: 'DE' },
    });
    expect((await t.ok<{ disputeCase: any }>(who, { id: d.id }, 'us-regulator')).disputeCase.onBehalfOf).toEqual({ name: null, country: 'DE' });
    await requestPanel(d.id, 'de-regulator');
    await requestPanel(d.id, 'fr-regulator');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    await hear(d.id, ['de-regulator', 'fr-regulator']);
    await rule(d.id, ['panelist-nz', 'panelist-sg'], 'OVERTURN', ['de-regulator', 'fr-regulator']);
    const reg = await t.ok<{ publicRegister: any }>(
      `{ publicRegister(kind: DISPUTE_RULING, first: 100) { edges { node { subjectId title summary rationale details } } } }`,
    );
    const entry = reg.publicRegister.edges.map((e: any) => e.node).find((n: any) => n.subjectId === d.id);
    expect(entry.summary).toContain('on behalf of an institution in DE');
    expect(JSON.stringify(reg)).not.toContain('Helmholtz');
    t.clock.advanceDays(31);
    await sweep();
    const applied = await t.ds.query(`SELECT rationale FROM audit_event WHERE action = 'LICENCE_DECISION.RULING_APPLIED' AND subject_id = $1`, [denial.id]);
    expect(applied).toHaveLength(1);
    expect(applied[0].rationale).toContain('FR reconsiders the application');
    t.clock.set(T0);
  });

  it('a panel near its final-ruling date is warned once; past it, the register counts the case overdue', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const stats = async () =>
      (await t.ok<{ transparencyStats: any }>(`query($c: ID!) { transparencyStats(consortiumId: $c) { overdueDisputes } }`, { c: consortiumId }))
        .transparencyStats.overdueDisputes;
    const before = await stats();
    const warnings = async () =>
      (await t.ds.query(`SELECT 1 FROM audit_event WHERE action = 'DISPUTE.RULING_DUE_WARNING' AND subject_id = $1`, [disputeId])).length;
    t.clock.set('2026-05-21T09:00:00Z'); // 8 days before the final-ruling date (policy: warn 7 days before)
    await sweep();
    expect(await warnings()).toBe(0);
    t.clock.set('2026-05-23T09:00:00Z');
    await sweep();
    await sweep();
    expect(await warnings()).toBe(1);
    expect((await getCase(disputeId)).timetable.overdue).toBe(false);
    t.clock.set('2026-05-30T09:00:00Z');
    expect((await getCase(disputeId)).timetable.overdue).toBe(true);
    expect(await stats()).toBeGreaterThanOrEqual(before + 1);
    t.clock.set(T0);
  });
});
