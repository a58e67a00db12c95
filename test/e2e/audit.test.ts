import { AUDIT_CHAIN_STATUS_DETAIL, CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(() => t.close());

const UPDATE = `mutation($id: ID!, $days: Int!) {
  updateConsortiumPolicy(consortiumId: $id, input: { recognitionReviewDays: $days }, rationale: "adjust the clock") { id } }`;

describe('audit chain', () => {
  it('is valid after concurrent writes, with no gap and no fork', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.gql(UPDATE, { id: consortiumId, days: 30 + i }, 'secretariat')));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const { auditChainStatus } = await t.ok(AUDIT_CHAIN_STATUS_DETAIL, {}, 'analyst');
    expect(auditChainStatus.valid).toBe(true);
    // the seed load plus the twelve updates
    expect(auditChainStatus.checkedEvents).toBe(13);
    const rows = await t.ds.query('SELECT seq, prev_hash, hash FROM audit_event ORDER BY seq');
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('is not readable anonymously', async () => {
    expect(errorCode(await t.gql(AUDIT_CHAIN_STATUS_DETAIL))).toBe('UNAUTHENTICATED');
  });

  it('refuses UPDATE and DELETE at the database', async () => {
    await expect(t.ds.query(`UPDATE audit_event SET rationale = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query('DELETE FROM audit_event WHERE seq = 2')).rejects.toThrow(/append-only/);
  });

  it('a regulator reads only the events of its own jurisdiction', async () => {
    const r = await t.ok<{ auditTrail: { totalCount: number } }>('{ auditTrail(first: 10) { totalCount } }', {}, 'de-regulator');
    expect(r.auditTrail.totalCount).toBe(0);
    const all = await t.ok<{ auditTrail: { totalCount: number } }>('{ auditTrail(first: 10) { totalCount } }', {}, 'secretariat');
    expect(all.auditTrail.totalCount).toBe(13);
  });

  it('pages newest first with cursors', async () => {
    const first = await t.ok<{ auditTrail: any }>(
      '{ auditTrail(first: 5) { edges { cursor node { seq } } pageInfo { hasNextPage endCursor } } }',
      {},
      'secretariat',
    );
    expect(first.auditTrail.edges.map((e: any) => Number(e.node.seq))).toEqual([13, 12, 11, 10, 9]);
    expect(first.auditTrail.pageInfo.hasNextPage).toBe(true);
    const next = await t.ok<{ auditTrail: any }>(
      'query($after: String) { auditTrail(first: 5, after: $after) { edges { node { seq } } } }',
      { after: first.auditTrail.pageInfo.endCursor },
      'secretariat',
    );
    expect(next.auditTrail.edges.map((e: any) => Number(e.node.seq))).toEqual([8, 7, 6, 5, 4]);
    expect(errorCode(await t.gql('{ auditTrail(first: 101) { totalCount } }', {}, 'secretariat'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ auditTrail(after: "garbage!") { totalCount } }', {}, 'secretariat'))).toBe('BAD_USER_INPUT');
  });

  it('detects a row edited behind its back and names the event', async () => {
    await t.ds.transaction(async (m) => {
      await m.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change');
      await m.query(`UPDATE audit_event SET rationale = 'quietly rewritten' WHERE seq = 5`);
      await m.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change');
    });
    const { auditChainStatus } = await t.ok(AUDIT_CHAIN_STATUS_DETAIL, {}, 'analyst');
    expect(auditChainStatus).toEqual({ valid: false, checkedEvents: 4, firstBrokenEventId: '5', reason: 'hash does not match the event content' });
  });

  it('detects a deleted row', async () => {
    await t.ds.transaction(async (m) => {
      await m.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change');
      await m.query(`UPDATE audit_event SET rationale = 'adjust the clock' WHERE seq = 5`); // undo the previous tamper
      await m.query('DELETE FROM audit_event WHERE seq = 9');
      await m.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change');
    });
    const { auditChainStatus } = await t.ok(AUDIT_CHAIN_STATUS_DETAIL, {}, 'analyst');
    expect(auditChainStatus.valid).toBe(false);
    expect(auditChainStatus.firstBrokenEventId).toBe('9');
  });
});
