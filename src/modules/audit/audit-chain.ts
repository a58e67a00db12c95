/**
 * The audit mechanism: `recordAudit` appends one event inside the caller's transaction;
 * `verifyAuditChain` recomputes every hash.
 *
 * Appends are serialised with a transaction-scoped advisory lock, so two concurrent
 * transactions never read the same previous hash (the chain cannot fork); the lock is
 * released at commit or rollback, and a rolled-back transaction leaves no event behind.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson, toJsonValue } from '../../shared/canonical-json';
import type { Clock } from '../../shared/clock';
import type { Actor } from '../../shared/actor';
import type { AuditEntry } from '../../shared/state-machine';
import { AuditEvent } from './audit-event.entity';
import type { AuditAction, KnownAction } from './audit.actions';

export const GENESIS_HASH = '0'.repeat(64);
/** Arbitrary constant naming the audit-append advisory lock. */
const AUDIT_LOCK_KEY = 7_316_501;

/** One event to record; its action an AuditAction (see KnownAction for a machine's run-time action). */
export type AuditInput<A extends string = AuditAction> = Omit<AuditEntry, 'action'> & { action: KnownAction<A> };

type HashedFields = Pick<
  AuditEvent,
  'seq' | 'occurredAt' | 'actorId' | 'actorRole' | 'actorJurisdiction' | 'action' | 'subjectType' | 'subjectId' | 'before' | 'after' | 'rationale' | 'prevHash'
>;

export function hashAuditEvent(e: HashedFields): string {
  const canonical = canonicalJson({
    seq: Number(e.seq),
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    actorJurisdiction: e.actorJurisdiction,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: e.before ?? null,
    after: e.after ?? null,
    rationale: e.rationale ?? null,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Append an audit event. Takes the transaction's EntityManager: call it inside the
 * transaction whose change it records.
 */
export async function recordAudit<A extends string>(manager: EntityManager, actor: Actor, clock: Clock, input: AuditInput<A>): Promise<AuditEvent> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('recordAudit must run inside the transaction of the change it records');
  }
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
  const fields: HashedFields = {
    seq: last.length ? Number(last[0].seq) + 1 : 1,
    occurredAt: clock.now(),
    actorId: actor.id,
    actorRole: actor.role,
    actorJurisdiction: actor.jurisdiction,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    before: toJsonValue(input.before ?? null),
    after: toJsonValue(input.after ?? null),
    rationale: input.rationale ?? null,
    prevHash: last.length ? last[0].hash : GENESIS_HASH,
  };
  const event = manager.create(AuditEvent, { ...fields, hash: hashAuditEvent(fields) });
  await manager.insert(AuditEvent, event as object);
  return event;
}

/** What an audit event says of a change besides its action and subject. */
export type AuditDetails = Pick<AuditEntry, 'before' | 'after' | 'rationale'>;

/**
 * The audit event of a change to one of the module's rows, in the caller's transaction: the
 * row's entity class names the subject type (`DisputeCase`, `RecognitionRequest`, …). The
 * short form of recordAudit for the common case; subjects that are not rows (a jurisdiction
 * code, a taxonomy code) use recordAudit.
 */
export function auditChange<A extends string>(
  m: EntityManager,
  actor: Actor,
  clock: Clock,
  subject: { id: string },
  action: KnownAction<A>,
  details: AuditDetails = {},
): Promise<AuditEvent> {
  return recordAudit(m, actor, clock, { action, subjectType: subject.constructor.name, subjectId: subject.id, ...details });
}

export interface ChainStatus {
  valid: boolean;
  checkedEvents: number;
  firstBrokenEventId: string | null;
  reason: string | null;
  /** Checkpoints whose signature and head matched the chain. */
  checkpointsVerified: number;
}

/** A signed checkpoint as the verifier needs it; `signatureValid` is checked by the caller, who holds the key. */
export interface CheckpointToCheck {
  seq: number;
  headHash: string;
  createdAt: Date;
  signatureValid: boolean;
}

/**
 * Walk the chain in order, in batches, recomputing each hash and link; then hold it against
 * every signed checkpoint: each must carry a valid signature, and the chain must reach its
 * `seq` with its `headHash` there. Removing events a checkpoint covers (truncation), or
 * rewriting one and recomputing every hash after it, breaks that.
 */
export async function verifyAuditChain(manager: EntityManager, batchSize = 5000, checkpoints: CheckpointToCheck[] = []): Promise<ChainStatus> {
  const pending = [...checkpoints].sort((a, b) => a.seq - b.seq);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let vouched = 0; // events up to the last checkpoint that matched
  let verified = 0;
  const forged = (c: CheckpointToCheck): ChainStatus => ({
    valid: false,
    checkedEvents: vouched,
    firstBrokenEventId: String(c.seq),
    checkpointsVerified: verified,
    reason: `the checkpoint at event ${c.seq} (${c.createdAt.toISOString()}) does not carry this server's signature: it was forged or altered`,
  });
  // A checkpoint of the empty chain.
  while (pending.length && pending[0].seq === 0) {
    const c = pending.shift()!;
    if (!c.signatureValid) return forged(c);
    verified += 1;
  }
  for (;;) {
    const batch = await manager
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq >= :from', { from: expectedSeq })
      .orderBy('e.seq', 'ASC')
      .limit(batchSize)
      .getMany();
    if (batch.length === 0) break;
    for (const e of batch) {
      const broken = (reason: string): ChainStatus => ({
        valid: false,
        checkedEvents: checked,
        firstBrokenEventId: String(e.seq),
        reason,
        checkpointsVerified: verified,
      });
      if (e.seq !== expectedSeq) {
        return {
          valid: false,
          checkedEvents: checked,
          firstBrokenEventId: String(expectedSeq),
          reason: `event ${expectedSeq} is missing`,
          checkpointsVerified: verified,
        };
      }
      if (e.prevHash !== prevHash) return broken('prevHash does not match the previous event');
      if (hashAuditEvent(e) !== e.hash) return broken('hash does not match the event content');
      while (pending.length && pending[0].seq === e.seq) {
        const c = pending.shift()!;
        if (!c.signatureValid) return forged(c);
        if (c.headHash !== e.hash) {
          return {
            valid: false,
            checkedEvents: vouched,
            firstBrokenEventId: String(vouched + 1),
            checkpointsVerified: verified,
            reason: `events ${vouched + 1} to ${c.seq} no longer match the checkpoint signed at ${c.createdAt.toISOString()}: an event was rewritten and the hashes after it recomputed`,
          };
        }
        vouched = e.seq;
        verified += 1;
      }
      prevHash = e.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  if (pending.length) {
    const c = pending[0];
    if (!c.signatureValid) return forged(c);
    return {
      valid: false,
      checkedEvents: checked,
      firstBrokenEventId: String(expectedSeq),
      checkpointsVerified: verified,
      reason: `event ${expectedSeq} is missing: the checkpoint signed at ${c.createdAt.toISOString()} covers ${c.seq} events, the chain holds ${checked} (events were removed from its end)`,
    };
  }
  return { valid: true, checkedEvents: checked, firstBrokenEventId: null, reason: null, checkpointsVerified: verified };
}
