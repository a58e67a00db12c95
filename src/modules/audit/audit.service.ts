import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError } from '../../shared/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import { inTransaction } from '../../shared/transaction';
import type { AuthPrincipal } from '../../shared/actor';
import { requirePrincipal, requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import { GENESIS_HASH, verifyAuditChain, type ChainStatus } from './audit-chain';
import { auditReadableSql } from './audit-visibility';
import { checkpointMessage, resolveCheckpointKey, type CheckpointKey } from './checkpoint-key';

/** Arbitrary constant naming the checkpoint advisory lock (one checkpoint at a time). */
const CHECKPOINT_LOCK_KEY = 7_316_502;

/** Publishes a checkpoint in the public register, in the caller's transaction (wired in src/services.ts). */
export type CheckpointPublisher = (
  m: EntityManager,
  entry: { subjectId: string; title: string; summary: string; rationale: string; details: Record<string, unknown> },
) => Promise<unknown>;

export interface ChainStatusWithCheckpoint extends ChainStatus {
  latestCheckpoint: AuditCheckpoint | null;
  eventsAfterLatestCheckpoint: number;
}

export class AuditService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly publishCheckpoint: CheckpointPublisher,
  ) {}

  /**
   * Audit events, newest first. The secretariat and analysts read the whole trail; a
   * regulator reads the events its jurisdiction's principals caused; a panelist its own.
   */
  async trail(
    principal: AuthPrincipal | null,
    args: { subjectType?: string; subjectId?: string; first?: number; after?: string },
  ): Promise<ConnectionShape<AuditEvent>> {
    const p = requirePrincipal(principal);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, (v): v is number => Number.isSafeInteger(v) && (v as number) > 0);
    const qb = this.deps.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (args.subjectType) qb.andWhere('e.subject_type = :subjectType', { subjectType: args.subjectType });
    if (args.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: args.subjectId });
    const readable: Record<string, unknown> = {};
    qb.andWhere(
      auditReadableSql(p, (v) => ((readable.reader = v), ':reader')),
      readable,
    ); // ./audit-visibility: the one rule
    const total = await qb.clone().getCount();
    if (after !== undefined) qb.andWhere('e.seq < :after', { after });
    const rows = await qb
      .orderBy('e.seq', 'DESC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, total, (e) => e.seq);
  }

  private key?: CheckpointKey;

  /** The checkpoint signing key (AUDIT_SIGNING_KEY, else generated into the data directory). */
  signingKey(): CheckpointKey {
    this.key ??= resolveCheckpointKey(this.deps.config);
    return this.key;
  }

  /** Recompute the chain and hold it against every signed checkpoint. */
  async chainStatus(manager: EntityManager = this.deps.dataSource.manager): Promise<ChainStatusWithCheckpoint> {
    const key = this.signingKey();
    const checkpoints = await manager.getRepository(AuditCheckpoint).find({ order: { seq: 'ASC' } });
    const status = await verifyAuditChain(
      manager,
      5000,
      checkpoints.map((c) => ({
        seq: c.seq,
        headHash: c.headHash,
        createdAt: c.createdAt,
        signatureValid: c.eventCount === c.seq && key.verify(c, c.signature),
      })),
    );
    const latest = checkpoints.at(-1) ?? null;
    const [{ head }]: { head: string }[] = await manager.query('SELECT coalesce(max(seq), 0)::bigint AS head FROM audit_event');
    return { ...status, latestCheckpoint: latest, eventsAfterLatestCheckpoint: Math.max(0, Number(head) - (latest?.seq ?? 0)) };
  }

  /**
   * Sign the chain head and publish it in the register — only after the whole chain has
   * been verified (a checkpoint never vouches for a broken chain). When the head is already
   * checkpointed, returns that checkpoint and `created: false`.
   */
  async checkpoint(principal: AuthPrincipal | null, system = false): Promise<{ checkpoint: AuditCheckpoint; created: boolean }> {
    const p = system ? null : requireRole(principal, Role.SECRETARIAT);
    const key = this.signingKey();
    return inTransaction(this.deps.dataSource, async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK_KEY]);
      const head: { seq: string; hash: string }[] = await m.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
      const seq = head.length ? Number(head[0].seq) : 0;
      const headHash = head.length ? head[0].hash : GENESIS_HASH;
      const repo = m.getRepository(AuditCheckpoint);
      const latest = await repo.findOne({ where: {}, order: { seq: 'DESC' } });
      if (latest && latest.seq === seq && latest.headHash === headHash) return { checkpoint: latest, created: false };
      const status = await this.chainStatus(m);
      if (!status.valid)
        throw new ConflictError(`the audit chain does not verify, so it is not checkpointed: ${status.reason}`, {
          firstBrokenEventId: status.firstBrokenEventId,
        });
      const statement = { seq, headHash, eventCount: seq, createdAt: this.deps.clock.now(), keyId: key.keyId };
      const checkpoint = await repo.save(repo.create({ ...statement, signature: key.sign(statement), createdById: p?.id ?? null }));
      await this.publishCheckpoint(m, {
        subjectId: checkpoint.id,
        title: `Audit checkpoint: ${seq} events`,
        summary: `After event ${seq} the audit chain's head hash is ${headHash}. Signed with Ed25519 key ${key.keyId}.`,
        // The feed's content: everything needed to verify it with the public key (auditCheckpointKey).
        rationale: `signedMessage: ${checkpointMessage(statement)}\nsignature: ${checkpoint.signature}`,
        details: {
          seq,
          headHash,
          eventCount: seq,
          createdAt: statement.createdAt.toISOString(),
          keyId: key.keyId,
          signature: checkpoint.signature,
          signedMessage: checkpointMessage(statement),
        },
      });
      return { checkpoint, created: true };
    });
  }

  /** Checkpoints, newest first (public: they are published in the register). */
  async checkpoints(args: { first?: number; after?: string }): Promise<ConnectionShape<AuditCheckpoint>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0);
    const qb = this.deps.dataSource.getRepository(AuditCheckpoint).createQueryBuilder('c');
    const total = await qb.clone().getCount();
    if (after !== undefined) qb.andWhere('c.seq < :after', { after });
    const rows = await qb
      .orderBy('c.seq', 'DESC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, total, (c) => c.seq);
  }

  /** Scheduler: a checkpoint is due when the last one is older than AUDIT_CHECKPOINT_MINUTES and events followed it. */
  async checkpointDue(now: Date): Promise<{ key: string }[]> {
    const minutes = this.deps.config.auditCheckpointMinutes;
    if (!minutes) return [];
    const [row]: { head: string | null; seq: string | null; at: Date | null }[] = await this.deps.dataSource.query(
      'SELECT (SELECT max(seq) FROM audit_event) AS head, (SELECT max(seq) FROM audit_checkpoint) AS seq, (SELECT max(created_at) FROM audit_checkpoint) AS at',
    );
    if (row.head === null || (row.seq !== null && Number(row.seq) >= Number(row.head))) return [];
    if (row.at && new Date(row.at).getTime() > now.getTime() - minutes * 60_000) return [];
    return [{ key: `checkpoint:${row.head}` }];
  }
}
