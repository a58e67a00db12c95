/**
 * Signed checkpoints of the audit chain. The table owner can bypass the
 * append-only trigger; the hash chain alone (plain SHA-256, no key) then cannot tell a
 * shortened or rehashed chain from an honest one. A checkpoint signed with a key the
 * database does not hold can.
 */
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createLogger } from '../../src/shared/logger';
import { hashAuditEvent, verifyAuditChain } from '../../src/modules/audit/audit-chain';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
const signingKey = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
beforeAll(async () => {
  t = await createTestApp({ env: { AUDIT_SIGNING_KEY: signingKey } });
});
afterAll(() => t.close());

const STATUS =
  '{ auditChainStatus { valid checkedEvents firstBrokenEventId reason checkpointsVerified eventsAfterLatestCheckpoint latestCheckpoint { seq headHash } } }';
const CHECKPOINT = 'mutation { createAuditCheckpoint { id seq headHash eventCount createdAt keyId signature signedMessage } }';
const status = async () => (await t.ok<{ auditChainStatus: any }>(STATUS, {}, 'analyst')).auditChainStatus;
const head = async () => Number((await t.ds.query('SELECT max(seq) AS s FROM audit_event'))[0].s);
/** Any audited change: a webhook registration. */
const someEvents = async (n: number) => {
  for (let i = 0; i < n; i++)
    await t.ok(`mutation { registerWebhook(input: { url: "http://127.0.0.1:9/audit-${i}" }) { webhook { id } } }`, {}, 'gb-regulator');
};
/** As the table owner: with the append-only triggers off. */
const asOwner = (work: (m: EntityManager) => Promise<void>) =>
  t.ds.transaction(async (m) => {
    await m.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change');
    await m.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_no_change');
    await work(m);
    await m.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change');
    await m.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_no_change');
  });
const snapshot = (from: number) => t.ds.query('SELECT * FROM audit_event WHERE seq >= $1 ORDER BY seq', [from]);
const restore = (rows: unknown[], from: number) =>
  asOwner(async (m) => {
    await m.query('DELETE FROM audit_event WHERE seq >= $1', [from]);
    await m.query('INSERT INTO audit_event SELECT * FROM json_populate_recordset(null::audit_event, $1)', [JSON.stringify(rows)]);
  });
/** The hash chain alone, as it was checked before checkpoints: blind to these attacks. */
const linksAlone = () => verifyAuditChain(t.ds.manager);

describe('audit checkpoints', () => {
  let first: any;

  it('sign the chain head with a key anyone can verify, and publish it in the register and the feed', async () => {
    await someEvents(3);
    const n = await head();
    first = (await t.ok<{ createAuditCheckpoint: any }>(CHECKPOINT, {}, 'secretariat')).createAuditCheckpoint;
    expect(first).toMatchObject({ seq: String(n), eventCount: String(n) });
    expect(first.headHash).toBe((await t.ds.query('SELECT hash FROM audit_event WHERE seq = $1', [n]))[0].hash);
    // Nothing new: the same checkpoint again.
    expect((await t.ok<{ createAuditCheckpoint: any }>(CHECKPOINT, {}, 'secretariat')).createAuditCheckpoint.id).toBe(first.id);
    expect(errorCode(await t.gql(CHECKPOINT, {}, 'analyst'))).toBe('FORBIDDEN');

    // An outsider verifies it with the public key alone.
    const { auditCheckpointKey: key, auditCheckpoints: list } = await t.ok<any>(
      '{ auditCheckpointKey { algorithm keyId publicKeyPem } auditCheckpoints(first: 5) { totalCount edges { node { id signedMessage signature } } } }',
      {},
      null,
    );
    expect(key.algorithm).toBe('Ed25519');
    expect(key.publicKeyPem).toBe(crypto.createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }));
    expect(list.edges[0].node.id).toBe(first.id);
    const message = JSON.stringify({
      createdAt: first.createdAt,
      eventCount: n,
      headHash: first.headHash,
      keyId: key.keyId,
      seq: n,
      type: 'accord-audit-checkpoint/v1',
    });
    expect(first.signedMessage).toBe(message);
    expect(crypto.verify(null, Buffer.from(message), crypto.createPublicKey(key.publicKeyPem), Buffer.from(first.signature, 'base64'))).toBe(true);

    const register = await t.ok<any>('{ publicRegister(kind: AUDIT_CHECKPOINT, first: 5) { edges { node { subjectId title details } } } }', {}, null);
    expect(register.publicRegister.edges[0].node).toMatchObject({
      subjectId: first.id,
      details: { seq: n, headHash: first.headHash, signature: first.signature, signedMessage: message },
    });
    const feed = await (await fetch(`${await t.listen()}/register.atom?kind=AUDIT_CHECKPOINT`)).text();
    expect(feed).toContain('<category term="AUDIT_CHECKPOINT"/>');
    expect(feed).toContain(first.signature);

    expect(await status()).toMatchObject({
      valid: true,
      checkpointsVerified: 1,
      eventsAfterLatestCheckpoint: 0,
      latestCheckpoint: { seq: String(n), headHash: first.headHash },
    });
  });

  it('detect events deleted from the end of the chain', async () => {
    const n = await head();
    const removed = await snapshot(n - 1);
    await asOwner((m) => m.query('DELETE FROM audit_event WHERE seq >= $1', [n - 1]));
    expect((await linksAlone()).valid).toBe(true); // what the chain alone reports
    expect(await status()).toMatchObject({
      valid: false,
      checkedEvents: n - 2,
      firstBrokenEventId: String(n - 1),
      reason: expect.stringMatching(/removed from its end/),
    });
    // No checkpoint vouches for a broken chain.
    expect(errorCode(await t.gql(CHECKPOINT, {}, 'secretariat'))).toBe('CONFLICT');
    await restore(removed, n - 1);
    expect((await status()).valid).toBe(true);
  });

  it('detect an event rewritten with every hash after it recomputed', async () => {
    await someEvents(2);
    const second = (await t.ok<{ createAuditCheckpoint: any }>(CHECKPOINT, {}, 'secretariat')).createAuditCheckpoint;
    const target = Number(first.seq) + 1; // after the first checkpoint, covered by the second
    const original = await snapshot(target);
    await asOwner(async (m) => {
      let prevHash: string = (await m.query('SELECT hash FROM audit_event WHERE seq = $1', [target - 1]))[0].hash;
      const rows: any[] = await m.query('SELECT * FROM audit_event WHERE seq >= $1 ORDER BY seq', [target]);
      for (const r of rows) {
        const e = {
          seq: Number(r.seq),
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          actorJurisdiction: r.actor_jurisdiction,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          before: r.before,
          after: r.seq === String(target) ? { url: 'http://innocent.example/' } : r.after,
          rationale: r.rationale,
          prevHash,
        };
        const hash = hashAuditEvent(e);
        await m.query('UPDATE audit_event SET after = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [e.seq, JSON.stringify(e.after), prevHash, hash]);
        prevHash = hash;
      }
    });
    expect((await linksAlone()).valid).toBe(true);
    expect(await status()).toMatchObject({
      valid: false,
      checkedEvents: Number(first.seq),
      firstBrokenEventId: String(target),
      checkpointsVerified: 1,
      reason: expect.stringMatching(/rewritten and the hashes after it recomputed/),
    });

    // Rewriting the checkpoint to the new head as well: its signature no longer verifies.
    const newHead: string = (await t.ds.query('SELECT hash FROM audit_event WHERE seq = $1', [Number(second.seq)]))[0].hash;
    await asOwner((m) => m.query('UPDATE audit_checkpoint SET head_hash = $2 WHERE id = $1', [second.id, newHead]));
    expect(await status()).toMatchObject({ valid: false, firstBrokenEventId: second.seq, reason: expect.stringMatching(/forged or altered/) });

    await asOwner((m) => m.query('UPDATE audit_checkpoint SET head_hash = $2 WHERE id = $1', [second.id, second.headHash]));
    await restore(original, target);
    expect(await status()).toMatchObject({ valid: true, checkpointsVerified: 2 });
  });

  it('cannot see events removed after the latest checkpoint (the window the checkpoint interval leaves)', async () => {
    const n = await head();
    await someEvents(2);
    expect((await status()).eventsAfterLatestCheckpoint).toBe(2);
    const removed = await snapshot(n + 1);
    await asOwner((m) => m.query('DELETE FROM audit_event WHERE seq > $1', [n]));
    expect((await status()).valid).toBe(true); // documented limit
    await restore(removed, n + 1);
  });

  it('are made by the sweep every AUDIT_CHECKPOINT_MINUTES when events followed the last one', async () => {
    const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
    await s.start();
    const count = async () => (await t.ds.query('SELECT count(*)::int AS n FROM audit_checkpoint'))[0].n as number;
    try {
      const before = await count();
      await s.runDue(); // the last checkpoint is recent: not yet
      expect(await count()).toBe(before);
      t.clock.advance(61 * 60_000);
      await s.runDue();
      expect(await count()).toBe(before + 1);
      expect(await status()).toMatchObject({ valid: true, eventsAfterLatestCheckpoint: 0, latestCheckpoint: { seq: String(await head()) } });
      t.clock.advance(61 * 60_000);
      await s.runDue(); // no event since: nothing to sign
      expect(await count()).toBe(before + 1);
    } finally {
      await s.stop();
    }
  });

  it('refuse UPDATE and DELETE at the database, like the chain', async () => {
    await expect(t.ds.query('DELETE FROM audit_checkpoint')).rejects.toThrow(/append-only/);
  });
});
