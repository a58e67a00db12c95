/**
 * The panel of a case: its constitution (nationality and conflict checks, the timetable),
 * the conflicts panelists declare, and the votes (gated by due process) that yield the
 * interim report or, on appeal, the ruling.
 */
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { requiredText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { findPrincipal } from '../auth/principal.service';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { membership } from '../jurisdictions/jurisdiction.service';
import { PanelVote } from './dispute.enums';
import { DisputeCase, DisputeConflict, DisputePanelist, DisputeRuling, DisputeVote } from './dispute.entity';
import { commentPeriodEnd, disputeMachine, panelTimetable } from './dispute.states';
import { lockOrNotFound } from '../../shared/lock';
import { AWAITING_PANEL, caseOutline } from './dispute.rules';
import type { DisputeFrame } from './dispute.frame';

export class DisputePanel {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly frame: DisputeFrame,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }
  async constitutePanel(principal: AuthPrincipal | null, id: string, panelistIds: string[]): Promise<DisputeCase> {
    return this.frame.transition(principal, id, async (m, d, parties) => {
      disputeMachine.next(d.status, 'CONSTITUTE', parties);
      const appointed = await m.getRepository(DisputePanelist).findBy({ disputeId: d.id, round: d.round });
      if (appointed.length) throw new InvalidTransitionError('DisputeCase', d.status, 'CONSTITUTE', `the round ${d.round} panel is already appointed`);
      const policy = await membership.policy(m, d.consortiumId);
      const ids = panelistIds.map((x) => x.trim());
      if (new Set(ids).size !== ids.length) throw new ValidationError('a panelist is named twice', 'panelistIds');
      if (ids.length !== policy.panelSize) throw new ValidationError(`the policy sets panels of ${policy.panelSize}; ${ids.length} named`, 'panelistIds');
      const nationalsOf = await membership.withAdopters(
        m,
        [d.complainant, d.respondent].filter((c): c is string => !!c),
      );
      const conflicts = (await m.getRepository(DisputeConflict).findBy({ disputeId: d.id })).map((c) => c.principalId);
      const earlier = d.round > 1 ? (await m.getRepository(DisputePanelist).findBy({ disputeId: d.id, round: d.round - 1 })).map((x) => x.principalId) : [];
      const handles: string[] = [];
      for (const [i, pid] of ids.entries()) {
        const field = `panelistIds.${i}`;
        const person = await findPrincipal(m, pid);
        if (!person) throw new ValidationError(`no principal ${pid}`, field, { panelistId: pid });
        const who = { panelistId: pid, handle: person.handle };
        if (person.role !== Role.PANELIST) throw new ValidationError(`${person.handle} is not a panelist`, field, who);
        if (person.nationality && nationalsOf.includes(person.nationality)) {
          throw new ValidationError(`${person.handle} is a national of a party (${person.nationality}) and cannot sit on this panel`, field, who);
        }
        if (conflicts.includes(pid)) throw new ValidationError(`${person.handle} declared a conflict of interest in this case`, field, who);
        if (earlier.includes(pid)) throw new ValidationError(`${person.handle} sat on the first panel; an appeal is heard by a fresh panel`, field, who);
        handles.push(person.handle);
      }
      const now = this.now();
      const repo = m.getRepository(DisputePanelist);
      await repo.save(ids.map((principalId) => repo.create({ disputeId: d.id, round: d.round, principalId, appointedAt: now })));
      // The first panel's timetable starts now; an appeal keeps the clock set when it was filed.
      const timetable = d.round === 1 ? panelTimetable(now, policy, d.urgent ? 'URGENT' : 'ORDINARY') : null;
      await this.frame.move(m, d, 'CONSTITUTE', ['SECRETARIAT'], actorOf(principal), {
        set: { ...(timetable ?? {}) },
        after: { panelists: handles, ...(timetable ?? {}) },
      });
    });
  }

  /**
   * A panelist declares a conflict of interest in a case: it cannot be appointed to it. A
   * panelist has standing only while the case is open and the panel of its current round is
   * not yet appointed (FILED, CONSULTATION, PANEL_REQUESTED, or APPEALED before the appeal
   * panel); anything else is INVALID_TRANSITION. A panelist who does not sit on the case
   * gets back its outline only (state, parties, contested kind), never its grounds,
   * submissions, votes, rulings or timeline.
   */
  async declareConflict(principal: AuthPrincipal | null, disputeId: string, note: string): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    if (p.role !== Role.PANELIST) throw new ForbiddenError('panelists declare conflicts of interest');
    const text = requiredText(note, 'note', 5000);
    return inTransaction(this.deps.dataSource, async (m) => {
      // Locked: a constitution of the panel waits for the declaration, and sees it.
      const d = await lockOrNotFound(m, DisputeCase, disputeId, 'DisputeCase');
      const appointed = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round });
      if (!AWAITING_PANEL.includes(d.status) || appointed > 0) {
        throw new InvalidTransitionError(
          'DisputeCase',
          d.status,
          'DECLARE_CONFLICT',
          'a conflict of interest is declared while the case awaits its panel, before the appointment',
        );
      }
      await m.query(
        `INSERT INTO dispute_conflict (dispute_id, principal_id, note, declared_at) VALUES ($1, $2, $3, $4) ON CONFLICT (dispute_id, principal_id) DO NOTHING`,
        [d.id, p.id, text, this.now()],
      );
      await auditChange(m, actorOf(principal), this.deps.clock, d, 'DISPUTE.CONFLICT_DECLARED', { after: { panelist: p.id } });
      const sits = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, principalId: p.id });
      return sits ? d : caseOutline(d);
    });
  }

  async vote(
    principal: AuthPrincipal | null,
    input: { disputeId: string; vote: PanelVote; reasoning: string; securityExceptionAssessment?: string | null },
  ): Promise<DisputeCase> {
    const reasoning = requiredText(input.reasoning, 'input.reasoning', 20000);
    return this.frame.transition(principal, input.disputeId, async (m, d, parties, p) => {
      disputeMachine.next(d.status, 'VOTE', parties);
      await this.frame.assertPartiesHeard(m, d);
      const assessment = input.securityExceptionAssessment?.trim() || null;
      if (d.securityExceptionInvokedAt && !assessment) {
        throw new ValidationError(
          `${d.respondent} invoked the security exception: the vote assesses it (securityExceptionAssessment: was it invoked in good faith, is the measure plausibly connected to the interest stated)`,
          'input.securityExceptionAssessment',
        );
      }
      if ((assessment?.length ?? 0) > 20000)
        throw new ValidationError('securityExceptionAssessment is at most 20000 characters', 'input.securityExceptionAssessment');
      const votes = m.getRepository(DisputeVote);
      if (await votes.findOneBy({ disputeId: d.id, round: d.round, panelistId: p.id })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'VOTE', 'you have already voted in this round');
      }
      await votes.save(
        votes.create({
          disputeId: d.id,
          round: d.round,
          panelistId: p.id,
          vote: input.vote,
          reasoning,
          securityExceptionAssessment: assessment,
          castAt: this.now(),
        }),
      );
      await this.frame.move(m, d, 'VOTE', ['PANELIST'], actorOf(principal), { after: { panelist: p.id } });
      const all = await votes.find({ where: { disputeId: d.id, round: d.round }, order: { castAt: 'ASC' } });
      const size = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round });
      const need = Math.floor(size / 2) + 1;
      const tally = new Map<PanelVote, DisputeVote[]>();
      for (const v of all) tally.set(v.vote, [...(tally.get(v.vote) ?? []), v]);
      const winner = [...tally.entries()].find(([, vs]) => vs.length >= need);
      let decided: { outcome: PanelVote; rationale: string; majority: number } | null = null;
      // One reasoned rationale: the majority's reasoning as the first of it put it (votes are not attributed).
      if (winner) decided = { outcome: winner[0], rationale: winner[1][0].reasoning, majority: winner[1].length };
      else if (all.length === size) {
        // Every panelist voted and no outcome has a majority (e.g. 1-1-1): the item goes back to its member.
        decided = {
          outcome: PanelVote.REMAND,
          rationale: `No outcome has a majority (${[...tally.entries()].map(([k, vs]) => `${k} ${vs.length}`).join(', ')}): the decision is remanded to the member, which decides anew.`,
          majority: tally.get(PanelVote.REMAND)?.length ?? 0,
        };
      }
      if (!decided) return;
      const securityExceptionAssessment = d.securityExceptionInvokedAt
        ? ((winner?.[1] ?? all).map((v) => v.securityExceptionAssessment).find((x) => !!x) ?? null)
        : null;
      const repo = m.getRepository(DisputeRuling);
      const now = this.now();
      if (d.round === 1) {
        // The majority view is first an interim report the parties comment on.
        const policy = await membership.policy(m, d.consortiumId);
        const commentsDue = commentPeriodEnd(
          now,
          policy,
          d.firstSubmissionsDue
            ? {
                firstSubmissionsDue: d.firstSubmissionsDue,
                rebuttalsDue: d.rebuttalsDue!,
                interimReportDue: d.interimReportDue!,
                finalRulingDue: d.finalRulingDue!,
                urgent: d.urgent,
              }
            : null,
        );
        await repo.save(
          repo.create({
            disputeId: d.id,
            round: d.round,
            outcome: decided.outcome,
            rationale: decided.rationale,
            majority: decided.majority,
            panelSize: size,
            effect: 'Interim report: the parties comment on it before the ruling issues.',
            issuedAt: now,
            interim: true,
            final: false,
            commentsDue,
            securityExceptionAssessment,
          }),
        );
        await this.frame.move(m, d, 'INTERIM_REPORT', ['PANELIST'], actorOf(principal), {
          after: { outcome: decided.outcome, majority: `${decided.majority}/${size}`, commentsDue },
        });
        return;
      }
      // On appeal (questions of law) the appeal panel's ruling issues at once and takes effect.
      const ruling = await repo.save(
        repo.create({
          disputeId: d.id,
          round: d.round,
          outcome: decided.outcome,
          rationale: decided.rationale,
          majority: decided.majority,
          panelSize: size,
          effect: '',
          issuedAt: now,
          interim: false,
          final: false,
          securityExceptionAssessment,
        }),
      );
      await this.frame.issueRuling(m, d, ruling, ['PANELIST'], actorOf(principal));
    });
  }
}
