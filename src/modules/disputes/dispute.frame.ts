/**
 * The frame every move of a case runs in: who the principal is on the case, the case
 * locked in a transaction, the move through disputeMachine with its notification, and the
 * ruling's issue and effect (through the owning module's RulingEffects).
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { InvalidTransitionError } from '../../shared/errors';
import type { RulingEffects, RulingOutcome } from '../../shared/ruling-effects';
import type { TransitionContext } from '../../shared/state-machine';
import { inTransaction } from '../../shared/transaction';
import type { Actor, AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { membership } from '../jurisdictions/jurisdiction.service';
import { publishToRegister, RegisterKind } from '../register/register.writer';
import { emitEvent } from '../../shared/events';
import { Confidentiality, ContestedDecisionKind, PanelVote } from './dispute.enums';
import { DisputeCase, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeThirdParty } from './dispute.entity';
import { disputeMachine, type DisputeEvent, type DisputeParty } from './dispute.states';
import { lockOrNotFound } from '../../shared/lock';
import { DAY, SECRETARIAT_PARTY } from './dispute.rules';

export type DisputeEffects = Record<ContestedDecisionKind, RulingEffects>;

export class DisputeFrame {
  constructor(
    private readonly deps: ServiceDeps,
    /** The owning module of each contested kind: how to read the decision and apply a ruling to it. */
    private readonly effects: DisputeEffects,
  ) {}

  now(): Date {
    return this.deps.clock.now();
  }

  /** The parties a principal plays on a case (a panelist only for the current round). */
  async partiesOf(m: EntityManager, p: AuthPrincipal, d: DisputeCase): Promise<DisputeParty[]> {
    const out: DisputeParty[] = [];
    if (p.role === Role.REGULATOR && p.jurisdiction === d.complainant) out.push('COMPLAINANT');
    if ((p.role === Role.REGULATOR && d.respondent && p.jurisdiction === d.respondent) || (p.role === Role.SECRETARIAT && d.respondent === null))
      out.push('RESPONDENT');
    if (p.role === Role.REGULATOR && p.jurisdiction && !out.length) {
      const joined = await m.getRepository(DisputeThirdParty).countBy({ disputeId: d.id, jurisdictionCode: p.jurisdiction });
      out.push(joined ? 'THIRD_PARTY' : 'MEMBER');
    }
    if (p.role === Role.SECRETARIAT) out.push('SECRETARIAT');
    if (p.role === Role.PANELIST && (await m.getRepository(DisputePanelist).findOneBy({ disputeId: d.id, round: d.round, principalId: p.id })))
      out.push('PANELIST');
    return out;
  }

  partyCode(party: DisputeParty, p: AuthPrincipal, d: DisputeCase): string {
    if (party === 'COMPLAINANT') return d.complainant;
    if (party === 'THIRD_PARTY') return p.jurisdiction!;
    return d.respondent ?? (p.role === Role.SECRETARIAT ? SECRETARIAT_PARTY : p.jurisdiction!);
  }

  async transition(
    principal: AuthPrincipal | null,
    id: string,
    work: (m: EntityManager, d: DisputeCase, parties: DisputeParty[], p: AuthPrincipal) => Promise<void>,
  ): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = await lockOrNotFound(m, DisputeCase, id, 'DisputeCase');
      await work(m, d, await this.partiesOf(m, p, d), p);
      return d;
    });
  }

  /** A move of the case through disputeMachine (status, side columns, audit), then its notification. */
  async move(
    m: EntityManager,
    d: DisputeCase,
    event: DisputeEvent,
    parties: DisputeParty[],
    actor: Actor,
    opts: Omit<TransitionContext, 'actor' | 'clock'> = {},
  ): Promise<void> {
    await disputeMachine.transition(m, d, event, parties, { ...opts, actor, clock: this.deps.clock, after: { round: d.round, ...(opts.after ?? {}) } });
    await emitEvent(m, this.deps.clock, {
      type: 'DISPUTE_UPDATED',
      id: d.id,
      event,
      status: d.status,
      audience: [d.complainant, d.respondent].filter((x): x is string => !!x),
    });
  }

  /**
   * Due process: the panel deliberates only after each party has filed a submission in
   * this round, or once the first-submission deadline of the timetable has passed.
   * Cases constituted before timetables existed have none and are not held.
   */
  async assertPartiesHeard(m: EntityManager, d: DisputeCase): Promise<void> {
    if (!d.firstSubmissionsDue || this.now() >= d.firstSubmissionsDue) return;
    const filed: { party: string }[] = await m.query('SELECT DISTINCT party FROM dispute_submission WHERE dispute_id = $1 AND round = $2', [d.id, d.round]);
    const missing = [d.complainant, d.respondent ?? SECRETARIAT_PARTY].filter((x) => !filed.some((f) => f.party === x));
    if (missing.length) {
      throw new InvalidTransitionError(
        'DisputeCase',
        d.status,
        'VOTE',
        `the panel deliberates once each party has filed its first written submission, or after ${d.firstSubmissionsDue.toISOString()}: ${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} not filed yet`,
      );
    }
  }

  /**
   * The ruling issues (after the interim report, or on appeal): published at once; a
   * first ruling takes effect when the appeal window closes without appeal (the sweep),
   * an appeal ruling at once.
   */
  async issueRuling(m: EntityManager, d: DisputeCase, ruling: DisputeRuling, parties: DisputeParty[], actor: Actor): Promise<void> {
    const now = this.now();
    const policy = await membership.policy(m, d.consortiumId);
    let appealDeadline = d.appealDeadline;
    ruling.interim = false;
    ruling.issuedAt = now;
    if (d.round === 1) {
      appealDeadline = new Date(now.getTime() + policy.appealWindowDays * DAY);
      ruling.effect = `Takes effect on the contested decision when the appeal window closes (${appealDeadline.toISOString()}) without appeal.`;
    } else {
      const previous = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round - 1 });
      // Rulings issued before effects waited for the appeal window were applied when issued.
      const applied = previous?.effectAppliedAt ? (previous.outcome as RulingOutcome) : 'UPHOLD';
      ruling.effect = await this.applyEffect(m, d, ruling.outcome, applied);
      ruling.final = true;
      ruling.effectAppliedAt = now;
    }
    await m.getRepository(DisputeRuling).save(ruling);
    await this.move(m, d, 'ISSUE_RULING', parties, actor, {
      set: { appealDeadline },
      after: { outcome: ruling.outcome, majority: `${ruling.majority}/${ruling.panelSize}`, effect: ruling.effect },
      rationale: ruling.rationale,
    });
    const publicTitles = (
      await m.getRepository(DisputeSubmission).find({ where: { disputeId: d.id, confidentiality: Confidentiality.PUBLIC }, order: { submittedAt: 'ASC' } })
    ).map((s) => s.title);
    const kind = d.contestedKind.toLowerCase().replace(/_/g, ' ');
    // An institution a member files for is never named in the register: only its country.
    const behalf = d.onBehalfOf ? ` (on behalf of an institution in ${d.onBehalfOf.country})` : '';
    await publishToRegister(m, this.deps.clock, {
      kind: RegisterKind.DISPUTE_RULING,
      consortiumId: d.consortiumId,
      subjectId: d.id,
      title: `${d.round > 1 ? 'Appeal ruling' : 'Ruling'}: ${d.complainant} v ${d.respondent ?? 'the secretariat'} — ${ruling.outcome}`,
      summary: `${ruling.outcome} by ${ruling.majority} of ${ruling.panelSize} panelists on the contested ${kind}${behalf}.${ruling.securityExceptionAssessment ? ' The respondent invoked the security exception; the panel reviewed its invocation.' : ''} ${ruling.effect}`,
      rationale: ruling.securityExceptionAssessment ? `${ruling.rationale}\n\nSecurity exception: ${ruling.securityExceptionAssessment}` : ruling.rationale,
      jurisdictions: [d.complainant, d.respondent].filter((x): x is string => !!x),
      // Redacted by rule: no PANEL_ONLY or PARTIES_AND_PANEL material; public submissions by title only.
      details: {
        round: d.round,
        outcome: ruling.outcome,
        majority: ruling.majority,
        panelSize: ruling.panelSize,
        contestedKind: d.contestedKind,
        contestedId: d.contestedId,
        publicSubmissions: publicTitles,
        rulingId: ruling.id,
        final: ruling.final,
        ...(d.onBehalfOf ? { onBehalfOfCountry: d.onBehalfOf.country } : {}),
      },
    });
  }

  /** The owning module applies the ruling to the contested decision, in this transaction. */
  applyEffect(m: EntityManager, d: DisputeCase, outcome: PanelVote, applied: RulingOutcome): Promise<string> {
    return this.effects[d.contestedKind].applyRuling(m, {
      disputeId: d.id,
      contestedId: d.contestedId,
      contestedStatus: d.contestedStatus,
      outcome,
      applied,
      clock: this.deps.clock,
    });
  }
}
