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
import { ConflictError, DeadlinePassedError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, replayIdempotent } from '../../shared/idempotency';
import type { RulingEffects, RulingOutcome } from '../../shared/ruling-effects';
import type { TransitionContext } from '../../shared/state-machine';
import { inTransaction } from '../../shared/transaction';
import { newestFirst, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { findPrincipal } from '../auth/principal.service';
import { Role } from '../../shared/role';
import { recordAudit } from '../audit/audit-chain';
import { isUuid } from '../../shared/ids';
import { membership } from '../jurisdictions/jurisdiction.service';
import { publishToRegister, RegisterKind } from '../register/register.writer';
import { emitEvent } from '../../shared/events';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote, SubmissionNature } from './dispute.enums';
import { DisputeCase, DisputeConflict, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeThirdParty, DisputeVote } from './dispute.entity';
import { commentPeriodEnd, disputeMachine, panelTimetable, type DisputeEvent, type DisputeParty } from './dispute.states';
import { named, reachSql } from '../auth/panel-reach';

const DAY = 86_400_000;
/** The respondent of a mapping review: the secretariat, not a member. */
export const SECRETARIAT_PARTY = 'SECRETARIAT';
const OPEN: DisputeStatus[] = [DisputeStatus.FILED, DisputeStatus.CONSULTATION, DisputeStatus.PANEL_REQUESTED, DisputeStatus.PANEL_CONSTITUTED, DisputeStatus.SUBMISSIONS, DisputeStatus.DELIBERATION, DisputeStatus.INTERIM_REPORT, DisputeStatus.RULING_ISSUED, DisputeStatus.APPEALED];
/** States in which a case awaits (or may come to need) the panel of its current round. */
const AWAITING_PANEL: DisputeStatus[] = [DisputeStatus.FILED, DisputeStatus.CONSULTATION, DisputeStatus.PANEL_REQUESTED, DisputeStatus.APPEALED];
/** States in which a panel works towards its ruling: its final-ruling date counts. */
export const BEFORE_PANEL_RULING: DisputeStatus[] = [DisputeStatus.PANEL_CONSTITUTED, DisputeStatus.SUBMISSIONS, DisputeStatus.DELIBERATION, DisputeStatus.INTERIM_REPORT, DisputeStatus.APPEALED];

/** Cases returned as an outline (to a panelist who does not sit on them): see isCaseOutline. */
const OUTLINES = new WeakSet<DisputeCase>();

/** A copy of the case with what a prospective panelist needs to judge a conflict: no grounds or terms. */
export function caseOutline(d: DisputeCase): DisputeCase {
  const outline = Object.assign(new DisputeCase(), d, { grounds: '', settlementTerms: null, appealGrounds: null, withdrawalReason: null, securityExceptionStatement: null, onBehalfOf: null });
  OUTLINES.add(outline);
  return outline;
}

/** True for an outline: its field resolvers show no submissions, votes, rulings, panelists or timeline. */
export function isCaseOutline(d: DisputeCase): boolean {
  return OUTLINES.has(d);
}

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

export type DisputeEffects = Record<ContestedDecisionKind, RulingEffects>;

export class DisputeService {
  constructor(
    private readonly deps: ServiceDeps,
    /** The owning module of each contested kind: how to read the decision and apply a ruling to it. */
    private readonly effects: DisputeEffects,
  ) {}

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
    const fingerprint = inputFingerprint({ contestedKind: input.contestedKind, contestedId: input.contestedId, grounds, ...(onBehalfOf ? { onBehalfOf } : {}) });
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
      const repo = m.getRepository(DisputeCase);
      const d = await repo.save(
        repo.create({
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
          idempotencyKey: key,
          idempotencyFingerprint: key ? fingerprint : null,
        }),
      );
      // The filing itself is not a move (the row is created in FILED); consultation opens at once.
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'DISPUTE.FILE',
        subjectType: 'DisputeCase',
        subjectId: d.id,
        before: { status: DisputeStatus.FILED },
        after: { status: d.status, round: d.round, contested: c.describe, respondent: c.respondent ?? SECRETARIAT_PARTY, urgent: d.urgent, ...(onBehalfOf ? { onBehalfOf: { country: onBehalfOf.country } } : {}) },
        rationale: grounds,
      });
      await this.move(m, d, 'OPEN_CONSULTATION', ['SYSTEM'], SYSTEM_ACTOR, { after: { consultationEndsAt: d.consultationEndsAt } });
      return d;
    });
  }

  /** LICENCE_DECISION cases are filed on behalf of an institution of the filing member; other kinds take none. */
  private institution(input: FileDisputeData): { name: string; country: string } | null {
    if (input.contestedKind !== ContestedDecisionKind.LICENCE_DECISION) {
      if (input.onBehalfOf) throw new ValidationError('onBehalfOf goes with contestedKind LICENCE_DECISION', 'input.onBehalfOf');
      return null;
    }
    if (!input.onBehalfOf) throw new ValidationError('a licence decision is contested on behalf of an institution of your member (onBehalfOf)', 'input.onBehalfOf');
    const name = requiredText(input.onBehalfOf.name, 'input.onBehalfOf.name', 300);
    const country = (input.onBehalfOf.country ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new ValidationError('country is an ISO 3166-1 alpha-2 code', 'input.onBehalfOf.country');
    return { name, country };
  }

  // --- parties and the transition frame ---------------------------------------------------

  /** The parties a principal plays on a case (a panelist only for the current round). */
  async partiesOf(m: EntityManager, p: AuthPrincipal, d: DisputeCase): Promise<DisputeParty[]> {
    const out: DisputeParty[] = [];
    if (p.role === Role.REGULATOR && p.jurisdiction === d.complainant) out.push('COMPLAINANT');
    if ((p.role === Role.REGULATOR && d.respondent && p.jurisdiction === d.respondent) || (p.role === Role.SECRETARIAT && d.respondent === null)) out.push('RESPONDENT');
    if (p.role === Role.REGULATOR && p.jurisdiction && !out.length) {
      const joined = await m.getRepository(DisputeThirdParty).countBy({ disputeId: d.id, jurisdictionCode: p.jurisdiction });
      out.push(joined ? 'THIRD_PARTY' : 'MEMBER');
    }
    if (p.role === Role.SECRETARIAT) out.push('SECRETARIAT');
    if (p.role === Role.PANELIST && (await m.getRepository(DisputePanelist).findOneBy({ disputeId: d.id, round: d.round, principalId: p.id }))) out.push('PANELIST');
    return out;
  }

  private partyCode(party: DisputeParty, p: AuthPrincipal, d: DisputeCase): string {
    if (party === 'COMPLAINANT') return d.complainant;
    if (party === 'THIRD_PARTY') return p.jurisdiction!;
    return d.respondent ?? (p.role === Role.SECRETARIAT ? SECRETARIAT_PARTY : p.jurisdiction!);
  }

  private async transition(principal: AuthPrincipal | null, id: string, work: (m: EntityManager, d: DisputeCase, parties: DisputeParty[], p: AuthPrincipal) => Promise<void>): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = isUuid(id) ? await m.getRepository(DisputeCase).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!d) throw new NotFoundError('DisputeCase', id);
      await work(m, d, await this.partiesOf(m, p, d), p);
      return d;
    });
  }

  /** A move of the case through disputeMachine (status, side columns, audit), then its notification. */
  private async move(m: EntityManager, d: DisputeCase, event: DisputeEvent, parties: DisputeParty[], actor: Actor, opts: Omit<TransitionContext, 'actor' | 'clock'> = {}): Promise<void> {
    await disputeMachine.transition(m, d, event, parties, { ...opts, actor, clock: this.deps.clock, after: { round: d.round, ...(opts.after ?? {}) } });
    await emitEvent(m, this.deps.clock, { type: 'DISPUTE_UPDATED', id: d.id, event, status: d.status, audience: [d.complainant, d.respondent].filter((x): x is string => !!x) });
  }

  // --- consultation -----------------------------------------------------------------------

  async settle(principal: AuthPrincipal | null, id: string, terms: string): Promise<DisputeCase> {
    const t = requiredText(terms, 'terms', 20000);
    return this.transition(principal, id, async (m, d, parties) => {
      await this.move(m, d, 'SETTLE', parties, actorOf(principal), { set: { settlementTerms: t }, rationale: t });
    });
  }

  /**
   * Either party asks for a panel. After the consultation period one request suffices;
   * before it, the panel is requested once both parties have asked.
   */
  async requestPanel(principal: AuthPrincipal | null, id: string): Promise<DisputeCase> {
    return this.transition(principal, id, async (m, d, parties, p) => {
      const party = disputeMachine.party(d.status, 'REQUEST_PANEL', parties);
      const code = this.partyCode(party, p, d);
      const requestedBy = d.panelRequestedBy.includes(code) ? d.panelRequestedBy : [...d.panelRequestedBy, code];
      const both = requestedBy.includes(d.complainant) && requestedBy.includes(d.respondent ?? SECRETARIAT_PARTY);
      if (this.now() >= d.consultationEndsAt || both) {
        await this.move(m, d, 'REQUEST_PANEL', [party], actorOf(principal), { set: { panelRequestedBy: requestedBy, panelRequestedAt: this.now() }, after: { requestedBy, afterConsultation: !both } });
      } else {
        d.panelRequestedBy = requestedBy;
        await m.save(d);
        await recordAudit(m, actorOf(principal), this.deps.clock, { action: 'DISPUTE.PANEL_REQUEST_RECORDED', subjectType: 'DisputeCase', subjectId: d.id, before: { status: d.status }, after: { status: d.status, round: d.round, requestedBy, consultationEndsAt: d.consultationEndsAt } });
      }
    });
  }

  // --- the panel ----------------------------------------------------------------------------

  async constitutePanel(principal: AuthPrincipal | null, id: string, panelistIds: string[]): Promise<DisputeCase> {
    return this.transition(principal, id, async (m, d, parties) => {
      disputeMachine.next(d.status, 'CONSTITUTE', parties);
      const appointed = await m.getRepository(DisputePanelist).findBy({ disputeId: d.id, round: d.round });
      if (appointed.length) throw new InvalidTransitionError('DisputeCase', d.status, 'CONSTITUTE', `the round ${d.round} panel is already appointed`);
      const policy = await membership.policy(m, d.consortiumId);
      const ids = panelistIds.map((x) => x.trim());
      if (new Set(ids).size !== ids.length) throw new ValidationError('a panelist is named twice', 'panelistIds');
      if (ids.length !== policy.panelSize) throw new ValidationError(`the policy sets panels of ${policy.panelSize}; ${ids.length} named`, 'panelistIds');
      const nationalsOf = await membership.withAdopters(m, [d.complainant, d.respondent].filter((c): c is string => !!c));
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
      await this.move(m, d, 'CONSTITUTE', ['SECRETARIAT'], actorOf(principal), { set: { ...(timetable ?? {}) }, after: { panelists: handles, ...(timetable ?? {}) } });
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
      const d = isUuid(disputeId) ? await m.getRepository(DisputeCase).findOne({ where: { id: disputeId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!d) throw new NotFoundError('DisputeCase', disputeId);
      const appointed = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round });
      if (!AWAITING_PANEL.includes(d.status) || appointed > 0) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'DECLARE_CONFLICT', 'a conflict of interest is declared while the case awaits its panel, before the appointment');
      }
      await m.query(`INSERT INTO dispute_conflict (dispute_id, principal_id, note, declared_at) VALUES ($1, $2, $3, $4) ON CONFLICT (dispute_id, principal_id) DO NOTHING`, [d.id, p.id, text, this.now()]);
      await recordAudit(m, actorOf(principal), this.deps.clock, { action: 'DISPUTE.CONFLICT_DECLARED', subjectType: 'DisputeCase', subjectId: d.id, after: { panelist: p.id } });
      const sits = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, principalId: p.id });
      return sits ? d : caseOutline(d);
    });
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
    return this.transition(principal, id, async (m, d, parties) => {
      if (parties.includes('THIRD_PARTY')) throw new InvalidTransitionError('DisputeCase', d.status, 'JOIN_THIRD_PARTY', `${p.jurisdiction} is already a third party`);
      if (parties.includes('COMPLAINANT') || parties.includes('RESPONDENT')) throw new ForbiddenError('a party does not join its own case as a third party');
      disputeMachine.next(d.status, 'JOIN_THIRD_PARTY', parties, 'third parties join after the panel is requested and before the panel deliberates');
      if (!(await membership.members(m, d.consortiumId)).includes(p.jurisdiction!)) throw new ForbiddenError(`${p.jurisdiction} is not a member of the consortium of this case`);
      const policy = await membership.policy(m, d.consortiumId);
      const until = d.panelRequestedAt ? new Date(d.panelRequestedAt.getTime() + policy.thirdPartyJoinDays * DAY) : null;
      if (until && this.now() > until) throw new DeadlinePassedError(`third parties joined until ${until.toISOString()}`, { until });
      const repo = m.getRepository(DisputeThirdParty);
      await repo.save(repo.create({ disputeId: d.id, jurisdictionCode: p.jurisdiction!, joinedAt: this.now() }));
      await this.move(m, d, 'JOIN_THIRD_PARTY', ['MEMBER'], actorOf(principal), { after: { thirdParty: p.jurisdiction } });
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
    return this.transition(principal, id, async (m, d, parties) => {
      disputeMachine.next(d.status, 'INVOKE_SECURITY_EXCEPTION', parties, 'the security exception is invoked before the panel deliberates');
      if (d.respondent === null) throw new InvalidTransitionError('DisputeCase', d.status, 'INVOKE_SECURITY_EXCEPTION', 'the secretariat\'s review of a mapping engages no member\'s security interests');
      if (d.securityExceptionInvokedAt) throw new InvalidTransitionError('DisputeCase', d.status, 'INVOKE_SECURITY_EXCEPTION', 'the security exception is already invoked in this case');
      await this.move(m, d, 'INVOKE_SECURITY_EXCEPTION', ['RESPONDENT'], actorOf(principal), { set: { securityExceptionStatement: text, securityExceptionInvokedAt: this.now() }, rationale: text });
    });
  }

  // --- submissions, comments and votes --------------------------------------------------------

  async addSubmission(principal: AuthPrincipal | null, input: { disputeId: string; title: string; body: string; confidentiality: Confidentiality; nature?: SubmissionNature | null }): Promise<DisputeCase> {
    const title = requiredText(input.title, 'input.title', 300);
    const body = requiredText(input.body, 'input.body', 200000);
    const nature = input.nature ?? SubmissionNature.ARGUMENT;
    return this.transition(principal, input.disputeId, async (m, d, parties, p) => {
      if (d.status === DisputeStatus.INTERIM_REPORT) return this.comment(m, d, parties, p, { title, body, confidentiality: input.confidentiality });
      const party = disputeMachine.party(d.status, 'SUBMIT', parties, d.status === DisputeStatus.DELIBERATION ? 'submissions closed with the first panel vote' : undefined);
      if (!(await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round }))) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions open once the panel is appointed');
      }
      // On appeal too, the first vote of the round closes submissions.
      if (await m.getRepository(DisputeVote).countBy({ disputeId: d.id, round: d.round })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions closed with the first panel vote');
      }
      if (d.rebuttalsDue && this.now() > d.rebuttalsDue) throw new DeadlinePassedError(`the timetable closed submissions (rebuttals) on ${d.rebuttalsDue.toISOString()}`, { rebuttalsDue: d.rebuttalsDue });
      if (input.confidentiality === Confidentiality.PANEL_ONLY && party === 'THIRD_PARTY') throw new ValidationError('a third party files PUBLIC or PARTIES_AND_PANEL material', 'input.confidentiality');
      // An appeal is on questions of law (the panel's findings and interpretations): no new facts.
      if (d.round > 1 && nature === SubmissionNature.EVIDENCE) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'an appeal is on questions of law: new evidence is not admitted on appeal; argue from the record');
      }
      const s = await this.saveSubmission(m, d, this.partyCode(party, p, d), p, { title, body, confidentiality: input.confidentiality, nature });
      // The trail records that a submission was filed, never a confidential one's content.
      const shown = input.confidentiality === Confidentiality.PUBLIC ? { title } : {};
      await this.move(m, d, 'SUBMIT', [party], actorOf(principal), { after: { submissionId: s.id, party: s.party, confidentiality: s.confidentiality, ...shown } });
    });
  }

  private async saveSubmission(m: EntityManager, d: DisputeCase, party: string, p: AuthPrincipal, input: { title: string; body: string; confidentiality: Confidentiality; nature?: SubmissionNature }, onInterimReport = false): Promise<DisputeSubmission> {
    const repo = m.getRepository(DisputeSubmission);
    return repo.save(repo.create({ disputeId: d.id, round: d.round, party, authorId: p.id, title: input.title, body: input.body, confidentiality: input.confidentiality, nature: input.nature ?? SubmissionNature.ARGUMENT, submittedAt: this.now(), onInterimReport }));
  }

  /** A party comments on the interim report; once each party has, the ruling issues. */
  private async comment(m: EntityManager, d: DisputeCase, parties: DisputeParty[], p: AuthPrincipal, input: { title: string; body: string; confidentiality: Confidentiality }): Promise<void> {
    const party = disputeMachine.party(d.status, 'COMMENT', parties);
    const interim = await m.getRepository(DisputeRuling).findOneByOrFail({ disputeId: d.id, round: d.round });
    const s = await this.saveSubmission(m, d, this.partyCode(party, p, d), p, input, true);
    const shown = input.confidentiality === Confidentiality.PUBLIC ? { title: input.title } : {};
    await this.move(m, d, 'COMMENT', [party], actorOf(p), { after: { submissionId: s.id, party: s.party, confidentiality: s.confidentiality, ...shown } });
    const commented: { party: string }[] = await m.query('SELECT DISTINCT party FROM dispute_submission WHERE dispute_id = $1 AND round = $2 AND on_interim_report', [d.id, d.round]);
    const by = commented.map((x) => x.party);
    if (by.includes(d.complainant) && by.includes(d.respondent ?? SECRETARIAT_PARTY)) await this.issueRuling(m, d, interim, [party], actorOf(p));
  }

  async vote(principal: AuthPrincipal | null, input: { disputeId: string; vote: PanelVote; reasoning: string; securityExceptionAssessment?: string | null }): Promise<DisputeCase> {
    const reasoning = requiredText(input.reasoning, 'input.reasoning', 20000);
    return this.transition(principal, input.disputeId, async (m, d, parties, p) => {
      disputeMachine.next(d.status, 'VOTE', parties);
      await this.assertPartiesHeard(m, d);
      const assessment = input.securityExceptionAssessment?.trim() || null;
      if (d.securityExceptionInvokedAt && !assessment) {
        throw new ValidationError(`${d.respondent} invoked the security exception: the vote assesses it (securityExceptionAssessment: was it invoked in good faith, is the measure plausibly connected to the interest stated)`, 'input.securityExceptionAssessment');
      }
      if ((assessment?.length ?? 0) > 20000) throw new ValidationError('securityExceptionAssessment is at most 20000 characters', 'input.securityExceptionAssessment');
      const votes = m.getRepository(DisputeVote);
      if (await votes.findOneBy({ disputeId: d.id, round: d.round, panelistId: p.id })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'VOTE', 'you have already voted in this round');
      }
      await votes.save(votes.create({ disputeId: d.id, round: d.round, panelistId: p.id, vote: input.vote, reasoning, securityExceptionAssessment: assessment, castAt: this.now() }));
      await this.move(m, d, 'VOTE', ['PANELIST'], actorOf(principal), { after: { panelist: p.id } });
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
        decided = { outcome: PanelVote.REMAND, rationale: `No outcome has a majority (${[...tally.entries()].map(([k, vs]) => `${k} ${vs.length}`).join(', ')}): the decision is remanded to the member, which decides anew.`, majority: tally.get(PanelVote.REMAND)?.length ?? 0 };
      }
      if (!decided) return;
      const securityExceptionAssessment = d.securityExceptionInvokedAt ? (winner?.[1] ?? all).map((v) => v.securityExceptionAssessment).find((x) => !!x) ?? null : null;
      const repo = m.getRepository(DisputeRuling);
      const now = this.now();
      if (d.round === 1) {
        // The majority view is first an interim report the parties comment on.
        const policy = await membership.policy(m, d.consortiumId);
        const commentsDue = commentPeriodEnd(now, policy, d.firstSubmissionsDue ? { firstSubmissionsDue: d.firstSubmissionsDue, rebuttalsDue: d.rebuttalsDue!, interimReportDue: d.interimReportDue!, finalRulingDue: d.finalRulingDue!, urgent: d.urgent } : null);
        await repo.save(repo.create({ disputeId: d.id, round: d.round, outcome: decided.outcome, rationale: decided.rationale, majority: decided.majority, panelSize: size, effect: 'Interim report: the parties comment on it before the ruling issues.', issuedAt: now, interim: true, final: false, commentsDue, securityExceptionAssessment }));
        await this.move(m, d, 'INTERIM_REPORT', ['PANELIST'], actorOf(principal), { after: { outcome: decided.outcome, majority: `${decided.majority}/${size}`, commentsDue } });
        return;
      }
      // On appeal (questions of law) the appeal panel's ruling issues at once and takes effect.
      const ruling = await repo.save(repo.create({ disputeId: d.id, round: d.round, outcome: decided.outcome, rationale: decided.rationale, majority: decided.majority, panelSize: size, effect: '', issuedAt: now, interim: false, final: false, securityExceptionAssessment }));
      await this.issueRuling(m, d, ruling, ['PANELIST'], actorOf(principal));
    });
  }

  /**
   * Due process: the panel deliberates only after each party has filed a submission in
   * this round, or once the first-submission deadline of the timetable has passed.
   * Cases constituted before timetables existed have none and are not held.
   */
  private async assertPartiesHeard(m: EntityManager, d: DisputeCase): Promise<void> {
    if (!d.firstSubmissionsDue || this.now() >= d.firstSubmissionsDue) return;
    const filed: { party: string }[] = await m.query('SELECT DISTINCT party FROM dispute_submission WHERE dispute_id = $1 AND round = $2', [d.id, d.round]);
    const missing = [d.complainant, d.respondent ?? SECRETARIAT_PARTY].filter((x) => !filed.some((f) => f.party === x));
    if (missing.length) {
      throw new InvalidTransitionError('DisputeCase', d.status, 'VOTE', `the panel deliberates once each party has filed its first written submission, or after ${d.firstSubmissionsDue.toISOString()}: ${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} not filed yet`);
    }
  }

  /**
   * The ruling issues (after the interim report, or on appeal): published at once; a
   * first ruling takes effect when the appeal window closes without appeal (the sweep),
   * an appeal ruling at once.
   */
  private async issueRuling(m: EntityManager, d: DisputeCase, ruling: DisputeRuling, parties: DisputeParty[], actor: Actor): Promise<void> {
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
    await this.move(m, d, 'ISSUE_RULING', parties, actor, { set: { appealDeadline }, after: { outcome: ruling.outcome, majority: `${ruling.majority}/${ruling.panelSize}`, effect: ruling.effect }, rationale: ruling.rationale });
    const publicTitles = (await m.getRepository(DisputeSubmission).find({ where: { disputeId: d.id, confidentiality: Confidentiality.PUBLIC }, order: { submittedAt: 'ASC' } })).map((s) => s.title);
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
      details: { round: d.round, outcome: ruling.outcome, majority: ruling.majority, panelSize: ruling.panelSize, contestedKind: d.contestedKind, contestedId: d.contestedId, publicSubmissions: publicTitles, rulingId: ruling.id, final: ruling.final, ...(d.onBehalfOf ? { onBehalfOfCountry: d.onBehalfOf.country } : {}) },
    });
  }

  /** The owning module applies the ruling to the contested decision, in this transaction. */
  private applyEffect(m: EntityManager, d: DisputeCase, outcome: PanelVote, applied: RulingOutcome): Promise<string> {
    return this.effects[d.contestedKind].applyRuling(m, { disputeId: d.id, contestedId: d.contestedId, contestedStatus: d.contestedStatus, outcome: outcome as RulingOutcome, applied, clock: this.deps.clock });
  }

  async appeal(principal: AuthPrincipal | null, id: string, grounds: string): Promise<DisputeCase> {
    const g = requiredText(grounds, 'grounds', 20000);
    return this.transition(principal, id, async (m, d, parties, p) => {
      const party = disputeMachine.party(d.status, 'APPEAL', parties);
      if (d.appealDeadline && this.now() > d.appealDeadline) throw new DeadlinePassedError(`the appeal window closed on ${d.appealDeadline.toISOString()}`, { appealDeadline: d.appealDeadline });
      const first = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
      if (first && !first.effectAppliedAt) {
        first.effect = 'Appealed: not applied; the appeal ruling decides.';
        await m.getRepository(DisputeRuling).save(first);
      }
      // The appeal (on questions of law) runs on its own clock from today.
      const timetable = panelTimetable(this.now(), await membership.policy(m, d.consortiumId), 'APPEAL');
      const appealedBy = this.partyCode(party, p, d);
      d.round = 2;
      await this.move(m, d, 'APPEAL', [party], actorOf(principal), { set: { appealGrounds: g, appealedBy, ...timetable, urgent: d.urgent, rulingDueWarnedAt: null }, after: { appealedBy, finalRulingDue: timetable.finalRulingDue }, rationale: g });
    });
  }

  async withdraw(principal: AuthPrincipal | null, id: string, reason: string): Promise<DisputeCase> {
    const r = requiredText(reason, 'reason', 5000);
    return this.transition(principal, id, async (m, d, parties) => {
      await this.move(m, d, 'WITHDRAW', parties, actorOf(principal), { set: { withdrawalReason: r }, rationale: r });
    });
  }

  // --- time-driven --------------------------------------------------------------------------

  /**
   * Due at `now`: a first ruling whose appeal window closed (its effect applies, then the
   * case closes), an appeal ruling (closes), an interim report whose comment period ended
   * (the ruling issues), and a panel whose final-ruling date is near or past (warned once).
   */
  async due(now: Date): Promise<{ key: string; id: string; kind: 'CLOSE' | 'RULE' | 'WARN' }[]> {
    const rows: { id: string; kind: 'CLOSE' | 'RULE' | 'WARN' }[] = await this.deps.dataSource.query(
      `SELECT id, 'CLOSE' AS kind FROM dispute_case WHERE (status = 'RULING_ISSUED' AND appeal_deadline <= $1) OR status = 'APPEAL_RULING_ISSUED'
       UNION ALL
       SELECT d.id, 'RULE' FROM dispute_case d JOIN dispute_ruling r ON r.dispute_id = d.id AND r.round = d.round
        WHERE d.status = 'INTERIM_REPORT' AND r.interim AND r.comments_due <= $1
       UNION ALL
       SELECT d.id, 'WARN' FROM dispute_case d JOIN consortium c ON c.id = d.consortium_id
        WHERE d.status = ANY($2) AND d.ruling_due_warned_at IS NULL AND d.final_ruling_due <= $1 + make_interval(days => c.policy_deadline_warning_days)`,
      [now, BEFORE_PANEL_RULING],
    );
    return rows.map((r) => ({ ...r, key: `dispute:${r.kind}:${r.id}` }));
  }

  async fireDue(id: string, kind: 'CLOSE' | 'RULE' | 'WARN' = 'CLOSE'): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = await m.getRepository(DisputeCase).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) return false;
      const now = this.now();
      if (kind === 'RULE') {
        if (d.status !== DisputeStatus.INTERIM_REPORT) return false;
        const interim = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
        if (!interim?.interim || !interim.commentsDue || interim.commentsDue > now) return false;
        await this.issueRuling(m, d, interim, ['SYSTEM'], SYSTEM_ACTOR);
        return true;
      }
      if (kind === 'WARN') {
        const policy = await membership.policy(m, d.consortiumId);
        if (!BEFORE_PANEL_RULING.includes(d.status) || d.rulingDueWarnedAt || !d.finalRulingDue || d.finalRulingDue.getTime() > now.getTime() + policy.deadlineWarningDays * DAY) return false;
        d.rulingDueWarnedAt = now;
        await m.save(d);
        const overdue = d.finalRulingDue <= now;
        await recordAudit(m, SYSTEM_ACTOR, this.deps.clock, { action: 'DISPUTE.RULING_DUE_WARNING', subjectType: 'DisputeCase', subjectId: d.id, after: { status: d.status, round: d.round, finalRulingDue: d.finalRulingDue, overdue } });
        await emitEvent(m, this.deps.clock, { type: 'DEADLINE_APPROACHING', id: d.id, status: d.status, deadline: d.finalRulingDue.toISOString(), audience: [d.complainant, d.respondent].filter((x): x is string => !!x) });
        return true;
      }
      if (d.status === DisputeStatus.RULING_ISSUED) {
        if (!d.appealDeadline || d.appealDeadline > now) return false;
        // The appeal window closed without appeal: the ruling is final and takes effect.
        const ruling = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
        if (ruling && !ruling.effectAppliedAt) {
          ruling.effect = await this.applyEffect(m, d, ruling.outcome, 'UPHOLD');
          ruling.final = true;
          ruling.effectAppliedAt = now;
          await m.getRepository(DisputeRuling).save(ruling);
          await recordAudit(m, SYSTEM_ACTOR, this.deps.clock, { action: 'DISPUTE.RULING_TAKES_EFFECT', subjectType: 'DisputeCase', subjectId: d.id, after: { status: d.status, round: d.round, outcome: ruling.outcome, effect: ruling.effect } });
        } else if (ruling && !ruling.final) {
          // A ruling issued before effects waited for the window (applied then): now final.
          ruling.final = true;
          await m.getRepository(DisputeRuling).save(ruling);
        }
      } else if (d.status !== DisputeStatus.APPEAL_RULING_ISSUED) return false;
      await this.move(m, d, 'CLOSE', ['SYSTEM'], SYSTEM_ACTOR);
      return true;
    });
  }

  /** Open cases whose panel is past its final-ruling date, per consortium (the register shows the count). */
  async overdueCount(consortiumId: string | null, now: Date): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query(
      `SELECT count(*)::int AS n FROM dispute_case WHERE status = ANY($1) AND final_ruling_due < $2 AND ($3::uuid IS NULL OR consortium_id = $3)`,
      [BEFORE_PANEL_RULING, now, consortiumId],
    );
    return n;
  }

  // --- reads ----------------------------------------------------------------------------------

  clockNow(): Date {
    return this.now();
  }

  /** The members that joined a case as third parties (the case is public to its readers). */
  thirdParties(disputeId: string): Promise<{ jurisdiction_code: string; joined_at: Date }[]> {
    return this.deps.dataSource.query('SELECT jurisdiction_code, joined_at FROM dispute_third_party WHERE dispute_id = $1 ORDER BY joined_at, jurisdiction_code', [disputeId]);
  }

  /** Cases: members' regulators, the secretariat and analysts see every case; a panelist the cases it sits on. */
  async list(principal: AuthPrincipal | null, filter: DisputeFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<DisputeCase>> {
    const p = requirePrincipal(principal);
    const reach: Record<string, unknown> = {};
    const qb = this.deps.dataSource.getRepository(DisputeCase).createQueryBuilder('d').where(reachSql(p, 'disputeCase', 'd', named(reach)), reach);
    if (filter.status) qb.andWhere('d.status = :s', { s: filter.status });
    if (filter.party) qb.andWhere('(d.complainant = :party OR d.respondent = :party)', { party: filter.party.toUpperCase() });
    if (filter.panelist) {
      if (!isUuid(filter.panelist)) throw new ValidationError('panelist is not an id', 'filter.panelist');
      qb.andWhere('EXISTS (SELECT 1 FROM dispute_panelist dp2 WHERE dp2.dispute_id = d.id AND dp2.principal_id = :pan)', { pan: filter.panelist });
    }
    return newestFirst(qb, 'd', 'filed_at', (d) => d.filedAt, first, after);
  }

  async get(principal: AuthPrincipal | null, id: string): Promise<DisputeCase | null> {
    const p = requirePrincipal(principal);
    if (!isUuid(id)) return null;
    const reach: Record<string, unknown> = {};
    return this.deps.dataSource.getRepository(DisputeCase).createQueryBuilder('d')
      .where('d.id = :id', { id }).andWhere(reachSql(p, 'disputeCase', 'd', named(reach)), reach).getOne();
  }
}

/**
 * The confidentiality rule as SQL, for every read of submissions (lists, counts, search):
 * a panelist of the case reads everything filed in the rounds up to its own (an appeal
 * panel reads the record it reviews; a first-round panelist never the appeal round's
 * PANEL_ONLY or PARTIES_AND_PANEL material); the parties' regulators (and the secretariat
 * when it is the respondent) read PUBLIC and PARTIES_AND_PANEL; everyone else PUBLIC only.
 * Returns a WHERE fragment over `s` (dispute_submission) joined with `d` (dispute_case).
 */
export function submissionVisibility(principal: AuthPrincipal | null, params: unknown[]): string {
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (!principal) return `s.confidentiality = 'PUBLIC'`;
  const clauses = [`s.confidentiality = 'PUBLIC'`];
  if (principal.role === Role.PANELIST) {
    clauses.push(`EXISTS (SELECT 1 FROM dispute_panelist dp WHERE dp.dispute_id = s.dispute_id AND dp.round >= s.round AND dp.principal_id::text = ${add(principal.id)})`);
  }
  if (principal.role === Role.REGULATOR && principal.jurisdiction) {
    const j = add(principal.jurisdiction);
    clauses.push(`(s.confidentiality = 'PARTIES_AND_PANEL' AND (d.complainant = ${j} OR d.respondent = ${j}))`);
    // A third party reads the parties' first written submissions (filed by the first-submission
    // date of the first round) and its own.
    clauses.push(`(s.confidentiality = 'PARTIES_AND_PANEL' AND s.round = 1 AND EXISTS (SELECT 1 FROM dispute_third_party tp WHERE tp.dispute_id = s.dispute_id AND tp.jurisdiction_code = ${j})
      AND (s.party = ${j} OR d.first_submissions_due IS NULL OR s.submitted_at <= d.first_submissions_due))`);
  }
  if (principal.role === Role.SECRETARIAT) clauses.push(`(s.confidentiality = 'PARTIES_AND_PANEL' AND d.respondent IS NULL)`);
  return `(${clauses.join(' OR ')})`;
}
