import { createNodes } from '../support/factories';
import { CONSORTIUM_IDS } from '../support/operations';
import { testSchedulers } from '../support/schedulers';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const { scheduler, stopSchedulers } = testSchedulers(() => t);

beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'RT' }, { code: 'RT.FERM', parentCode: 'RT' }, { code: 'RT.CYTO', parentCode: 'RT' }]);
});
afterAll(async () => {
  await stopSchedulers();
  await t.close();
});

const DECIDE = `mutation($input: LicenceDecisionInput!) { recordLicenceDecision(input: $input) { id outcome tier applicant redacted endUser { id name } items { node { code } entries { controlNumber } } } }`;
const FILE = `mutation($input: FileRecognitionRequestInput!) { fileMutualRecognitionRequest(input: $input) { id status deadline concernedJurisdictions { code } } }`;
const RESPOND = `mutation($input: RecognitionResponseInput!) { respondToRecognitionRequest(input: $input) { id status responses { id jurisdiction { code } decision } } }`;
const GET = `query($id: ID!) { mutualRecognitionRequest(id: $id) { id status deadline clockStoppedAt clockStops closedAt
  responses { jurisdiction { code } decision rationale conditions } awaiting { code }
  informationRequests { askedBy question answer stoppedMs } auditTrail { action actorRole } } }`;

let n = 0;
async function grant(as = 'de-regulator', over: Record<string, unknown> = {}): Promise<string> {
  n += 1;
  const input = {
    applicant: `Bioreactor GmbH ${n}`,
    endUser: { name: `University Lab ${n}`, country: 'SG' },
    destination: 'SG',
    taxonomyCodes: ['RT.FERM'],
    outcome: 'GRANTED',
    rationale: 'standard review passed',
    ...over,
  };
  return (await t.ok<{ recordLicenceDecision: { id: string } }>(DECIDE, { input }, as)).recordLicenceDecision.id;
}
async function file(subjectId: string, concerned: string[], as = 'de-regulator'): Promise<string> {
  const r = await t.ok<{ fileMutualRecognitionRequest: any }>(
    FILE,
    { input: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId, concernedJurisdictions: concerned, justification: 'same fermenter, same end user' } },
    as,
  );
  return r.fileMutualRecognitionRequest.id;
}
const respond = (requestId: string, as: string, decision: string, extra: Record<string, unknown> = {}) =>
  t.gql<{ respondToRecognitionRequest: any }>(RESPOND, { input: { requestId, decision, ...extra } }, as);
const get = async (id: string) => (await t.ok<{ mutualRecognitionRequest: any }>(GET, { id }, 'secretariat')).mutualRecognitionRequest;

describe('licence decisions and the no-undercut rule', () => {
  it("refuses a grant that undercuts another member's denial until a consultation is recorded", async () => {
    const endUser = { name: 'Vector Institute', country: 'AE' };
    const denial = (
      await t.ok<{ recordLicenceDecision: any }>(
        DECIDE,
        {
          input: { applicant: 'Lyo SA', endUser, destination: 'AE', taxonomyCodes: ['RT.FERM'], outcome: 'DENIED', rationale: 'diversion risk' },
        },
        'fr-regulator',
      )
    ).recordLicenceDecision;
    const input = {
      applicant: 'Ferment AG',
      endUser: { name: '  vector   INSTITUTE ', country: 'ae' },
      destination: 'AE',
      taxonomyCodes: ['RT.FERM'],
      outcome: 'GRANTED',
      rationale: 'reviewed',
    };
    const refused = await t.gql(DECIDE, { input }, 'de-regulator');
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0].extensions).toMatchObject({ denialId: denial.id, deniedBy: 'FR' });
    expect(refused.errors![0].message).toContain(denial.id);
    // A different item for the same end user is not "essentially identical".
    expect((await t.gql(DECIDE, { input: { ...input, taxonomyCodes: ['RT.CYTO'] } }, 'de-regulator')).errors).toBeUndefined();
    await t.ok(
      `mutation($input: DenialConsultationInput!) { recordDenialConsultation(input: $input) { id consulted { code } } }`,
      {
        input: { denialId: denial.id, summary: 'FR agreed end-use checks are now sufficient', outcome: 'PROCEED' },
      },
      'de-regulator',
    );
    const granted = await t.ok<{ recordLicenceDecision: any }>(DECIDE, { input }, 'de-regulator');
    expect(granted.recordLicenceDecision.outcome).toBe('GRANTED');
    expect(granted.recordLicenceDecision.endUser.id).toBe(denial.endUser.id); // same end user, normalised
  });

  it('shows denials to every member and confidential grants in full only to their own regulators', async () => {
    const id = await grant('de-regulator', { confidential: true, applicant: 'Secret Bio GmbH' });
    const q = `query($id: ID!) { licenceDecision(id: $id) { outcome applicant rationale redacted endUser { name } } }`;
    expect((await t.ok(q, { id }, 'us-regulator')).licenceDecision).toEqual({
      outcome: 'GRANTED',
      applicant: null,
      rationale: null,
      redacted: true,
      endUser: null,
    });
    expect((await t.ok(q, { id }, 'de-regulator-2')).licenceDecision.applicant).toBe('Secret Bio GmbH');
    expect((await t.ok(q, { id }, 'secretariat')).licenceDecision.redacted).toBe(false);
    expect(errorCode(await t.gql(q, { id }))).toBe('UNAUTHENTICATED');
    const list = await t.ok<{ licenceDecisions: any }>(
      `{ licenceDecisions(filter: { outcome: DENIED }) { edges { node { jurisdiction { code } applicant redacted } } } }`,
      {},
      'jp-regulator',
    );
    expect(list.licenceDecisions.edges.some((e: any) => e.node.jurisdiction.code === 'FR' && e.node.applicant === 'Lyo SA' && !e.node.redacted)).toBe(true);
  });

  it('validates decisions', async () => {
    const base = { applicant: 'A', endUser: { name: 'B', country: 'SG' }, destination: 'SG', taxonomyCodes: ['RT.FERM'], rationale: 'r' };
    const noConditions = await t.gql(DECIDE, { input: { ...base, outcome: 'GRANTED_WITH_CONDITIONS' } }, 'de-regulator');
    expect(noConditions.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.conditions' });
    const badNode = await t.gql(DECIDE, { input: { ...base, outcome: 'GRANTED', taxonomyCodes: ['RT.FERM', 'NOPE'] } }, 'de-regulator');
    expect(badNode.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taxonomyCodes.1' });
    expect(errorCode(await t.gql(DECIDE, { input: { ...base, outcome: 'GRANTED' } }, 'secretariat'))).toBe('FORBIDDEN');
  });

  it('an idempotency key returns the first decision and refuses a different one', async () => {
    const input = {
      applicant: 'Retry GmbH',
      endUser: { name: 'Retry Lab', country: 'SG' },
      destination: 'SG',
      taxonomyCodes: ['RT.FERM'],
      outcome: 'GRANTED',
      rationale: 'ok',
      idempotencyKey: 'k-1',
    };
    const a = (await t.ok<{ recordLicenceDecision: any }>(DECIDE, { input }, 'nl-regulator')).recordLicenceDecision.id;
    const b = (await t.ok<{ recordLicenceDecision: any }>(DECIDE, { input }, 'nl-regulator')).recordLicenceDecision.id;
    expect(b).toBe(a);
    expect(errorCode(await t.gql(DECIDE, { input: { ...input, applicant: 'Other' } }, 'nl-regulator'))).toBe('CONFLICT');
  });
});

describe('mutual recognition: outcomes', () => {
  it('all recognize → RECOGNIZED, with the deadline from the policy and a full audit trail', async () => {
    const id = await file(await grant(), ['FR', 'NL']);
    const r = await get(id);
    expect(r.status).toBe('SUBMITTED');
    expect(r.deadline).toBe('2026-05-31T09:00:00.000Z'); // 90 days
    expect((await respond(id, 'fr-regulator', 'RECOGNIZE')).data!.respondToRecognitionRequest.status).toBe('UNDER_REVIEW');
    expect(
      (await respond(id, 'nl-regulator', 'RECOGNIZE_WITH_CONDITIONS', { conditions: ['end-use check at 6 months'], rationale: 'as agreed' })).data!
        .respondToRecognitionRequest.status,
    ).toBe('RECOGNIZED');
    const after = await get(id);
    expect(after.auditTrail.map((e: any) => e.action)).toEqual([
      'RECOGNITION_REQUEST.FILED',
      'RECOGNITION_REQUEST.SUBMIT',
      'RECOGNITION_REQUEST.RESPONDED',
      'RECOGNITION_REQUEST.RESPONDED',
      'RECOGNITION_REQUEST.RESOLVE_RECOGNIZED',
    ]);
    expect(after.closedAt).not.toBeNull();
  });

  it('some recognize → PARTIALLY_RECOGNIZED; none → DECLINED', async () => {
    const partial = await file(await grant(), ['FR', 'NL', 'US']);
    await respond(partial, 'fr-regulator', 'RECOGNIZE');
    await respond(partial, 'nl-regulator', 'DECLINE', { rationale: 'criterion 3: end-use not verified', criteria: ['criterion 3'] });
    await respond(partial, 'us-regulator', 'RECOGNIZE');
    expect((await get(partial)).status).toBe('PARTIALLY_RECOGNIZED');
    const declined = await file(await grant(), ['JP', 'KR']);
    await respond(declined, 'jp-regulator', 'DECLINE', { rationale: 'no equivalent control' });
    await respond(declined, 'kr-regulator', 'DECLINE', { rationale: 'no equivalent control' });
    expect((await get(declined)).status).toBe('DECLINED');
  });

  // Changed: one silent member no longer voids the others' answers. At the
  // deadline the outcome is computed over the answers given (default policy NO_ANSWER) and
  // the silent members are listed; LAPSED only when nobody answered.
  it('at the deadline: the outcome over the answers given with the silent members listed; LAPSED only when nobody answered', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const id = await file(await grant(), ['JP', 'CA']);
    const nobody = await file(await grant(), ['JP', 'CA']);
    await respond(id, 'jp-regulator', 'RECOGNIZE');
    const s = await scheduler();
    t.clock.set('2026-05-31T08:59:00Z');
    await s.runDue();
    expect((await get(id)).status).toBe('UNDER_REVIEW');
    t.clock.set('2026-05-31T09:00:01Z');
    await s.runDue();
    const r = await get(id);
    expect(r.status).toBe('RECOGNIZED');
    expect(r.auditTrail.at(-1)).toEqual({ action: 'RECOGNITION_REQUEST.RESOLVE_RECOGNIZED', actorRole: 'SYSTEM' });
    const silent = await t.ok<any>(`query($id: ID!) { mutualRecognitionRequest(id: $id) { silentJurisdictions { code } } }`, { id }, 'secretariat');
    expect(silent.mutualRecognitionRequest.silentJurisdictions).toEqual([{ code: 'CA' }]);
    expect(errorCode(await respond(id, 'ca-regulator', 'RECOGNIZE'))).toBe('INVALID_TRANSITION');
    const lapsed = await get(nobody);
    expect(lapsed.status).toBe('LAPSED');
    expect(lapsed.auditTrail.at(-1)).toEqual({ action: 'RECOGNITION_REQUEST.LAPSE', actorRole: 'SYSTEM' });
    t.clock.set('2026-03-02T09:00:00Z');
  });
});

describe('mutual recognition: the clock', () => {
  it('an information request stops the clock and the answer moves the deadline by the stopped time', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const id = await file(await grant(), ['JP', 'KR']);
    await t.ok(`mutation($id: ID!) { requestRecognitionInformation(requestId: $id, question: "Which end-use checks?") { status } }`, { id }, 'jp-regulator');
    let r = await get(id);
    expect(r.status).toBe('CLOCK_STOPPED');
    expect(r.clockStoppedAt).toBe('2026-03-02T09:00:00.000Z');
    // Answers wait while the clock is stopped.
    expect(errorCode(await respond(id, 'kr-regulator', 'RECOGNIZE'))).toBe('INVALID_TRANSITION');
    // Only the requesting member answers the question.
    expect(errorCode(await t.gql(`mutation($id: ID!) { provideRecognitionInformation(requestId: $id, answer: "x") { status } }`, { id }, 'kr-regulator'))).toBe(
      'FORBIDDEN',
    );
    t.clock.advanceDays(10);
    await t.ok(
      `mutation($id: ID!) { provideRecognitionInformation(requestId: $id, answer: "Site visit and annual report") { status } }`,
      { id },
      'de-regulator',
    );
    r = await get(id);
    expect(r.status).toBe('UNDER_REVIEW');
    expect(r.deadline).toBe('2026-06-10T09:00:00.000Z'); // 90 + 10 days
    expect(r.informationRequests).toEqual([
      { askedBy: 'JP', question: 'Which end-use checks?', answer: 'Site visit and annual report', stoppedMs: 10 * 86_400_000 },
    ]);
  });

  it("enforces the policy's cap on clock stops and restarts a clock whose allowance ran out", async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const id = await file(await grant(), ['JP', 'KR']);
    const ask = (as: string) => t.gql(`mutation($id: ID!) { requestRecognitionInformation(requestId: $id, question: "More?") { status } }`, { id }, as);
    const answer = () => t.ok(`mutation($id: ID!) { provideRecognitionInformation(requestId: $id, answer: "Here.") { status } }`, { id }, 'de-regulator');
    await ask('jp-regulator');
    t.clock.advanceDays(1);
    await answer();
    await ask('kr-regulator');
    // The allowance is 30 days in all, 1 used: the clock restarts by itself 29 days later.
    const s = await scheduler();
    t.clock.advanceDays(29);
    await s.runDue();
    let r = await get(id);
    expect(r.status).toBe('UNDER_REVIEW');
    expect(r.auditTrail.at(-1)).toEqual({ action: 'RECOGNITION_REQUEST.RESUME_CLOCK', actorRole: 'SYSTEM' });
    expect(r.deadline).toBe('2026-06-30T09:00:00.000Z'); // 90 + 1 + 29 days
    // Two stops is the policy's maximum.
    const third = await ask('jp-regulator');
    expect(errorCode(third)).toBe('INVALID_TRANSITION');
    expect(third.errors![0].message).toMatch(/at most 2 clock stops/);
    // A late answer is still recorded.
    await answer();
    r = await get(id);
    expect(r.informationRequests[1].answer).toBe('Here.');
    t.clock.set('2026-03-02T09:00:00Z');
  });
});

describe('mutual recognition: who may do what', () => {
  it('refuses every move to the wrong party', async () => {
    const id = await file(await grant(), ['FR', 'NL']);
    expect(errorCode(await respond(id, 'us-regulator', 'RECOGNIZE'))).toBe('FORBIDDEN'); // not concerned
    expect(errorCode(await respond(id, 'de-regulator', 'RECOGNIZE'))).toBe('FORBIDDEN'); // the requester
    expect(errorCode(await respond(id, 'secretariat', 'RECOGNIZE'))).toBe('FORBIDDEN');
    expect(errorCode(await respond(id, 'analyst', 'RECOGNIZE'))).toBe('FORBIDDEN');
    expect(errorCode(await respond(id, null as never, 'RECOGNIZE'))).toBe('UNAUTHENTICATED');
    const withdraw = (as: string) =>
      t.gql(`mutation($id: ID!) { withdrawMutualRecognitionRequest(id: $id, reason: "no longer needed") { status } }`, { id }, as);
    expect(errorCode(await withdraw('fr-regulator'))).toBe('FORBIDDEN');
    const decline = await respond(id, 'fr-regulator', 'DECLINE');
    expect(decline.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rationale' });
    const conditions = await respond(id, 'fr-regulator', 'RECOGNIZE_WITH_CONDITIONS', { conditions: ['x'] });
    expect(conditions.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rationale' });
    await respond(id, 'fr-regulator', 'RECOGNIZE');
    expect(errorCode(await respond(id, 'fr-regulator', 'DECLINE', { rationale: 'changed my mind' }))).toBe('INVALID_TRANSITION');
    expect((await withdraw('de-regulator')).data!.withdrawMutualRecognitionRequest.status).toBe('WITHDRAWN');
    expect(errorCode(await withdraw('de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('a member asks recognition of its own decisions only, among members', async () => {
    const frDecision = await grant('fr-regulator');
    expect(
      errorCode(await t.gql(FILE, { input: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: frDecision, justification: 'x' } }, 'de-regulator')),
    ).toBe('FORBIDDEN');
    const own = await grant();
    const bad = await t.gql(
      FILE,
      { input: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: own, concernedJurisdictions: ['NO'], justification: 'x' } },
      'de-regulator',
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.concernedJurisdictions.0' });
    const draft = (
      await t.ok<{ fileMutualRecognitionRequest: any }>(
        FILE,
        { input: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: own, justification: 'x', draft: true } },
        'de-regulator',
      )
    ).fileMutualRecognitionRequest;
    expect(draft).toMatchObject({ status: 'DRAFT', deadline: null });
    expect(draft.concernedJurisdictions).toHaveLength(10); // every other member by default
    expect(errorCode(await t.gql(`mutation($id: ID!) { submitMutualRecognitionRequest(id: $id) { status } }`, { id: draft.id }, 'fr-regulator'))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await t.ok(`mutation($id: ID!) { submitMutualRecognitionRequest(id: $id) { status } }`, { id: draft.id }, 'de-regulator')).submitMutualRecognitionRequest
        .status,
    ).toBe('SUBMITTED');
  });
});

describe('mutual recognition: concurrency', () => {
  it('all concerned members answering at once: every answer recorded, exactly one outcome', async () => {
    const concerned = ['FR', 'NL', 'US', 'GB', 'JP', 'CA'];
    const id = await file(await grant(), concerned);
    const results = await Promise.all(concerned.map((c) => respond(id, `${c.toLowerCase()}-regulator`, 'RECOGNIZE')));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const r = await get(id);
    expect(r.status).toBe('RECOGNIZED');
    expect(r.responses).toHaveLength(6);
    expect(r.auditTrail.filter((e: any) => e.action.startsWith('RECOGNITION_REQUEST.RESOLVE_'))).toHaveLength(1);
  });

  it('withdrawal racing the last answer leaves exactly one winner', async () => {
    for (let i = 0; i < 5; i++) {
      const id = await file(await grant(), ['FR']);
      const [w, a] = await Promise.all([
        t.gql(`mutation($id: ID!) { withdrawMutualRecognitionRequest(id: $id, reason: "race") { status } }`, { id }, 'de-regulator'),
        respond(id, 'fr-regulator', 'RECOGNIZE'),
      ]);
      const winners = [w, a].filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(errorCode([w, a].find((r) => r.errors)!));
      expect(['WITHDRAWN', 'RECOGNIZED']).toContain((await get(id)).status);
    }
  });

  it('two scheduler instances fire each deadline once', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await file(await grant(), ['CH']));
    const [a, b] = [await scheduler(), await scheduler()];
    t.clock.advanceDays(91);
    const fired = await Promise.all([a.runDue(), b.runDue(), a.runDue()]);
    for (const id of ids) {
      const r = await get(id);
      expect(r.status).toBe('LAPSED');
      expect(r.auditTrail.filter((e: any) => e.action === 'RECOGNITION_REQUEST.LAPSE')).toHaveLength(1);
    }
    expect(fired.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(6);
    t.clock.set('2026-03-02T09:00:00Z');
  });
});
