/**
 * Humanitarian waivers: filing, recognition, revocation, the register entry
 * (beneficiaries named only when the sponsor marked them public), reports and expiry on the
 * scheduler, and the transaction assessment applying a waiver for its sponsor and recognizers only.
 */
import { CONSORTIUM_IDS } from '../support/operations';
import { testSchedulers } from '../support/schedulers';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const { scheduler, stopSchedulers } = testSchedulers(() => t);

beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(async () => {
  await stopSchedulers();
  await t.close();
});

const FILE = `mutation($input: HumanitarianWaiverInput!) { fileHumanitarianWaiver(input: $input) { id status sponsor { code } programme taxonomyCodes destinations validFrom validTo nextReportDue beneficiaries { name country } } }`;
const RECOGNIZE = `mutation($id: ID!, $conditions: [String!]) { recognizeHumanitarianWaiver(id: $id, conditions: $conditions) { id status recognitions { jurisdiction { code } conditions status } } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeHumanitarianWaiver(id: $id, reason: $reason) { id status revocationReason endedAt recognitions { jurisdiction { code } status } } }`;
const LIST = `query($filter: HumanitarianWaiverFilter) { humanitarianWaivers(filter: $filter) { totalCount edges { node { id status beneficiaries { name } recognitions { jurisdiction { code } } reports { dueAt } auditTrail { action } } } } }`;
const REGISTER = `query { publicRegister(kind: HUMANITARIAN_WAIVER, first: 100) { edges { node { subjectId title summary jurisdictions details } } } }`;
const ASSESS = `query($input: TransactionInput!) { assessTransaction(input: $input) { perMember { jurisdiction { code } applicableWaivers { id } } } }`;

let n = 0;
const input = (over: Record<string, unknown> = {}) => {
  n += 1;
  return {
    consortiumId,
    programme: `Cholera response ${n}`,
    beneficiaries: [{ name: `Médecins Lab ${n}`, country: 'YE' }],
    taxonomyCodes: ['BIO.EQP'],
    destinations: ['YE'],
    validFrom: '2026-03-01',
    validTo: '2026-12-31',
    conditions: ['end-use checks every quarter'],
    reportingEveryDays: 30,
    ...over,
  };
};
const file = async (over: Record<string, unknown> = {}, as = 'de-regulator') =>
  (await t.ok<{ fileHumanitarianWaiver: any }>(FILE, { input: input(over) }, as)).fileHumanitarianWaiver;
const register = async (id: string) =>
  (await t.ok<{ publicRegister: { edges: { node: any }[] } }>(REGISTER, {}, null)).publicRegister.edges.map((e) => e.node).filter((x) => x.subjectId === id);
const waivers = async (as: string | null, filter: Record<string, unknown> = {}) =>
  (await t.ok<{ humanitarianWaivers: any }>(LIST, { filter }, as)).humanitarianWaivers;
const perMember = async (endUser: { name: string; country: string }, as: string | null = 'analyst', taxonomyCode = 'BIO.EQP.FERMENTER') =>
  Object.fromEntries(
    (
      await t.ok<{ assessTransaction: any }>(
        ASSESS,
        { input: { exportingJurisdiction: 'DE', destination: endUser.country, endUse: 'RESEARCH', endUser, items: [{ taxonomyCode }] } },
        as,
      )
    ).assessTransaction.perMember.map((p: any) => [p.jurisdiction.code, p.applicableWaivers.map((w: any) => w.id)]),
  );

describe('humanitarian waivers', () => {
  it('DE files, FR recognizes with conditions: in the register without the beneficiaries, and in the assessment for DE and FR but not NL', async () => {
    const w = await file({ beneficiaries: [{ name: 'Institut Pasteur de Dakar', country: 'SN' }], destinations: ['SN'] });
    expect(w).toMatchObject({
      status: 'ACTIVE',
      sponsor: { code: 'DE' },
      taxonomyCodes: ['BIO.EQP'],
      destinations: ['SN'],
      validFrom: '2026-03-01',
      validTo: '2026-12-31',
    });
    const r = (await t.ok<{ recognizeHumanitarianWaiver: any }>(RECOGNIZE, { id: w.id, conditions: ['FR end-use statement'] }, 'fr-regulator'))
      .recognizeHumanitarianWaiver;
    expect(r.recognitions).toEqual([{ jurisdiction: { code: 'FR' }, conditions: ['FR end-use statement'], status: 'RECOGNIZED' }]);

    const entries = await register(w.id);
    expect(entries.length).toBe(2);
    const last = entries.find((e) => e.title.includes('recognized by FR'));
    expect(last.jurisdictions).toEqual(['DE', 'FR']);
    expect(JSON.stringify(entries)).not.toContain('Pasteur');

    const applies = await perMember({ name: ' institut pasteur  de DAKAR', country: 'SN' });
    expect(applies.DE).toEqual([w.id]);
    expect(applies.FR).toEqual([w.id]);
    expect(applies.NL).toEqual([]);
    // Another end user, another destination, an item outside the scope, or an anonymous caller: none.
    expect(Object.values(await perMember({ name: 'Someone Else', country: 'SN' })).flat()).toEqual([]);
    expect(Object.values(await perMember({ name: 'Institut Pasteur de Dakar', country: 'SN' }, 'analyst', 'BIO.AGT'))).toEqual(expect.arrayContaining([[]]));
    expect(Object.values(await perMember({ name: 'Institut Pasteur de Dakar', country: 'SN' }, null)).flat()).toEqual([]);

    // Members see the beneficiaries; the public does not.
    const asMember = (await waivers('nl-regulator', { sponsor: 'DE' })).edges.map((e: any) => e.node).find((x: any) => x.id === w.id);
    expect(asMember.beneficiaries).toEqual([{ name: 'Institut Pasteur de Dakar' }]);
    const asPublic = (await waivers(null, { recognizedBy: 'FR' })).edges.map((e: any) => e.node).find((x: any) => x.id === w.id);
    expect(asPublic.beneficiaries).toEqual([]);

    // Revoked: no longer applies, recognitions end, the register says so.
    const revoked = (await t.ok<{ revokeHumanitarianWaiver: any }>(REVOKE, { id: w.id, reason: 'programme closed' }, 'de-regulator')).revokeHumanitarianWaiver;
    expect(revoked).toMatchObject({
      status: 'REVOKED',
      revocationReason: 'programme closed',
      recognitions: [{ jurisdiction: { code: 'FR' }, status: 'ENDED' }],
    });
    expect(Object.values(await perMember({ name: 'Institut Pasteur de Dakar', country: 'SN' })).flat()).toEqual([]);
    expect((await register(w.id)).some((e) => e.title.includes('revoked'))).toBe(true);
    const trail = (await waivers('secretariat')).edges
      .map((e: any) => e.node)
      .find((x: any) => x.id === w.id)
      .auditTrail.map((a: any) => a.action);
    expect(trail).toEqual(expect.arrayContaining(['HUMANITARIAN_WAIVER.FILED', 'HUMANITARIAN_WAIVER.RECOGNIZED', 'HUMANITARIAN_WAIVER.REVOKE']));
  });

  it('names the beneficiaries in the register only where the sponsor marks them public', async () => {
    const w = await file({ beneficiaries: [{ name: 'Hôpital Public', country: 'YE' }], beneficiariesPublic: true });
    const [entry] = await register(w.id);
    expect(entry.summary).toContain('Hôpital Public');
    expect(entry.details.beneficiaries).toEqual([{ name: 'Hôpital Public', country: 'YE' }]);
  });

  it('who may do what', async () => {
    const w = await file();
    expect(errorCode(await t.gql(RECOGNIZE, { id: w.id }, 'de-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REVOKE, { id: w.id, reason: 'no' }, 'fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(FILE, { input: input() }, 'analyst'))).toBe('FORBIDDEN');
    await t.ok(RECOGNIZE, { id: w.id }, 'nl-regulator');
    expect(errorCode(await t.gql(RECOGNIZE, { id: w.id }, 'nl-regulator'))).toBe('CONFLICT');
    await t.ok(REVOKE, { id: w.id, reason: 'done' }, 'de-regulator');
    expect(errorCode(await t.gql(REVOKE, { id: w.id, reason: 'again' }, 'de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it.each([
    ['no beneficiary', { beneficiaries: [] }, 'input.beneficiaries'],
    ['a beneficiary country', { beneficiaries: [{ name: 'X', country: 'XX' }] }, 'input.beneficiaries.0.country'],
    ['a destination', { destinations: ['YE', 'ZZ'] }, 'input.destinations.1'],
    ['a taxonomy code', { taxonomyCodes: ['bad code'] }, 'input.taxonomyCodes.0'],
    ['an unknown node', { taxonomyCodes: ['BIO.NOPE'] }, 'input.taxonomyCodes.0'],
    ['validity backwards', { validFrom: '2026-06-01', validTo: '2026-05-01' }, 'input.validTo'],
    ['a cadence', { reportingEveryDays: 0 }, 'input.reportingEveryDays'],
    ['a programme', { programme: ' ' }, 'input.programme'],
  ])('refuses %s naming the field', async (_name, over, field) => {
    const r = await t.gql(FILE, { input: input(over) }, 'de-regulator');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('an idempotency key returns the first waiver for the same input and CONFLICT for another', async () => {
    const same = input({ idempotencyKey: 'w-1' });
    const a = (await t.ok<{ fileHumanitarianWaiver: any }>(FILE, { input: same }, 'de-regulator')).fileHumanitarianWaiver;
    const b = (await t.ok<{ fileHumanitarianWaiver: any }>(FILE, { input: same }, 'de-regulator')).fileHumanitarianWaiver;
    expect(b.id).toBe(a.id);
    expect(errorCode(await t.gql(FILE, { input: { ...same, programme: 'other' } }, 'de-regulator'))).toBe('CONFLICT');
  });

  it('the scheduler activates on validFrom, makes reports fall due and expires after validTo', async () => {
    const w = await file({ validFrom: '2026-03-10', validTo: '2026-04-20', reportingEveryDays: 14 });
    expect(w.status).toBe('FILED');
    const s = await scheduler();
    const get = async () => (await waivers('secretariat')).edges.map((e: any) => e.node).find((x: any) => x.id === w.id);
    t.clock.set('2026-03-10T01:00:00Z');
    await s.runDue();
    expect((await get()).status).toBe('ACTIVE');
    t.clock.set('2026-03-25T01:00:00Z');
    await s.runDue();
    expect((await get()).reports).toEqual([{ dueAt: '2026-03-24T00:00:00.000Z' }]);
    t.clock.set('2026-04-21T01:00:00Z');
    await s.runDue();
    const after = await get();
    expect(after.status).toBe('EXPIRED');
    expect(after.auditTrail.map((a: any) => a.action)).toEqual(
      expect.arrayContaining(['HUMANITARIAN_WAIVER.ACTIVATE', 'HUMANITARIAN_WAIVER.REPORT_DUE', 'HUMANITARIAN_WAIVER.EXPIRE']),
    );
  });
});
