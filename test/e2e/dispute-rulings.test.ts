/** Dispute rulings: the interim report, comments, the ruling and its effect on the contested decision, appeal, remand, withdrawal. */
import {
  ADD_DISPUTE_SUBMISSION_STATUS,
  DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
  DECLARE_EMERGENCY,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  PROPOSE_MAPPING,
  RECORD_DENIAL_CONSULTATION,
  RECORD_LICENCE_DECISION,
  RESPOND_TO_RECOGNITION_REQUEST,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
} from '../support/operations';
import { errorCode } from '../support/test-app';
import {
  useDisputeApp,
  t,
  consortiumId,
  T0,
  declined,
  FILE,
  file,
  requestPanel,
  constitute,
  vote,
  submit,
  getCase,
  hear,
  rule,
  sweep,
  toPanel,
} from '../support/dispute-fixtures';

useDisputeApp();

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
