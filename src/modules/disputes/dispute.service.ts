/**
 * Dispute cases (DESIGN.md §2.3): filing against a decision that affects the
 * complainant's member (or an institution of it), consultation, settlement, panel
 * requests and constitution (nationality and conflict checks, the timetable), third
 * parties, the respondent's security exception, confidential submissions, votes gated by
 * due process, the interim report and the parties' comments, the ruling, appeal, closure.
 *
 * Every status change goes through disputeMachine.transition. The contested decision
 * belongs to another module: it is read and changed only through that module's
 * RulingEffects (src/shared/ruling-effects.ts), and a ruling's effect is applied when the
 * appeal window closes without appeal (the sweep), or with the appeal ruling.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError, DeadlinePassedError, ForbiddenError, InvalidTransitionError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, replayIdempotent, idempotencyColumns } from '../../shared/idempotency';
import { inTransaction } from '../../shared/transaction';
import { requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { membership } from '../jurisdictions/jurisdiction.service';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote, SubmissionNature } from './dispute.enums';
import { DisputeCase, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeThirdParty, DisputeVote } from './dispute.entity';
import { disputeMachine, panelTimetable, type DisputeParty } from './dispute.states';
import { DAY, OPEN, SECRETARIAT_PARTY } from './dispute.rules';
import { DisputeFrame, type DisputeEffects } from './dispute.frame';
import { DisputeQueries } from './dispute.query';
import { DisputeSchedule } from './dispute.schedule';
import { DisputePanel } from './dispute.panel';

export interface DisputeFilter {
  status?: DisputeStatus | null;
  party?: string | null;
  panelist?: string | null;
}

export interface FileDisputeData {
  contestedKind: ContestedDecisionKind;
  contestedId: string;
  grounds: string;
  idempotencyKey?: string | null;
  onBehalfOf?: { name: string; country: string } | null;
}

export class DisputeService {
  private readonly frame: DisputeFrame;
  private readonly schedule: DisputeSchedule;
  private readonly panel: DisputePanel;
  private readonly queries: DisputeQueries;

  constructor(
    private readonly deps: ServiceDeps,
    /** The owning module of each contested kind: how to read the decision and apply a ruling to it. */
    private readonly effects: DisputeEffects,
  ) {
    this.frame = new DisputeFrame(deps, effects);
    this.schedule = new DisputeSchedule(deps, this.frame);
    this.panel = new DisputePanel(deps, this.frame);
    this.queries = new DisputeQueries(deps);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  // --- filing ---------------------------------------------------------------------------

  async file(principal: AuthPrincipal | null, input: FileDisputeData): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    if (p.role !== Role.REGULATOR) throw new ForbiddenError('a dispute is filed by a regulator of an affected member');
    const grounds = requiredText(input.grounds, 'input.grounds', 20000);
    const onBehalfOf = this.institution(input);
    const key = input.idempotencyKey?.trim() || null;
    const fingerprint = inputFingerprint({
      contestedKind: input.contestedKind,
      contestedId: input.contestedId,
      grounds,
      ...(onBehalfOf ? { onBehalfOf } : {}),
    });
    const owner = this.effects[input.contestedKind];
    if (!owner) throw new ValidationError(`${input.contestedKind} cannot be contested`, 'input.contestedKind');
    return inTransaction(this.deps.dataSource, async (m) => {
      const replay = await replayIdempotent(m, {
        key,
        scope: `dispute:${p.jurisdiction}`,
        fingerprint,
        find: () => m.getRepository(DisputeCase).findOneBy({ complainant: p.jurisdiction!, idempotencyKey: key! }),
        legacySame: (existing) => existing.contestedId === input.contestedId,
        conflict: 'this idempotencyKey was used for a different dispute',
      });
      if (replay) return replay;
      // One open dispute per decision: serialise filings about the same decision.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dispute-on:${input.contestedKind}:${input.contestedId}`]);
      const c = await owner.contestedDecision(m, input.contestedId, p.jurisdiction!);
      if (!c.affected.includes(p.jurisdiction!)) throw new ForbiddenError(`${c.describe} does not affect ${p.jurisdiction}`);
      if (c.respondent === p.jurisdiction) throw new ForbiddenError('a member does not dispute its own decision');
      const open = await m
        .getRepository(DisputeCase)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.contested_kind = :k AND d.contested_id = :id AND d.status IN (:...open)', { k: input.contestedKind, id: input.contestedId, open: OPEN })
        .getOne();
      if (open) throw new ConflictError(`dispute ${open.id} about this decision is still open`, { disputeId: open.id });
      const policy = await membership.policy(m, c.consortiumId);
      const now = this.now();
      const d = await m.save(
        m.create(DisputeCase, {
          consortiumId: c.consortiumId,
          contestedKind: input.contestedKind,
          contestedId: input.contestedId,
          complainant: p.jurisdiction!,
          respondent: c.respondent,
          grounds,
          contestedStatus: c.status,
          status: DisputeStatus.FILED,
          filedAt: now,
          consultationEndsAt: new Date(now.getTime() + policy.disputeConsultationDays * DAY),
          urgent: !!c.urgent,
          onBehalfOf,
          filedById: p.id,
          ...idempotencyColumns(key, fingerprint),
        }),
      );
      // The filing itself is not a move (the row is created in FILED); consultation opens at once.
      await auditChange(m, actorOf(principal), this.deps.clock, d, 'DISPUTE.FILE', {
        before: { status: DisputeStatus.FILED },
        after: {
          status: d.status,
          round: d.round,
          contested: c.describe,
          respondent: c.respondent ?? SECRETARIAT_PARTY,
          urgent: d.urgent,
          ...(onBehalfOf ? { onBehalfOf: { country: onBehalfOf.country } } : {}),
        },
        rationale: grounds,
      });
      await this.frame.move(m, d, 'OPEN_CONSULTATION', ['SYSTEM'], SYSTEM_ACTOR, { after: { consultationEndsAt: d.consultationEndsAt } });
      return d;
    });
  }

  /** LICENCE_DECISION cases are filed on behalf of an institution of the filing member; other kinds take none. */
  private institution(input: FileDisputeData): { name: string; country: string } | null {
    if (input.contestedKind !== ContestedDecisionKind.LICENCE_DECISION) {
      if (input.onBehalfOf) throw new ValidationError('onBehalfOf goes with contestedKind LICENCE_DECISION', 'input.onBehalfOf');
      return null;
    }
    if (!input.onBehalfOf)
      throw new ValidationError('a licence decision is contested on behalf of an institution of your member (onBehalfOf)', 'input.onBehalfOf');
    const name = requiredText(input.onBehalfOf.name, 'input.onBehalfOf.name', 300);
    const country = (input.onBehalfOf.country ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new ValidationError('country is an ISO 3166-1 alpha-2 code', 'input.onBehalfOf.country');
    return { name, country };
  }
  /** The parties a principal plays on a case (a panelist only for the current round). */
  partiesOf(m: EntityManager, p: AuthPrincipal, d: DisputeCase): Promise<DisputeParty[]> {
    return this.frame.partiesOf(m, p, d);
  }

  // --- consultation -----------------------------------------------------------------------

  async settle(principal: AuthPrincipal | null, id: string, terms: string): Promise<DisputeCase> {
    const t = requiredText(terms, 'terms', 20000);
    return this.frame.transition(principal, id, async (m, d, parties) => {
      await this.frame.move(m, d, 'SETTLE', parties, actorOf(principal), { set: { settlementTerms: t }, rationale: t });
    });
  }

  /**
   * Either party asks for a panel. After the consultation period one request suffices;
   * before it, the panel is requested once both parties have asked.
   */
  async requestPanel(principal: AuthPrincipal | null, id: string): Promise<DisputeCase> {
    return this.frame.transition(principal, id, async (m, d, parties, p) => {
      const party = disputeMachine.party(d.status, 'REQUEST_PANEL', parties);
      const code = this.frame.partyCode(party, p, d);
      const requestedBy = d.panelRequestedBy.includes(code) ? d.panelRequestedBy : [...d.panelRequestedBy, code];
      const both = requestedBy.includes(d.complainant) && requestedBy.includes(d.respondent ?? SECRETARIAT_PARTY);
      if (this.now() >= d.consultationEndsAt || both) {
        await this.frame.move(m, d, 'REQUEST_PANEL', [party], actorOf(principal), {
          set: { panelRequestedBy: requestedBy, panelRequestedAt: this.now() },
          after: { requestedBy, afterConsultation: !both },
        });
      } else {
        d.panelRequestedBy = requestedBy;
        await m.save(d);
        await auditChange(m, actorOf(principal), this.deps.clock, d, 'DISPUTE.PANEL_REQUEST_RECORDED', {
          before: { status: d.status },
          after: { status: d.status, round: d.round, requestedBy, consultationEndsAt: d.consultationEndsAt },
        });
      }
    });
  }

  // --- the panel ----------------------------------------------------------------------------

  async constitutePanel(principal: AuthPrincipal | null, id: string, panelistIds: string[]): Promise<DisputeCase> {
    return this.panel.constitutePanel(principal, id, panelistIds);
  }

  /** A panelist declares a conflict of interest in a case (dispute.panel.ts). */
  async declareConflict(principal: AuthPrincipal | null, disputeId: string, note: string): Promise<DisputeCase> {
    return this.panel.declareConflict(principal, disputeId, note);
  }

  // --- third parties and the security exception ---------------------------------------------

  /**
   * Another member joins as a third party, within the policy's period after the panel was
   * requested: it then reads the parties' first written submissions and may file PUBLIC or
   * PARTIES_AND_PANEL material.
   */
  async joinAsThirdParty(principal: AuthPrincipal | null, id: string): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    if (p.role !== Role.REGULATOR) throw new ForbiddenError('a regulator of another member joins as a third party');
    return this.frame.transition(principal, id, async (m, d, parties) => {
      if (parties.includes('THIRD_PARTY'))
        throw new InvalidTransitionError('DisputeCase', d.status, 'JOIN_THIRD_PARTY', `${p.jurisdiction} is already a third party`);
      if (parties.includes('COMPLAINANT') || parties.includes('RESPONDENT')) throw new ForbiddenError('a party does not join its own case as a third party');
      disputeMachine.next(d.status, 'JOIN_THIRD_PARTY', parties, 'third parties join after the panel is requested and before the panel deliberates');
      if (!(await membership.members(m, d.consortiumId)).includes(p.jurisdiction!))
        throw new ForbiddenError(`${p.jurisdiction} is not a member of the consortium of this case`);
      const policy = await membership.policy(m, d.consortiumId);
      const until = d.panelRequestedAt ? new Date(d.panelRequestedAt.getTime() + policy.thirdPartyJoinDays * DAY) : null;
      if (until && this.now() > until) throw new DeadlinePassedError(`third parties joined until ${until.toISOString()}`, { until });
      const repo = m.getRepository(DisputeThirdParty);
      await repo.save(repo.create({ disputeId: d.id, jurisdictionCode: p.jurisdiction!, joinedAt: this.now() }));
      await this.frame.move(m, d, 'JOIN_THIRD_PARTY', ['MEMBER'], actorOf(principal), { after: { thirdParty: p.jurisdiction } });
    });
  }

  /**
   * The respondent invokes the security exception (GATT Art. XXI): the measure is
   * necessary for its essential security interests. Once, before the panel deliberates;
   * every panelist's vote then assesses it (good faith), and the ruling carries the
   * assessment.
   */
  async invokeSecurityException(principal: AuthPrincipal | null, id: string, statement: string): Promise<DisputeCase> {
    const text = requiredText(statement, 'statement', 20000);
    return this.frame.transition(principal, id, async (m, d, parties) => {
      disputeMachine.next(d.status, 'INVOKE_SECURITY_EXCEPTION', parties, 'the security exception is invoked before the panel deliberates');
      if (d.respondent === null)
        throw new InvalidTransitionError(
          'DisputeCase',
          d.status,
          'INVOKE_SECURITY_EXCEPTION',
          "the secretariat's review of a mapping engages no member's security interests",
        );
      if (d.securityExceptionInvokedAt)
        throw new InvalidTransitionError('DisputeCase', d.status, 'INVOKE_SECURITY_EXCEPTION', 'the security exception is already invoked in this case');
      await this.frame.move(m, d, 'INVOKE_SECURITY_EXCEPTION', ['RESPONDENT'], actorOf(principal), {
        set: { securityExceptionStatement: text, securityExceptionInvokedAt: this.now() },
        rationale: text,
      });
    });
  }

  // --- submissions, comments and votes --------------------------------------------------------

  async addSubmission(
    principal: AuthPrincipal | null,
    input: { disputeId: string; title: string; body: string; confidentiality: Confidentiality; nature?: SubmissionNature | null },
  ): Promise<DisputeCase> {
    const title = requiredText(input.title, 'input.title', 300);
    const body = requiredText(input.body, 'input.body', 200000);
    const nature = input.nature ?? SubmissionNature.ARGUMENT;
    return this.frame.transition(principal, input.disputeId, async (m, d, parties, p) => {
      if (d.status === DisputeStatus.INTERIM_REPORT) return this.comment(m, d, parties, p, { title, body, confidentiality: input.confidentiality });
      const party = disputeMachine.party(
        d.status,
        'SUBMIT',
        parties,
        d.status === DisputeStatus.DELIBERATION ? 'submissions closed with the first panel vote' : undefined,
      );
      if (!(await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round }))) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions open once the panel is appointed');
      }
      // On appeal too, the first vote of the round closes submissions.
      if (await m.getRepository(DisputeVote).countBy({ disputeId: d.id, round: d.round })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions closed with the first panel vote');
      }
      if (d.rebuttalsDue && this.now() > d.rebuttalsDue)
        throw new DeadlinePassedError(`the timetable closed submissions (rebuttals) on ${d.rebuttalsDue.toISOString()}`, { rebuttalsDue: d.rebuttalsDue });
      if (input.confidentiality === Confidentiality.PANEL_ONLY && party === 'THIRD_PARTY')
        throw new ValidationError('a third party files PUBLIC or PARTIES_AND_PANEL material', 'input.confidentiality');
      // An appeal is on questions of law (the panel's findings and interpretations): no new facts.
      if (d.round > 1 && nature === SubmissionNature.EVIDENCE) {
        throw new InvalidTransitionError(
          'DisputeCase',
          d.status,
          'SUBMIT',
          'an appeal is on questions of law: new evidence is not admitted on appeal; argue from the record',
        );
      }
      const s = await this.saveSubmission(m, d, this.frame.partyCode(party, p, d), p, { title, body, confidentiality: input.confidentiality, nature });
      // The trail records that a submission was filed, never a confidential one's content.
      const shown = input.confidentiality === Confidentiality.PUBLIC ? { title } : {};
      await this.frame.move(m, d, 'SUBMIT', [party], actorOf(principal), {
        after: { submissionId: s.id, party: s.party, confidentiality: s.confidentiality, ...shown },
      });
    });
  }

  private async saveSubmission(
    m: EntityManager,
    d: DisputeCase,
    party: string,
    p: AuthPrincipal,
    input: { title: string; body: string; confidentiality: Confidentiality; nature?: SubmissionNature },
    onInterimReport = false,
  ): Promise<DisputeSubmission> {
    const repo = m.getRepository(DisputeSubmission);
    return repo.save(
      repo.create({
        disputeId: d.id,
        round: d.round,
        party,
        authorId: p.id,
        title: input.title,
        body: input.body,
        confidentiality: input.confidentiality,
        nature: input.nature ?? SubmissionNature.ARGUMENT,
        submittedAt: this.now(),
        onInterimReport,
      }),
    );
  }

  /** A party comments on the interim report; once each party has, the ruling issues. */
  private async comment(
    m: EntityManager,
    d: DisputeCase,
    parties: DisputeParty[],
    p: AuthPrincipal,
    input: { title: string; body: string; confidentiality: Confidentiality },
  ): Promise<void> {
    const party = disputeMachine.party(d.status, 'COMMENT', parties);
    const interim = await m.getRepository(DisputeRuling).findOneByOrFail({ disputeId: d.id, round: d.round });
    const s = await this.saveSubmission(m, d, this.frame.partyCode(party, p, d), p, input, true);
    const shown = input.confidentiality === Confidentiality.PUBLIC ? { title: input.title } : {};
    await this.frame.move(m, d, 'COMMENT', [party], actorOf(p), {
      after: { submissionId: s.id, party: s.party, confidentiality: s.confidentiality, ...shown },
    });
    const commented: { party: string }[] = await m.query(
      'SELECT DISTINCT party FROM dispute_submission WHERE dispute_id = $1 AND round = $2 AND on_interim_report',
      [d.id, d.round],
    );
    const by = commented.map((x) => x.party);
    if (by.includes(d.complainant) && by.includes(d.respondent ?? SECRETARIAT_PARTY)) await this.frame.issueRuling(m, d, interim, [party], actorOf(p));
  }

  async vote(
    principal: AuthPrincipal | null,
    input: { disputeId: string; vote: PanelVote; reasoning: string; securityExceptionAssessment?: string | null },
  ): Promise<DisputeCase> {
    return this.panel.vote(principal, input);
  }

  async appeal(principal: AuthPrincipal | null, id: string, grounds: string): Promise<DisputeCase> {
    const g = requiredText(grounds, 'grounds', 20000);
    return this.frame.transition(principal, id, async (m, d, parties, p) => {
      const party = disputeMachine.party(d.status, 'APPEAL', parties);
      if (d.appealDeadline && this.now() > d.appealDeadline)
        throw new DeadlinePassedError(`the appeal window closed on ${d.appealDeadline.toISOString()}`, { appealDeadline: d.appealDeadline });
      const first = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
      if (first && !first.effectAppliedAt) {
        first.effect = 'Appealed: not applied; the appeal ruling decides.';
        await m.getRepository(DisputeRuling).save(first);
      }
      // The appeal (on questions of law) runs on its own clock from today.
      const timetable = panelTimetable(this.now(), await membership.policy(m, d.consortiumId), 'APPEAL');
      const appealedBy = this.frame.partyCode(party, p, d);
      d.round = 2;
      await this.frame.move(m, d, 'APPEAL', [party], actorOf(principal), {
        set: { appealGrounds: g, appealedBy, ...timetable, urgent: d.urgent, rulingDueWarnedAt: null },
        after: { appealedBy, finalRulingDue: timetable.finalRulingDue },
        rationale: g,
      });
    });
  }

  async withdraw(principal: AuthPrincipal | null, id: string, reason: string): Promise<DisputeCase> {
    const r = requiredText(reason, 'reason', 5000);
    return this.frame.transition(principal, id, async (m, d, parties) => {
      await this.frame.move(m, d, 'WITHDRAW', parties, actorOf(principal), { set: { withdrawalReason: r }, rationale: r });
    });
  }

  // --- time-driven (dispute.schedule.ts) -----------------------------------------------------

  due(now: Date): Promise<{ key: string; id: string; kind: 'CLOSE' | 'RULE' | 'WARN' }[]> {
    return this.schedule.due(now);
  }

  fireDue(id: string, kind: 'CLOSE' | 'RULE' | 'WARN' = 'CLOSE'): Promise<boolean> {
    return this.schedule.fireDue(id, kind);
  }

  /** Open cases whose panel is past its final-ruling date, per consortium (the register shows the count). */
  overdueCount(consortiumId: string | null, now: Date): Promise<number> {
    return this.schedule.overdueCount(consortiumId, now);
  }

  // --- reads (dispute.query.ts) ----------------------------------------------------------------

  clockNow(): Date {
    return this.now();
  }

  thirdParties(disputeId: string): Promise<{ jurisdiction_code: string; joined_at: Date }[]> {
    return this.queries.thirdParties(disputeId);
  }

  list(principal: AuthPrincipal | null, filter: DisputeFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<DisputeCase>> {
    return this.queries.list(principal, filter, first, after);
  }

  get(principal: AuthPrincipal | null, id: string): Promise<DisputeCase | null> {
    return this.queries.get(principal, id);
  }
}
