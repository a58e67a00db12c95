/**
 * A dispute ruling on a recognition answer (contestedKind RECOGNITION_RESPONSE), applied
 * by this module through recognitionMachine: an overturned decline counts as a
 * recognition and the request's outcome is recomputed; a remanded answer is set aside and
 * the request reopens for that member's new answer with a fresh review deadline.
 */
import { IsNull, type EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { ContestedDecision, RulingEffects, RulingToApply } from '../../shared/ruling-effects';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../../shared/ids';
import { RecognitionDecision, RecognitionStatus } from './recognition.enums';
import { RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { deadlineEvent, OPEN_STATES, recognitionMachine, reviewDeadline } from './recognition.states';
import { syncImplementations } from './recognition.implementations';

export class RecognitionRulingEffects implements RulingEffects {
  async contestedDecision(m: EntityManager, id: string): Promise<ContestedDecision> {
    const r = isUuid(id) ? await m.getRepository(RecognitionResponse).findOneBy({ id, remandedByDisputeId: IsNull() }) : null;
    if (!r) throw new NotFoundError('RecognitionResponse', id);
    if (r.decision === RecognitionDecision.RECOGNIZE)
      throw new ValidationError('only a decline or a recognition with conditions can be contested', 'input.contestedId');
    const req = await m.getRepository(RecognitionRequest).findOneByOrFail({ id: r.requestId });
    return {
      status: r.decision,
      consortiumId: req.consortiumId,
      respondent: r.jurisdictionCode,
      affected: [req.requestingJurisdiction],
      describe: `${r.jurisdictionCode}'s ${r.decision} on request ${req.id}`,
    };
  }

  async applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string> {
    const { outcome, disputeId, clock } = ruling;
    if (outcome === ruling.applied) return outcome === 'UPHOLD' ? 'The contested decision stands.' : "The first ruling's effect stands.";
    const responses = m.getRepository(RecognitionResponse);
    // Lock the request first (answers change under its lock), then read the contested answer
    // afresh, so a concurrent answer is never overwritten from a stale copy.
    const requestId = (await responses.findOneByOrFail({ id: ruling.contestedId })).requestId;
    const request = await m.getRepository(RecognitionRequest).findOneOrFail({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
    const r = await responses.findOneByOrFail({ id: ruling.contestedId });
    const from = request.status;
    const ctx = { actor: SYSTEM_ACTOR, clock, action: 'RULING_APPLIED' };
    const noMove = (extra: Record<string, unknown>) =>
      auditChange(m, SYSTEM_ACTOR, clock, request, 'RECOGNITION_REQUEST.RULING_APPLIED', {
        before: { status: from },
        after: { status: from, byDispute: disputeId, ...extra },
      });
    if (outcome === 'REMAND') {
      if (r.remandedByDisputeId) return 'The answer was already sent back.';
      r.remandedByDisputeId = disputeId;
      await responses.save(r);
      if (recognitionMachine.allows(from, 'REOPEN')) {
        const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
        await recognitionMachine.transition(m, request, 'REOPEN', ['RULING'], {
          ...ctx,
          set: { deadline: reviewDeadline(clock.now(), consortium.policy), deadlineWarnedAt: null, closedAt: null, silentJurisdictionCodes: [] },
          after: { byDispute: disputeId, remanded: r.id },
        });
      } else {
        await noMove({ remanded: r.id });
        if ([RecognitionStatus.LAPSED, RecognitionStatus.WITHDRAWN].includes(from))
          return `${r.jurisdictionCode}'s ${r.decision} is set aside; the request had ended (${from}) and is not reopened.`;
      }
      return `${r.jurisdictionCode}'s ${r.decision} was sent back: ${r.jurisdictionCode} answers the request again (now ${request.status}).`;
    }
    if (outcome === 'OVERTURN') {
      if (r.remandedByDisputeId) return 'The answer had been sent back; the member answers anew.';
      r.originalDecision ??= r.decision;
      r.decision = RecognitionDecision.RECOGNIZE;
      r.overturnedByDisputeId = disputeId;
    } else {
      // UPHOLD on appeal after an applied overturn: the original answer is restored.
      if (r.overturnedByDisputeId !== disputeId || !r.originalDecision) return 'The contested decision stands.';
      r.decision = r.originalDecision;
      r.overturnedByDisputeId = null;
    }
    await responses.save(r);
    const live = await responses.findBy({ requestId: request.id, remandedByDisputeId: IsNull() });
    const closed = !OPEN_STATES.includes(from) && from !== RecognitionStatus.WITHDRAWN && from !== RecognitionStatus.LAPSED && from !== RecognitionStatus.DRAFT;
    // A request closed at its deadline: its silent members count as the policy says.
    const silent = request.silentJurisdictionCodes.filter((c) => !live.some((x) => x.jurisdictionCode === c));
    if (live.length + silent.length === request.concernedJurisdictionCodes.length && closed) {
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      const event = deadlineEvent(
        live.filter((x) => x.decision !== RecognitionDecision.DECLINE).length,
        live.length,
        silent.length,
        consortium.policy.silenceAtDeadline,
      );
      if (event === 'LAPSE') {
        await noMove({ response: r.id, decision: r.decision });
        return `${r.jurisdictionCode}'s answer is recorded; the request is ${request.status}.`;
      }
      await recognitionMachine.transition(m, request, event, ['RULING'], { ...ctx, after: { byDispute: disputeId, response: r.id, decision: r.decision } });
      await syncImplementations(m, request, clock.now());
    } else {
      await noMove({ response: r.id, decision: r.decision });
    }
    return outcome === 'OVERTURN'
      ? `${r.jurisdictionCode}'s answer now counts as a recognition; the request is ${request.status}${from !== request.status ? ` (was ${from})` : ''}.`
      : `${r.jurisdictionCode}'s original answer is restored; the request is ${request.status}.`;
  }
}
