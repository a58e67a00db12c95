/** The audit chain: the generated events continue after the seeds' last one, their hashes computed here. */
import { GENESIS_HASH, hashAuditEvent } from '../src/modules/audit/audit-chain';
import { toJsonValue } from '../src/shared/canonical-json';
import type { GenerationContext } from './generate-context';

export async function writeAuditChain(ctx: GenerationContext): Promise<void> {
  const { db, bar, phase, audit } = ctx;
  const BATCH = 2000;
  bar.update({ phase: 'audit chain' });
  audit.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const last = (await db.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: string; hash: string } | undefined;
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last ? last.hash : GENESIS_HASH;
  for (let s = 0; s < audit.length; s += BATCH) {
    const cols = {
      seq: [] as number[],
      at: [] as Date[],
      actorId: [] as (string | null)[],
      role: [] as string[],
      aj: [] as (string | null)[],
      action: [] as string[],
      st: [] as string[],
      sid: [] as string[],
      before: [] as (string | null)[],
      after: [] as (string | null)[],
      rationale: [] as (string | null)[],
      prev: [] as string[],
      hash: [] as string[],
    };
    for (const e of audit.slice(s, s + BATCH)) {
      seq += 1;
      const fields = {
        seq,
        occurredAt: e.occurredAt,
        actorId: e.actorId,
        actorRole: e.actorRole,
        actorJurisdiction: e.actorJurisdiction,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        before: toJsonValue(e.before ?? null),
        after: toJsonValue(e.after ?? null),
        rationale: e.rationale ?? null,
        prevHash,
      };
      const hash = hashAuditEvent(fields as Parameters<typeof hashAuditEvent>[0]);
      cols.seq.push(seq);
      cols.at.push(e.occurredAt);
      cols.actorId.push(e.actorId);
      cols.role.push(e.actorRole);
      cols.aj.push(e.actorJurisdiction);
      cols.action.push(e.action);
      cols.st.push(e.subjectType);
      cols.sid.push(e.subjectId);
      cols.before.push(fields.before === null ? null : JSON.stringify(fields.before));
      cols.after.push(fields.after === null ? null : JSON.stringify(fields.after));
      cols.rationale.push(fields.rationale);
      cols.prev.push(prevHash);
      cols.hash.push(hash);
      prevHash = hash;
    }
    await db.query(
      `INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, actor_jurisdiction, action, subject_type, subject_id, before, after, rationale, prev_hash, hash)
       SELECT s, a, ai, r, aj, ac, st, si, b::jsonb, af::jsonb, ra, p, h
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
         AS t(s, a, ai, r, aj, ac, st, si, b, af, ra, p, h)`,
      [cols.seq, cols.at, cols.actorId, cols.role, cols.aj, cols.action, cols.st, cols.sid, cols.before, cols.after, cols.rationale, cols.prev, cols.hash],
    );
    bar.increment(cols.seq.length);
  }
  phase('audit');
}
