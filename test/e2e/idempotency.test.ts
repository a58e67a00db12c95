import { createNodes } from '../support/factories';
import {
  CONSORTIUM_IDS,
  DECLARE_EMERGENCY,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  RECORD_LICENCE_DECISION,
  RESPOND_TO_RECOGNITION_REQUEST,
} from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'IT' }, { code: 'IT.X', parentCode: 'IT' }]);
});
afterAll(() => t.close());

const count = async (table: string) => (await t.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

/** Same key and input: the first result, nothing new. Same key, any other input (each of `others`): CONFLICT. */
async function idempotent(mutation: string, field: string, table: string, input: Record<string, unknown>, others: Record<string, unknown>[], as: string) {
  const first = await t.gql<any>(mutation, { i: { ...input, idempotencyKey: `k-${table}` } }, as);
  expect(first.errors).toBeUndefined();
  const rows = await count(table);
  const again = await t.gql<any>(mutation, { i: { ...input, idempotencyKey: `k-${table}` } }, as);
  expect(again.data![field].id).toBe(first.data![field].id);
  expect(await count(table)).toBe(rows);
  for (const other of others) {
    expect([other, errorCode(await t.gql(mutation, { i: { ...input, ...other, idempotencyKey: `k-${table}` } }, as))]).toEqual([other, 'CONFLICT']);
    expect(await count(table)).toBe(rows);
  }
  return first.data![field].id as string;
}

describe('idempotency keys on creating mutations', () => {
  it('recordLicenceDecision, fileMutualRecognitionRequest, fileFastTrackApplication and fileDispute', async () => {
    const decision = { applicant: 'A', endUser: { name: 'B', country: 'SG' }, destination: 'SG', taxonomyCodes: ['IT.X'], outcome: 'GRANTED', rationale: 'r' };
    const decisionId = await idempotent(
      RECORD_LICENCE_DECISION,
      'recordLicenceDecision',
      'licence_decision',
      decision,
      [
        { applicant: 'Other' },
        { confidential: true },
        { rationale: 'another rationale' },
        { conditions: ['c'], outcome: 'GRANTED_WITH_CONDITIONS' },
        { validUntil: '2027-01-01' },
        { endUser: { name: 'C', country: 'SG' } },
      ],
      'de-regulator',
    );
    const requestId = await idempotent(
      FILE_MUTUAL_RECOGNITION_REQUEST,
      'fileMutualRecognitionRequest',
      'recognition_request',
      { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: decisionId, concernedJurisdictions: ['FR'], justification: 'j' },
      [{ subjectKind: 'END_USER_VERIFICATION' }, { justification: 'another justification' }, { concernedJurisdictions: ['NL'] }, { draft: true }],
      'de-regulator',
    );
    const decl = await t.ok<{ declareEmergency: any }>(
      DECLARE_EMERGENCY,
      { i: { consortiumId, title: 't', taxonomyCodes: ['IT'], endsAt: '2026-12-31T00:00:00Z' } },
      'secretariat',
    );
    await idempotent(
      FILE_FAST_TRACK_APPLICATION,
      'fileFastTrackApplication',
      'fast_track_application',
      {
        declarationId: decl.declareEmergency.id,
        applicant: 'A',
        endUser: { name: 'B', country: 'KE' },
        destination: 'KE',
        taxonomyCodes: ['IT.X'],
        justification: 'j',
      },
      [
        { applicant: 'Other' },
        { justification: 'another justification' },
        { destination: 'SG' },
        { endUser: { name: 'C', country: 'KE' } },
        { requestedUntil: '2026-06-01T00:00:00Z' },
      ],
      'de-regulator',
    );
    await t.ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId, decision: 'DECLINE', rationale: 'no' } }, 'fr-regulator');
    const [{ id: responseId }] = await t.ds.query('SELECT id FROM recognition_response WHERE request_id = $1', [requestId]);
    await idempotent(
      FILE_DISPUTE,
      'fileDispute',
      'dispute_case',
      { contestedKind: 'RECOGNITION_RESPONSE', contestedId: responseId, grounds: 'g' },
      [{ contestedId: '00000000-0000-4000-8000-000000000000' }, { grounds: 'other grounds' }],
      'de-regulator',
    );
  });
});
