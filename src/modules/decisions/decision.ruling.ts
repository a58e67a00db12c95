/**
 * Dispute rulings on this module's decisions (DENIAL_CONSULTATION, LICENCE_DECISION).
 * DENIAL_CONSULTATION: a member's decision to proceed despite another's denial; an
 * overturn or remand makes it REFRAIN (the grant is blocked again), an upholding appeal
 * ruling restores PROCEED.
 */
import type { EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { ContestedDecision, RulingEffects, RulingToApply } from '../../shared/ruling-effects';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { isUuid } from '../../shared/ids';
import { lockOrNotFound } from '../../shared/lock';
import { membership } from '../jurisdictions/jurisdiction.service';
import { consultationMachine } from './consultation.states';
import { ConsultationOutcome } from './decision.enums';
import { DenialConsultation, LicenceDecision } from './licence-decision.entity';

async function consortiumOf(m: EntityManager, code: string): Promise<string> {
  const rows: { id: string }[] = await m.query('SELECT consortium_id AS id FROM membership WHERE jurisdiction_code = $1 ORDER BY since LIMIT 1', [code]);
  return rows[0]?.id;
}

export class ConsultationRulingEffects implements RulingEffects {
  async contestedDecision(m: EntityManager, id: string): Promise<ContestedDecision> {
    const c = isUuid(id) ? await m.getRepository(DenialConsultation).findOneBy({ id }) : null;
    if (!c) throw new NotFoundError('DenialConsultation', id);
    if (c.outcome !== ConsultationOutcome.PROCEED)
      throw new ValidationError('only a decision to proceed despite a denial can be contested', 'input.contestedId');
    return {
      status: c.outcome,
      consortiumId: await consortiumOf(m, c.consultedJurisdictionCode),
      respondent: c.jurisdictionCode,
      affected: [c.consultedJurisdictionCode],
      describe: `${c.jurisdictionCode}'s decision to proceed despite ${c.consultedJurisdictionCode}'s denial`,
    };
  }

  async applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string> {
    const c = await lockOrNotFound(m, DenialConsultation, ruling.contestedId, 'DenialConsultation');
    const target = ruling.outcome === 'UPHOLD' ? ConsultationOutcome.PROCEED : ConsultationOutcome.REFRAIN;
    if (c.outcome !== target) {
      await consultationMachine.transition(m, c, target === ConsultationOutcome.REFRAIN ? 'RULED_REFRAIN' : 'RULED_PROCEED', ['RULING'], {
        actor: SYSTEM_ACTOR,
        clock: ruling.clock,
        action: 'RULED',
        after: { byDispute: ruling.disputeId },
      });
    }
    return c.outcome === ConsultationOutcome.REFRAIN
      ? `${c.jurisdictionCode} may not grant against ${c.consultedJurisdictionCode}'s denial${ruling.outcome === 'REMAND' ? ' until it consults again' : ''}.`
      : `${c.jurisdictionCode}'s decision to proceed is restored.`;
  }
}

/**
 * LICENCE_DECISION: a member's licence decision (e.g. a denial an institution of another
 * member finds inconsistent or discriminatory), contested by that member on the
 * institution's behalf. A licence decision has no states to move: the ruling is recorded
 * against it in the audit trail and its member reconsiders (overturn) or decides anew
 * (remand).
 */
export class LicenceRulingEffects implements RulingEffects {
  async contestedDecision(m: EntityManager, id: string): Promise<ContestedDecision> {
    const d = isUuid(id) ? await m.getRepository(LicenceDecision).findOneBy({ id }) : null;
    if (!d) throw new NotFoundError('LicenceDecision', id);
    const consortiumId = await consortiumOf(m, d.jurisdictionCode);
    if (!consortiumId) throw new ValidationError(`${d.jurisdictionCode} is not a member of a consortium`, 'input.contestedId');
    const members = await membership.members(m, consortiumId);
    return {
      status: d.outcome,
      consortiumId,
      respondent: d.jurisdictionCode,
      affected: members.filter((x) => x !== d.jurisdictionCode),
      describe: `${d.jurisdictionCode}'s licence decision ${d.id} (${d.outcome})`,
    };
  }

  async applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string> {
    const d = await lockOrNotFound(m, LicenceDecision, ruling.contestedId, 'LicenceDecision');
    if (ruling.outcome === ruling.applied) return ruling.outcome === 'UPHOLD' ? 'The licence decision stands.' : "The first ruling's effect stands.";
    const effect =
      ruling.outcome === 'UPHOLD'
        ? 'The licence decision stands.'
        : ruling.outcome === 'OVERTURN'
          ? `${d.jurisdictionCode}'s ${d.outcome.toLowerCase().replace(/_/g, ' ')} is found inconsistent with its obligations: ${d.jurisdictionCode} reconsiders the application in line with the ruling.`
          : `${d.jurisdictionCode}'s ${d.outcome.toLowerCase().replace(/_/g, ' ')} is sent back: ${d.jurisdictionCode} decides the application anew.`;
    await auditChange(m, SYSTEM_ACTOR, ruling.clock, d, 'LICENCE_DECISION.RULING_APPLIED', {
      after: { outcome: d.outcome, ruling: ruling.outcome, byDispute: ruling.disputeId },
      rationale: effect,
    });
    return effect;
  }
}
