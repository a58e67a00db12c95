/**
 * A dispute ruling on a provisional authorization (contestedKind
 * PROVISIONAL_AUTHORIZATION), applied by this module through authorizationMachine: an
 * overturn revokes it; a remand suspends it until its member completes a new
 * post-approval review. Such disputes take the urgent track: an authorization lasts at
 * most the policy's provisional period, which the ordinary timetable would outlast.
 */
import type { EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { ContestedDecision, RulingEffects, RulingToApply } from '../../shared/ruling-effects';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { isUuid } from '../../shared/ids';
import { membership } from '../jurisdictions/jurisdiction.service';
import { AuthorizationStatus } from './emergency.enums';
import { EmergencyDeclaration, ProvisionalAuthorization } from './emergency.entity';
import { authorizationMachine } from './emergency.states';
import { publishAuthorizationStanding } from './emergency.register';

export class EmergencyRulingEffects implements RulingEffects {
  async contestedDecision(m: EntityManager, id: string): Promise<ContestedDecision> {
    const a = isUuid(id) ? await m.getRepository(ProvisionalAuthorization).findOneBy({ id }) : null;
    if (!a) throw new NotFoundError('ProvisionalAuthorization', id);
    if (a.status !== AuthorizationStatus.ACTIVE && a.status !== AuthorizationStatus.SUSPENDED && a.status !== AuthorizationStatus.CONFIRMED)
      throw new ValidationError(`the authorization is ${a.status}`, 'input.contestedId');
    const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
    const members = await membership.members(m, d.consortiumId);
    return {
      status: a.status,
      consortiumId: d.consortiumId,
      respondent: a.jurisdictionCode,
      affected: members.filter((x) => x !== a.jurisdictionCode),
      describe: `${a.jurisdictionCode}'s provisional authorization ${a.id}`,
      urgent: true,
    };
  }

  async applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string> {
    const a = await m.getRepository(ProvisionalAuthorization).findOneOrFail({ where: { id: ruling.contestedId }, lock: { mode: 'pessimistic_write' } });
    if (ruling.outcome === 'UPHOLD')
      return `The authorization stays ${a.status}${a.status === AuthorizationStatus.REVOKED ? ': a revocation is not undone; the member may file anew' : ''}.`;
    const event = ruling.outcome === 'OVERTURN' ? 'REVOKE' : 'SUSPEND';
    if (!authorizationMachine.allows(a.status, event)) return `The authorization is ${a.status}; nothing more to apply.`;
    const now = ruling.clock.now();
    await authorizationMachine.transition(m, a, event, ['RULING'], {
      actor: SYSTEM_ACTOR,
      clock: ruling.clock,
      set: event === 'SUSPEND' ? { reviewDueAt: now, suspendedByDisputeId: ruling.disputeId } : {},
      after: { byDispute: ruling.disputeId },
    });
    await publishAuthorizationStanding(m, ruling.clock, a, event, `ruling in dispute ${ruling.disputeId}`);
    return event === 'REVOKE'
      ? 'The provisional authorization is revoked.'
      : 'The provisional authorization is suspended until its member completes a new post-approval review.';
  }
}
