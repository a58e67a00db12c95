/**
 * a request states its effect and how long it lasts; at the deadline
 * the outcome stands on the answers given (silence per policy); each recognizing member
 * records its national implementation within the policy period (warned before, overdue in
 * the statistics); recognitionsApplicable finds the recognitions in force.
 */
import { createNodes } from '../support/factories';
import { CONSORTIUM_IDS, VERIFY_END_USER } from '../support/operations';
import { testSchedulers } from '../support/schedulers';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const { scheduler, stopSchedulers } = testSchedulers(() => t);

beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [
    { code: 'RX' },
    { code: 'RX.FERM', parentCode: 'RX' },
    { code: 'RX.FERM.BIG', parentCode: 'RX.FERM' },
    { code: 'RX.CYTO', parentCode: 'RX' },
  ]);
});
afterAll(async () => {
  await stopSchedulers();
  await t.close();
});

const DECIDE = `mutation($input: LicenceDecisionInput!) { recordLicenceDecision(input: $input) { id endUser { id } } }`;
const FILE = `mutation($input: FileRecognitionRequestInput!) { fileMutualRecognitionRequest(input: $input) { id status effect effectValidUntil } }`;
const RESPOND = `mutation($input: RecognitionResponseInput!) { respondToRecognitionRequest(input: $input) { id status } }`;
const GET = `query($id: ID!) { mutualRecognitionRequest(id: $id) { id status effect closedAt silentJurisdictions { code }
  implementations { jurisdiction { code } actReference effectiveFrom dueAt overdue } auditTrail { action actorRole } } }`;
const RECORD = `mutation($id: ID!, $act: String!, $from: Date!) { recordRecognitionImplementation(requestId: $id, actReference: $act, effectiveFrom: $from) {
  id implementations { jurisdiction { code } actReference effectiveFrom } } }`;
const APPLICABLE = `query($x: String!, $c: String!, $u: ID) { recognitionsApplicable(exportingJurisdiction: $x, taxonomyCode: $c, endUserId: $u) { id effect } }`;
const STATS = `query($c: ID!) { transparencyStats(consortiumId: $c) { members { jurisdiction { code } implementationsOverdue } } }`;

let n = 0;
async function grant(over: Record<string, unknown> = {}): Promise<{ id: string; endUserId: string }> {
  n += 1;
  const input = {
    applicant: `Effect GmbH ${n}`,
    endUser: { name: `Effect Lab ${n}`, country: 'SG' },
    destination: 'SG',
    taxonomyCodes: ['RX.FERM'],
    outcome: 'GRANTED',
    rationale: 'standard review passed',
    ...over,
  };
  const d = (await t.ok<{ recordLicenceDecision: any }>(DECIDE, { input }, 'de-regulator')).recordLicenceDecision;
  return { id: d.id, endUserId: d.endUser.id };
}
const file = async (subjectId: string, concerned: string[], extra: Record<string, unknown> = {}) =>
  (
    await t.ok<{ fileMutualRecognitionRequest: any }>(
      FILE,
      {
        input: {
          consortiumId,
          subjectKind: 'LICENCE_DECISION',
          subjectId,
          concernedJurisdictions: concerned,
          justification: 'same fermenter, same end user',
          ...extra,
        },
      },
      'de-regulator',
    )
  ).fileMutualRecognitionRequest;
const respond = (requestId: string, as: string, decision: string, extra: Record<string, unknown> = {}) =>
  t.ok<{ respondToRecognitionRequest: any }>(RESPOND, { input: { requestId, decision, ...extra } }, as);
const get = async (id: string) => (await t.ok<{ mutualRecognitionRequest: any }>(GET, { id }, 'secretariat')).mutualRecognitionRequest;
const applicable = async (x: string, c: string, u?: string, as = 'fr-regulator') =>
  (await t.ok<any>(APPLICABLE, { x, c, u }, as)).recognitionsApplicable.map((r: any) => r.id);

describe('recognition with an effect', () => {
  it('files a request with an effect, recognizes it, records the implementation and finds it through recognitionsApplicable', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const d = await grant();
    const filed = await file(d.id, ['FR', 'NL'], { effect: 'REEXPORT_AUTHORISATION_WAIVED', effectValidUntil: '2027-03-01' });
    expect(filed).toMatchObject({ effect: 'REEXPORT_AUTHORISATION_WAIVED', effectValidUntil: '2027-03-01' });
    expect(await applicable('DE', 'RX.FERM')).not.toContain(filed.id); // not yet recognized
    await respond(filed.id, 'fr-regulator', 'RECOGNIZE');
    await respond(filed.id, 'nl-regulator', 'DECLINE', { rationale: 'criterion 2', criteria: ['criterion 2'] });
    let r = await get(filed.id);
    expect(r.status).toBe('PARTIALLY_RECOGNIZED');
    // Only the recognizing member owes an implementation, due within the policy's 90 days.
    expect(r.implementations).toEqual([
      { jurisdiction: { code: 'FR' }, actReference: null, effectiveFrom: null, dueAt: '2026-05-31T09:00:00.000Z', overdue: false },
    ]);
    expect(errorCode(await t.gql(RECORD, { id: filed.id, act: 'Décret 2026-1', from: '2026-04-01' }, 'nl-regulator'))).toBe('INVALID_TRANSITION');
    expect(errorCode(await t.gql(RECORD, { id: filed.id, act: 'Décret 2026-1', from: '2026-04-01' }, 'us-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(RECORD, { id: filed.id, act: ' ', from: '2026-04-01' }, 'fr-regulator'))).toBe('BAD_USER_INPUT');
    const rec = await t.ok<any>(RECORD, { id: filed.id, act: 'Décret 2026-1', from: '2026-04-01' }, 'fr-regulator');
    expect(rec.recordRecognitionImplementation.implementations).toEqual([
      { jurisdiction: { code: 'FR' }, actReference: 'Décret 2026-1', effectiveFrom: '2026-04-01' },
    ]);
    r = await get(filed.id);
    expect(r.auditTrail.at(-1)).toEqual({ action: 'RECOGNITION_REQUEST.IMPLEMENTATION_RECORDED', actorRole: 'REGULATOR' });
    // In force: found for the exporting (requesting) member, the item and its subtree, the end user.
    expect(await applicable('DE', 'RX.FERM')).toContain(filed.id);
    expect(await applicable('de', 'RX.FERM.BIG', d.endUserId)).toContain(filed.id);
    expect(await applicable('FR', 'RX.FERM')).toContain(filed.id); // FR recognized it
    expect(await applicable('NL', 'RX.FERM')).not.toContain(filed.id); // NL declined
    expect(await applicable('DE', 'RX.CYTO')).not.toContain(filed.id);
    expect(await applicable('DE', 'RX.FERM', (await grant()).endUserId)).not.toContain(filed.id);
    // The effect runs out after effectValidUntil.
    t.clock.set('2027-03-02T09:00:00Z');
    expect(await applicable('DE', 'RX.FERM')).not.toContain(filed.id);
    t.clock.set('2026-03-02T09:00:00Z');
  });

  it('a recognized end-user vetting applies to exports to that end user, whatever the item', async () => {
    const d = await grant();
    const v = (await t.ok<any>(VERIFY_END_USER, { i: { endUserId: d.endUserId, note: 'site visit' } }, 'de-regulator')).verifyEndUser;
    const req = (
      await t.ok<{ fileMutualRecognitionRequest: any }>(
        FILE,
        { input: { consortiumId, subjectKind: 'END_USER_VERIFICATION', subjectId: v.id, concernedJurisdictions: ['FR'], justification: 'vetted on site' } },
        'de-regulator',
      )
    ).fileMutualRecognitionRequest;
    expect(req.effect).toBe('END_USER_VETTING_ACCEPTED');
    await respond(req.id, 'fr-regulator', 'RECOGNIZE');
    expect(await applicable('FR', 'RX.CYTO', d.endUserId)).toContain(req.id);
    expect(await applicable('FR', 'RX.CYTO')).not.toContain(req.id); // no end user named
    expect(await applicable('FR', 'RX.CYTO', (await grant()).endUserId)).not.toContain(req.id);
  });

  it('refuses an effect the subject kind cannot have and an effect that has already ended', async () => {
    const d = await grant();
    const bad = await t.gql(
      FILE,
      {
        input: {
          consortiumId,
          subjectKind: 'LICENCE_DECISION',
          subjectId: d.id,
          concernedJurisdictions: ['FR'],
          justification: 'x',
          effect: 'CLASSIFICATION_ADOPTED',
        },
      },
      'de-regulator',
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effect' });
    const past = await t.gql(
      FILE,
      {
        input: {
          consortiumId,
          subjectKind: 'LICENCE_DECISION',
          subjectId: d.id,
          concernedJurisdictions: ['FR'],
          justification: 'x',
          effectValidUntil: '2026-03-01',
        },
      },
      'de-regulator',
    );
    expect(past.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectValidUntil' });
    // Without an effect, the subject kind's default.
    expect((await file(d.id, ['FR'])).effect).toBe('REEXPORT_AUTHORISATION_WAIVED');
  });

  it('warns the member before its implementation is due and counts it overdue in the statistics afterwards', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const filed = await file((await grant()).id, ['JP']);
    await respond(filed.id, 'jp-regulator', 'RECOGNIZE');
    const s = await scheduler();
    const overdue = async () =>
      (await t.ok<any>(STATS, { c: consortiumId })).transparencyStats.members.find((m: any) => m.jurisdiction.code === 'JP').implementationsOverdue;
    const before = await overdue();
    t.clock.set('2026-05-26T09:00:00Z'); // 5 days before the due date (warning lead: 7 days)
    await s.runDue();
    const warned = await t.ds.query(`SELECT due_warned_at FROM recognition_implementation WHERE request_id = $1`, [filed.id]);
    expect(warned[0].due_warned_at).not.toBeNull();
    expect((await get(filed.id)).auditTrail.at(-1)).toEqual({ action: 'RECOGNITION_REQUEST.IMPLEMENTATION_DUE_SOON', actorRole: 'SYSTEM' });
    expect(await overdue()).toBe(before);
    t.clock.set('2026-06-01T09:00:00Z');
    expect(await overdue()).toBe(before + 1);
    const r = await get(filed.id);
    expect(r.implementations[0].overdue).toBe(true);
    await t.ok(RECORD, { id: filed.id, act: 'METI notice 12', from: '2026-06-01' }, 'jp-regulator');
    expect(await overdue()).toBe(before);
    t.clock.set('2026-03-02T09:00:00Z');
  });
});

describe('silence at the deadline, as the policy says', () => {
  const setPolicy = (silenceAtDeadline: string) =>
    t.ok(
      `mutation($c: ID!, $p: ConsortiumPolicyInput!) { updateConsortiumPolicy(consortiumId: $c, input: $p, rationale: "test") { id } }`,
      { c: consortiumId, p: { silenceAtDeadline } },
      'secretariat',
    );

  it('DEEMED_DECLINED: a silent member counts as a decline; DEEMED_RECOGNIZED: as a recognition with its implementation owed', async () => {
    const s = await scheduler();
    try {
      await setPolicy('DEEMED_DECLINED');
      t.clock.set('2026-03-02T09:00:00Z');
      const declined = (await file((await grant()).id, ['JP', 'CA'])).id;
      await respond(declined, 'jp-regulator', 'RECOGNIZE');
      t.clock.set('2026-05-31T09:00:01Z');
      await s.runDue();
      let r = await get(declined);
      expect(r.status).toBe('PARTIALLY_RECOGNIZED');
      expect(r.silentJurisdictions).toEqual([{ code: 'CA' }]);
      expect(r.implementations.map((i: any) => i.jurisdiction.code)).toEqual(['JP']);

      await setPolicy('DEEMED_RECOGNIZED');
      t.clock.set('2026-03-02T09:00:00Z');
      const recognized = (await file((await grant()).id, ['JP', 'CA'])).id;
      await respond(recognized, 'jp-regulator', 'RECOGNIZE');
      t.clock.set('2026-05-31T09:00:01Z');
      await s.runDue();
      r = await get(recognized);
      expect(r.status).toBe('RECOGNIZED');
      expect(r.implementations.map((i: any) => i.jurisdiction.code)).toEqual(['CA', 'JP']);
    } finally {
      await setPolicy('NO_ANSWER');
      t.clock.set('2026-03-02T09:00:00Z');
    }
  });
});
