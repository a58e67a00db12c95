/**
 * National implementation of a recognition (DESIGN.md §2.1): each recognizing member records
 * the act by which the recognition takes effect in its law, within the policy's
 * `recognitionImplementationDays` of the outcome. `syncImplementations` keeps one row per
 * recognizing member whenever an outcome is reached or recomputed (a ruling): members that
 * now recognize get a row due from now; a row not yet recorded of a member that no longer
 * recognizes is removed (a recorded one stays, as history).
 */
import { IsNull, type EntityManager } from 'typeorm';
import { Consortium } from '../jurisdictions/consortium.entity';
import { SilencePolicy } from '../jurisdictions/jurisdiction.enums';
import { RecognitionDecision, RecognitionStatus } from './recognition.enums';
import { RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';

const DAY = 86_400_000;

/** The members whose recognition is in force on a request in its current state. */
export async function recognizingMembers(m: EntityManager, request: RecognitionRequest, policy?: { silenceAtDeadline: SilencePolicy }): Promise<string[]> {
  if (request.status !== RecognitionStatus.RECOGNIZED && request.status !== RecognitionStatus.PARTIALLY_RECOGNIZED) return [];
  const live = await m.getRepository(RecognitionResponse).findBy({ requestId: request.id, remandedByDisputeId: IsNull() });
  const out = live.filter((r) => r.decision !== RecognitionDecision.DECLINE).map((r) => r.jurisdictionCode);
  const p = policy ?? (await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId })).policy;
  if (p.silenceAtDeadline === SilencePolicy.DEEMED_RECOGNIZED)
    out.push(...request.silentJurisdictionCodes.filter((c) => !live.some((r) => r.jurisdictionCode === c)));
  return [...new Set(out)].sort();
}

export async function syncImplementations(m: EntityManager, request: RecognitionRequest, now: Date): Promise<void> {
  const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
  const members = await recognizingMembers(m, request, consortium.policy);
  const repo = m.getRepository(RecognitionImplementation);
  const rows = await repo.findBy({ requestId: request.id });
  const stale = rows.filter((r) => !members.includes(r.jurisdictionCode) && !r.recordedAt);
  if (stale.length) await repo.delete(stale.map((r) => r.id));
  const dueAt = new Date(now.getTime() + consortium.policy.recognitionImplementationDays * DAY);
  const missing = members.filter((c) => !rows.some((r) => r.jurisdictionCode === c));
  if (missing.length) await repo.save(missing.map((jurisdictionCode) => repo.create({ requestId: request.id, jurisdictionCode, dueAt })));
}
