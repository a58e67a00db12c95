/**
 * Dispute cases (DESIGN.md §2.3): filing against a decision that affects the
 * complainant's member, consultation, settlement, panel requests and constitution
 * (nationality and conflict checks), confidential submissions, votes, the majority
 * ruling and its effect on the contested decision (same transaction), appeal, closure.
 */
import { IsNull, type EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../services';
import { ConflictError, DeadlinePassedError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, sameInput } from '../../shared/idempotency';
import { inTransaction } from '../../shared/transaction';
import { newestFirst, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../auth/actor';
import { requirePrincipal } from '../auth/permissions';
import { Principal } from '../auth/principal.entity';
import { Role } from '../auth/role';
import { recordAudit } from '../audit/audit.service';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { ControlList } from '../control-lists/control-list.entity';
import { MappingStatus } from '../control-lists/control-list.enums';
import { ControlListVersion } from '../control-lists/control-list-version.entity';
import { ConsultationOutcome } from '../decisions/decision.enums';
import { DenialConsultation } from '../decisions/licence-decision.entity';
import { AuthorizationStatus } from '../emergency/emergency.enums';
import { EmergencyDeclaration, ProvisionalAuthorization } from '../emergency/emergency.entity';
import { authorizationMachine } from '../emergency/emergency.states';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction, JurisdictionKind } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../jurisdictions/jurisdiction.service';
import { Membership } from '../jurisdictions/membership.entity';
import { RecognitionDecision, RecognitionStatus } from '../recognition/recognition.enums';
import { RecognitionRequest, RecognitionResponse } from '../recognition/recognition-request.entity';
import { outcomeEvent, recognitionMachine } from '../recognition/recognition.states';
import { RegisterKind } from '../register/register-entry.entity';
import { publishToRegister } from '../register/register.writer';
import { emitEvent } from '../notifications/events';
import { EntryMapping } from '../taxonomy/entry-mapping.entity';
import { mappingMachine } from '../taxonomy/mapping.states';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote } from './dispute.enums';
import { DisputeCase, DisputeConflict, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeVote } from './dispute.entity';
import { disputeMachine, type DisputeEvent, type DisputeParty } from './dispute.states';
import { named, reachSql } from './panel-reach';

const DAY = 86_400_000;
/** The respondent of a mapping review: the secretariat, not a member. */
export const SECRETARIAT_PARTY = 'SECRETARIAT';
const OPEN: DisputeStatus[] = [DisputeStatus.FILED, DisputeStatus.CONSULTATION, DisputeStatus.PANEL_REQUESTED, DisputeStatus.PANEL_CONSTITUTED, DisputeStatus.SUBMISSIONS, DisputeStatus.DELIBERATION, DisputeStatus.RULING_ISSUED, DisputeStatus.APPEALED];
/** States in which a case awaits (or may come to need) the panel of its current round. */
const AWAITING_PANEL: DisputeStatus[] = [DisputeStatus.FILED, DisputeStatus.CONSULTATION, DisputeStatus.PANEL_REQUESTED, DisputeStatus.APPEALED];

/** Cases returned as an outline (to a panelist who does not sit on them): see isCaseOutline. */
const OUTLINES = new WeakSet<DisputeCase>();

/** A copy of the case with what a prospective panelist needs to judge a conflict: no grounds or terms. */
export function caseOutline(d: DisputeCase): DisputeCase {
  const outline = Object.assign(new DisputeCase(), d, { grounds: '', settlementTerms: null, appealGrounds: null, withdrawalReason: null });
  OUTLINES.add(outline);
  return outline;
}

/** True for an outline: its field resolvers show no submissions, votes, rulings, panelists or timeline. */
export function isCaseOutline(d: DisputeCase): boolean {
  return OUTLINES.has(d);
}

interface Contested {
  /** The decision's state when contested (restored by an UPHOLD on appeal where it matters). */
  status: string | null;
  consortiumId: string;
  respondent: string | null;
  affected: string[];
  describe: string;
}

export interface DisputeFilter {
  status?: DisputeStatus | null;
  party?: string | null;
  panelist?: string | null;
}

export class DisputeService {
  constructor(private readonly deps: ServiceDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // --- filing ---------------------------------------------------------------------------

  async file(principal: AuthPrincipal | null, input: { contestedKind: ContestedDecisionKind; contestedId: string; grounds: string; idempotencyKey?: string | null }): Promise<DisputeCase> {
    const p = requirePrincipal(principal);
    if (p.role !== Role.REGULATOR) throw new ForbiddenError('a dispute is filed by a regulator of an affected member');
    const grounds = requiredText(input.grounds, 'input.grounds', 20000);
    const key = input.idempotencyKey?.trim() || null;
    const fingerprint = inputFingerprint({ contestedKind: input.contestedKind, contestedId: input.contestedId, grounds });
    return inTransaction(this.deps.dataSource, async (m) => {
      if (key) {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dispute:${p.jurisdiction}:${key}`]);
        const existing = await m.getRepository(DisputeCase).findOneBy({ complainant: p.jurisdiction!, idempotencyKey: key });
        if (existing) {
          if (!sameInput(existing, fingerprint, () => existing.contestedId === input.contestedId)) throw new ConflictError('this idempotencyKey was used for a different dispute', { field: 'input.idempotencyKey' });
          return existing;
        }
      }
      // One open dispute per decision: serialise filings about the same decision.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dispute-on:${input.contestedKind}:${input.contestedId}`]);
      const c = await this.contested(m, input.contestedKind, input.contestedId);
      if (!c.affected.includes(p.jurisdiction!)) throw new ForbiddenError(`${c.describe} does not affect ${p.jurisdiction}`);
      if (c.respondent === p.jurisdiction) throw new ForbiddenError('a member does not dispute its own decision');
      const open = await m
        .getRepository(DisputeCase)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.contested_kind = :k AND d.contested_id = :id AND d.status IN (:...open)', { k: input.contestedKind, id: input.contestedId, open: OPEN })
        .getOne();
      if (open) throw new ConflictError(`dispute ${open.id} about this decision is still open`, { disputeId: open.id });
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: c.consortiumId });
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
          consultationEndsAt: new Date(now.getTime() + consortium.policy.disputeConsultationDays * DAY),
          filedById: p.id,
          idempotencyKey: key,
          idempotencyFingerprint: key ? fingerprint : null,
        }),
      );
      await this.audit(m, actorOf(principal), d, 'FILE', DisputeStatus.FILED, { contested: c.describe, respondent: c.respondent ?? SECRETARIAT_PARTY }, grounds);
      await this.move(m, d, 'OPEN_CONSULTATION', ['SYSTEM'], SYSTEM_ACTOR, { consultationEndsAt: d.consultationEndsAt });
      return d;
    });
  }

  /** The contested decision: its consortium, the member that made it, and the members it affects. */
  private async contested(m: EntityManager, kind: ContestedDecisionKind, id: string): Promise<Contested> {
    if (!isUuid(id)) throw new NotFoundError(kind, id);
    if (kind === ContestedDecisionKind.RECOGNITION_RESPONSE) {
      const r = await m.getRepository(RecognitionResponse).findOneBy({ id, remandedByDisputeId: IsNull() });
      if (!r) throw new NotFoundError('RecognitionResponse', id);
      if (r.decision === RecognitionDecision.RECOGNIZE) throw new ValidationError('only a decline or a recognition with conditions can be contested', 'input.contestedId');
      const req = await m.getRepository(RecognitionRequest).findOneByOrFail({ id: r.requestId });
      return { status: r.decision, consortiumId: req.consortiumId, respondent: r.jurisdictionCode, affected: [req.requestingJurisdiction], describe: `${r.jurisdictionCode}'s ${r.decision} on request ${req.id}` };
    }
    if (kind === ContestedDecisionKind.PROVISIONAL_AUTHORIZATION) {
      const a = await m.getRepository(ProvisionalAuthorization).findOneBy({ id });
      if (!a) throw new NotFoundError('ProvisionalAuthorization', id);
      if (a.status !== AuthorizationStatus.ACTIVE && a.status !== AuthorizationStatus.SUSPENDED) throw new ValidationError(`the authorization is ${a.status}`, 'input.contestedId');
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      const members = await this.members(m, d.consortiumId);
      return { status: a.status, consortiumId: d.consortiumId, respondent: a.jurisdictionCode, affected: members.filter((x) => x !== a.jurisdictionCode), describe: `${a.jurisdictionCode}'s provisional authorization ${a.id}` };
    }
    if (kind === ContestedDecisionKind.MAPPING_REVIEW) {
      const map = await m.getRepository(EntryMapping).findOneBy({ id });
      if (!map) throw new NotFoundError('EntryMapping', id);
      if (map.status !== MappingStatus.ACCEPTED && map.status !== MappingStatus.REJECTED) throw new ValidationError('only a reviewed (accepted or rejected) mapping can be contested', 'input.contestedId');
      const entry = await m.getRepository(ControlEntry).findOneByOrFail({ id: map.entryId });
      const version = await m.getRepository(ControlListVersion).findOneByOrFail({ id: entry.versionId });
      const list = await m.getRepository(ControlList).findOneByOrFail({ id: version.listId });
      const adopters = (await m.getRepository(Jurisdiction).findBy({ adoptsCode: list.jurisdictionCode })).map((j) => j.code);
      const [{ id: consortiumId }] = await m.query('SELECT consortium_id AS id FROM membership WHERE jurisdiction_code = ANY($1) ORDER BY since LIMIT 1', [[list.jurisdictionCode, ...adopters]]).then((rows: { id: string }[]) => (rows.length ? rows : m.query('SELECT id FROM consortium ORDER BY name LIMIT 1')));
      return { status: map.status, consortiumId, respondent: null, affected: [list.jurisdictionCode, ...adopters], describe: `the secretariat's review of mapping ${map.id} (${entry.controlNumber} → ${map.taxonomyCode})` };
    }
    const c = await m.getRepository(DenialConsultation).findOneBy({ id });
    if (!c) throw new NotFoundError('DenialConsultation', id);
    if (c.outcome !== ConsultationOutcome.PROCEED) throw new ValidationError('only a decision to proceed despite a denial can be contested', 'input.contestedId');
    const [{ id: consortiumId }] = await m.query('SELECT consortium_id AS id FROM membership WHERE jurisdiction_code = $1 ORDER BY since LIMIT 1', [c.consultedJurisdictionCode]);
    return { status: c.outcome, consortiumId, respondent: c.jurisdictionCode, affected: [c.consultedJurisdictionCode], describe: `${c.jurisdictionCode}'s decision to proceed despite ${c.consultedJurisdictionCode}'s denial` };
  }

  private async members(m: EntityManager, consortiumId: string): Promise<string[]> {
    return (await m.getRepository(Membership).findBy({ consortiumId })).filter((x) => x.role === 'MEMBER' && x.until === null).map((x) => x.jurisdictionCode);
  }

  // --- parties and the transition frame ---------------------------------------------------

  /** The parties a principal plays on a case (a panelist only for the current round). */
  async partiesOf(m: EntityManager, p: AuthPrincipal, d: DisputeCase): Promise<DisputeParty[]> {
    const out: DisputeParty[] = [];
    if (p.role === Role.REGULATOR && p.jurisdiction === d.complainant) out.push('COMPLAINANT');
    if ((p.role === Role.REGULATOR && d.respondent && p.jurisdiction === d.respondent) || (p.role === Role.SECRETARIAT && d.respondent === null)) out.push('RESPONDENT');
    if (p.role === Role.SECRETARIAT) out.push('SECRETARIAT');
    if (p.role === Role.PANELIST && (await m.getRepository(DisputePanelist).findOneBy({ disputeId: d.id, round: d.round, principalId: p.id }))) out.push('PANELIST');
    return out;
  }

  private partyCode(parties: DisputeParty[], p: AuthPrincipal, d: DisputeCase): string {
    if (parties.includes('COMPLAINANT')) return d.complainant;
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

  private async move(m: EntityManager, d: DisputeCase, event: DisputeEvent, parties: DisputeParty[], actor: Actor, extra: Record<string, unknown> = {}, rationale: string | null = null): Promise<void> {
    const from = d.status;
    d.status = disputeMachine.next(from, event, parties);
    if ([DisputeStatus.SETTLED, DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN].includes(d.status)) d.closedAt = this.now();
    await m.save(d);
    await this.audit(m, actor, d, event, from, extra, rationale);
  }

  private async audit(m: EntityManager, actor: Actor, d: DisputeCase, event: string, from: DisputeStatus, extra: Record<string, unknown> = {}, rationale: string | null = null): Promise<void> {
    await recordAudit(m, actor, this.deps.clock, {
      action: `DISPUTE.${event}`,
      subjectType: 'DisputeCase',
      subjectId: d.id,
      before: { status: from },
      after: { status: d.status, round: d.round, ...extra },
      rationale,
    });
    await emitEvent(m, this.deps.clock, { type: 'DISPUTE_UPDATED', id: d.id, event, status: d.status, audience: [d.complainant, d.respondent].filter((x): x is string => !!x) });
  }

  // --- consultation -----------------------------------------------------------------------

  async settle(principal: AuthPrincipal | null, id: string, terms: string): Promise<DisputeCase> {
    const t = requiredText(terms, 'terms', 20000);
    return this.transition(principal, id, async (m, d, parties) => {
      d.settlementTerms = t;
      await this.move(m, d, 'SETTLE', parties, actorOf(principal), {}, t);
    });
  }

  /**
   * Either party asks for a panel. After the consultation period one request suffices;
   * before it, the panel is requested once both parties have asked.
   */
  async requestPanel(principal: AuthPrincipal | null, id: string): Promise<DisputeCase> {
    return this.transition(principal, id, async (m, d, parties, p) => {
      const rule = disputeMachine.rule(d.status, 'REQUEST_PANEL');
      if (!rule) throw new InvalidTransitionError('DisputeCase', d.status, 'REQUEST_PANEL');
      const party = parties.find((x) => rule.by.includes(x));
      if (!party) throw new ForbiddenError('only a party to the dispute may request a panel');
      const code = this.partyCode([party], p, d);
      if (!d.panelRequestedBy.includes(code)) d.panelRequestedBy = [...d.panelRequestedBy, code];
      const both = d.panelRequestedBy.includes(d.complainant) && d.panelRequestedBy.includes(d.respondent ?? SECRETARIAT_PARTY);
      if (this.now() >= d.consultationEndsAt || both) {
        await this.move(m, d, 'REQUEST_PANEL', [party], actorOf(principal), { requestedBy: d.panelRequestedBy, afterConsultation: !both });
      } else {
        await m.save(d);
        await this.audit(m, actorOf(principal), d, 'PANEL_REQUEST_RECORDED', d.status, { requestedBy: d.panelRequestedBy, consultationEndsAt: d.consultationEndsAt });
      }
    });
  }

  // --- the panel ----------------------------------------------------------------------------

  async constitutePanel(principal: AuthPrincipal | null, id: string, panelistIds: string[]): Promise<DisputeCase> {
    return this.transition(principal, id, async (m, d, parties) => {
      const rule = disputeMachine.rule(d.status, 'CONSTITUTE');
      if (!rule) throw new InvalidTransitionError('DisputeCase', d.status, 'CONSTITUTE');
      if (!parties.includes('SECRETARIAT')) throw new ForbiddenError('the secretariat appoints panels');
      const appointed = await m.getRepository(DisputePanelist).findBy({ disputeId: d.id, round: d.round });
      if (appointed.length) throw new InvalidTransitionError('DisputeCase', d.status, 'CONSTITUTE', `the round ${d.round} panel is already appointed`);
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      const ids = panelistIds.map((x) => x.trim());
      if (new Set(ids).size !== ids.length) throw new ValidationError('a panelist is named twice', 'panelistIds');
      if (ids.length !== consortium.policy.panelSize) throw new ValidationError(`the policy sets panels of ${consortium.policy.panelSize}; ${ids.length} named`, 'panelistIds');
      const nationalsOf = await this.partyNationalities(m, d);
      const conflicts = (await m.getRepository(DisputeConflict).findBy({ disputeId: d.id })).map((c) => c.principalId);
      const earlier = d.round > 1 ? (await m.getRepository(DisputePanelist).findBy({ disputeId: d.id, round: d.round - 1 })).map((x) => x.principalId) : [];
      const people: Principal[] = [];
      for (const [i, pid] of ids.entries()) {
        const field = `panelistIds.${i}`;
        const person = isUuid(pid) ? await m.getRepository(Principal).findOneBy({ id: pid }) : null;
        if (!person) throw new ValidationError(`no principal ${pid}`, field, { panelistId: pid });
        const named = { panelistId: pid, handle: person.handle };
        if (person.role !== Role.PANELIST) throw new ValidationError(`${person.handle} is not a panelist`, field, named);
        if (person.nationality && nationalsOf.includes(person.nationality)) {
          throw new ValidationError(`${person.handle} is a national of a party (${person.nationality}) and cannot sit on this panel`, field, named);
        }
        if (conflicts.includes(pid)) throw new ValidationError(`${person.handle} declared a conflict of interest in this case`, field, named);
        if (earlier.includes(pid)) throw new ValidationError(`${person.handle} sat on the first panel; an appeal is heard by a fresh panel`, field, named);
        people.push(person);
      }
      const now = this.now();
      const repo = m.getRepository(DisputePanelist);
      await repo.save(ids.map((principalId) => repo.create({ disputeId: d.id, round: d.round, principalId, appointedAt: now })));
      await this.move(m, d, 'CONSTITUTE', ['SECRETARIAT'], actorOf(principal), { panelists: people.map((x) => x.handle) });
    });
  }

  /** Nationalities that may not sit: the parties, and the states applying a party union's list. */
  private async partyNationalities(m: EntityManager, d: DisputeCase): Promise<string[]> {
    const codes = [d.complainant, d.respondent].filter((c): c is string => !!c);
    const out = new Set(codes);
    for (const code of codes) {
      const j = await m.getRepository(Jurisdiction).findOneBy({ code });
      if (j?.kind === JurisdictionKind.UNION) for (const a of await m.getRepository(Jurisdiction).findBy({ adoptsCode: code })) out.add(a.code);
    }
    return [...out];
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

  async addSubmission(principal: AuthPrincipal | null, input: { disputeId: string; title: string; body: string; confidentiality: Confidentiality }): Promise<DisputeCase> {
    const title = requiredText(input.title, 'input.title', 300);
    const body = requiredText(input.body, 'input.body', 200000);
    return this.transition(principal, input.disputeId, async (m, d, parties, p) => {
      const rule = disputeMachine.rule(d.status, 'SUBMIT');
      if (!rule) throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', d.status === DisputeStatus.DELIBERATION ? 'submissions closed with the first panel vote' : undefined);
      const party = parties.find((x) => rule.by.includes(x));
      if (!party) throw new ForbiddenError('only the parties file submissions');
      if (!(await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round }))) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions open once the panel is appointed');
      }
      // On appeal too, the first vote of the round closes submissions.
      if (await m.getRepository(DisputeVote).countBy({ disputeId: d.id, round: d.round })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'SUBMIT', 'submissions closed with the first panel vote');
      }
      const repo = m.getRepository(DisputeSubmission);
      const s = await repo.save(repo.create({ disputeId: d.id, round: d.round, party: this.partyCode([party], p, d), authorId: p.id, title, body, confidentiality: input.confidentiality, submittedAt: this.now() }));
      // The trail records that a submission was filed, never a confidential one's content.
      const shown = input.confidentiality === Confidentiality.PUBLIC ? { title } : {};
      await this.move(m, d, 'SUBMIT', [party], actorOf(principal), { submissionId: s.id, party: s.party, confidentiality: s.confidentiality, ...shown });
    });
  }

  async vote(principal: AuthPrincipal | null, input: { disputeId: string; vote: PanelVote; reasoning: string }): Promise<DisputeCase> {
    const reasoning = requiredText(input.reasoning, 'input.reasoning', 20000);
    return this.transition(principal, input.disputeId, async (m, d, parties, p) => {
      if (!parties.includes('PANELIST')) {
        const rule = disputeMachine.rule(d.status, 'VOTE');
        if (!rule) throw new InvalidTransitionError('DisputeCase', d.status, 'VOTE');
        throw new ForbiddenError('only the panelists of this case vote');
      }
      const votes = m.getRepository(DisputeVote);
      if (await votes.findOneBy({ disputeId: d.id, round: d.round, panelistId: p.id })) {
        throw new InvalidTransitionError('DisputeCase', d.status, 'VOTE', 'you have already voted in this round');
      }
      await votes.save(votes.create({ disputeId: d.id, round: d.round, panelistId: p.id, vote: input.vote, reasoning, castAt: this.now() }));
      await this.move(m, d, 'VOTE', ['PANELIST'], actorOf(principal), { panelist: p.id });
      const all = await votes.findBy({ disputeId: d.id, round: d.round });
      const size = await m.getRepository(DisputePanelist).countBy({ disputeId: d.id, round: d.round });
      const need = Math.floor(size / 2) + 1;
      const tally = new Map<PanelVote, DisputeVote[]>();
      for (const v of all) tally.set(v.vote, [...(tally.get(v.vote) ?? []), v]);
      let winner = [...tally.entries()].find(([, vs]) => vs.length >= need);
      let rationale = winner ? winner[1].map((v) => v.reasoning).join('\n\n') : '';
      if (!winner && all.length === size) {
        // Every panelist voted and no outcome has a majority (e.g. 1-1-1): the item goes back to its member.
        winner = [PanelVote.REMAND, tally.get(PanelVote.REMAND) ?? []];
        rationale = `No majority (${[...tally.entries()].map(([k, vs]) => `${k} ${vs.length}`).join(', ')}): remanded to the member for a new decision.\n\n${all.map((v) => v.reasoning).join('\n\n')}`;
      }
      if (winner) await this.issueRuling(m, d, winner[0], rationale, winner[1].length, size);
    });
  }

  /** The ruling: recorded, applied to the contested decision and published, in the vote's transaction. */
  private async issueRuling(m: EntityManager, d: DisputeCase, outcome: PanelVote, rationale: string, majority: number, size: number): Promise<void> {
    const now = this.now();
    const previous = d.round > 1 ? await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round - 1 }) : null;
    const effect = await this.applyEffect(m, d, outcome, previous?.outcome ?? PanelVote.UPHOLD);
    const repo = m.getRepository(DisputeRuling);
    const ruling = await repo.save(repo.create({ disputeId: d.id, round: d.round, outcome, rationale, majority, panelSize: size, effect, issuedAt: now }));
    if (d.round === 1) {
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      d.appealDeadline = new Date(now.getTime() + consortium.policy.appealWindowDays * DAY);
    }
    await this.move(m, d, 'ISSUE_RULING', ['PANELIST'], SYSTEM_ACTOR, { outcome, majority: `${majority}/${size}`, effect }, rationale);
    const publicTitles = (await m.getRepository(DisputeSubmission).find({ where: { disputeId: d.id, confidentiality: Confidentiality.PUBLIC }, order: { submittedAt: 'ASC' } })).map((s) => s.title);
    await publishToRegister(m, this.deps.clock, {
      kind: RegisterKind.DISPUTE_RULING,
      consortiumId: d.consortiumId,
      subjectId: d.id,
      title: `${d.round > 1 ? 'Appeal ruling' : 'Ruling'}: ${d.complainant} v ${d.respondent ?? 'the secretariat'} — ${outcome}`,
      summary: `${outcome} by ${majority} of ${size} panelists on the contested ${d.contestedKind.toLowerCase().replace(/_/g, ' ')}. ${effect}`,
      rationale,
      jurisdictions: [d.complainant, d.respondent].filter((x): x is string => !!x),
      // Redacted by rule: no PANEL_ONLY or PARTIES_AND_PANEL material; public submissions by title only.
      details: { round: d.round, outcome, majority, panelSize: size, contestedKind: d.contestedKind, contestedId: d.contestedId, publicSubmissions: publicTitles, rulingId: ruling.id },
    });
  }

  /**
   * What a ruling does to the contested decision. `before` is what the previous ruling
   * did (UPHOLD when none): an appeal ruling that differs replaces that effect.
   */
  private async applyEffect(m: EntityManager, d: DisputeCase, outcome: PanelVote, before: PanelVote): Promise<string> {
    if (outcome === before) return outcome === PanelVote.UPHOLD ? 'The contested decision stands.' : 'The first ruling\'s effect stands.';
    const actor = SYSTEM_ACTOR;
    if (d.contestedKind === ContestedDecisionKind.RECOGNITION_RESPONSE) {
      const responses = m.getRepository(RecognitionResponse);
      const r = await responses.findOneByOrFail({ id: d.contestedId });
      const request = await m.getRepository(RecognitionRequest).findOneOrFail({ where: { id: r.requestId }, lock: { mode: 'pessimistic_write' } });
      const from = request.status;
      if (outcome === PanelVote.REMAND) {
        if (r.remandedByDisputeId) return 'The answer was already sent back.';
        r.remandedByDisputeId = d.id;
        await responses.save(r);
        if (recognitionMachine.rule(request.status, 'REOPEN')) {
          request.status = recognitionMachine.next(from, 'REOPEN', ['RULING']);
          const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
          request.deadline = new Date(this.now().getTime() + consortium.policy.recognitionReviewDays * DAY);
          request.deadlineWarnedAt = null;
          request.closedAt = null;
          await m.save(request);
        } else if ([RecognitionStatus.LAPSED, RecognitionStatus.WITHDRAWN].includes(request.status)) {
          await this.auditRequest(m, actor, request, from, d, { remanded: r.id });
          return `${r.jurisdictionCode}'s ${r.decision} is set aside; the request had ended (${request.status}) and is not reopened.`;
        }
        await this.auditRequest(m, actor, request, from, d, { remanded: r.id });
        return `${r.jurisdictionCode}'s ${r.decision} was sent back: ${r.jurisdictionCode} answers the request again (now ${request.status}).`;
      }
      if (outcome === PanelVote.OVERTURN) {
        if (r.remandedByDisputeId) return 'The answer had been sent back; the member answers anew.';
        r.originalDecision ??= r.decision;
        r.decision = RecognitionDecision.RECOGNIZE;
        r.overturnedByDisputeId = d.id;
      } else {
        // UPHOLD on appeal after an overturn: the original answer is restored.
        if (r.overturnedByDisputeId !== d.id || !r.originalDecision) return 'The contested decision stands.';
        r.decision = r.originalDecision;
        r.overturnedByDisputeId = null;
      }
      await responses.save(r);
      const live = await responses.findBy({ requestId: request.id, remandedByDisputeId: IsNull() });
      if (live.length === request.concernedJurisdictionCodes.length && ![RecognitionStatus.SUBMITTED, RecognitionStatus.UNDER_REVIEW, RecognitionStatus.CLOCK_STOPPED, RecognitionStatus.WITHDRAWN, RecognitionStatus.LAPSED].includes(from)) {
        const event = outcomeEvent(live.filter((x) => x.decision !== RecognitionDecision.DECLINE).length, request.concernedJurisdictionCodes.length);
        request.status = recognitionMachine.next(from, event, ['RULING']);
        await m.save(request);
      }
      await this.auditRequest(m, actor, request, from, d, { response: r.id, decision: r.decision });
      return outcome === PanelVote.OVERTURN
        ? `${r.jurisdictionCode}'s answer now counts as a recognition; the request is ${request.status}${from !== request.status ? ` (was ${from})` : ''}.`
        : `${r.jurisdictionCode}'s original answer is restored; the request is ${request.status}.`;
    }
    if (d.contestedKind === ContestedDecisionKind.PROVISIONAL_AUTHORIZATION) {
      const a = await m.getRepository(ProvisionalAuthorization).findOneOrFail({ where: { id: d.contestedId }, lock: { mode: 'pessimistic_write' } });
      const from = a.status;
      if (outcome === PanelVote.UPHOLD) return `The authorization stays ${a.status}${a.status === AuthorizationStatus.REVOKED ? ': a revocation is not undone; the member may file anew' : ''}.`;
      const event = outcome === PanelVote.OVERTURN ? 'REVOKE' : 'SUSPEND';
      if (!authorizationMachine.rule(a.status, event)) return `The authorization is ${a.status}; nothing more to apply.`;
      a.status = authorizationMachine.next(from, event, ['RULING']);
      if (event === 'REVOKE') a.closedAt = this.now();
      else {
        a.suspendedAt = this.now();
        a.reviewDueAt = this.now();
        a.suspendedByDisputeId = d.id;
      }
      await m.save(a);
      await recordAudit(m, actor, this.deps.clock, { action: `PROVISIONAL_AUTHORIZATION.${event}`, subjectType: 'ProvisionalAuthorization', subjectId: a.id, before: { status: from }, after: { status: a.status, byDispute: d.id } });
      return event === 'REVOKE' ? 'The provisional authorization is revoked.' : 'The provisional authorization is suspended until its member completes a new post-approval review.';
    }
    if (d.contestedKind === ContestedDecisionKind.MAPPING_REVIEW) {
      const map = await m.getRepository(EntryMapping).findOneOrFail({ where: { id: d.contestedId }, lock: { mode: 'pessimistic_write' } });
      const from = map.status;
      // What the ruling means relative to the review as contested: UPHOLD keeps it, OVERTURN
      // reverses it, REMAND sends the mapping back for review.
      const reviewed = (d.contestedStatus as MappingStatus | null) ?? map.status;
      const target = outcome === PanelVote.REMAND ? MappingStatus.PROPOSED : outcome === PanelVote.UPHOLD ? reviewed : reviewed === MappingStatus.ACCEPTED ? MappingStatus.REJECTED : MappingStatus.ACCEPTED;
      if (target === map.status) return `The mapping stays ${map.status}.`;
      const event = target === MappingStatus.PROPOSED ? 'REOPEN' : target === MappingStatus.ACCEPTED ? 'ACCEPT' : 'REJECT';
      if (!mappingMachine.rule(map.status, event)) return `The mapping is ${map.status}; nothing more to apply.`;
      map.status = mappingMachine.next(from, event, ['RULING']);
      map.reviewNote = `${map.reviewNote ? `${map.reviewNote}; ` : ''}changed by dispute ${d.id}`;
      await m.save(map);
      await recordAudit(m, actor, this.deps.clock, { action: `ENTRY_MAPPING.${event}`, subjectType: 'EntryMapping', subjectId: map.id, before: { status: from }, after: { status: map.status, byDispute: d.id } });
      return `The mapping is now ${map.status} (was ${from}).`;
    }
    const c = await m.getRepository(DenialConsultation).findOneOrFail({ where: { id: d.contestedId }, lock: { mode: 'pessimistic_write' } });
    const from = c.outcome;
    c.outcome = outcome === PanelVote.UPHOLD ? ConsultationOutcome.PROCEED : ConsultationOutcome.REFRAIN;
    await m.save(c);
    await recordAudit(m, actor, this.deps.clock, { action: 'DENIAL_CONSULTATION.RULED', subjectType: 'DenialConsultation', subjectId: c.id, before: { outcome: from }, after: { outcome: c.outcome, byDispute: d.id } });
    return c.outcome === ConsultationOutcome.REFRAIN
      ? `${c.jurisdictionCode} may not grant against ${c.consultedJurisdictionCode}'s denial${outcome === PanelVote.REMAND ? ' until it consults again' : ''}.`
      : `${c.jurisdictionCode}'s decision to proceed is restored.`;
  }

  private async auditRequest(m: EntityManager, actor: Actor, request: RecognitionRequest, from: RecognitionStatus, d: DisputeCase, extra: Record<string, unknown>): Promise<void> {
    await recordAudit(m, actor, this.deps.clock, {
      action: 'RECOGNITION_REQUEST.RULING_APPLIED',
      subjectType: 'RecognitionRequest',
      subjectId: request.id,
      before: { status: from },
      after: { status: request.status, byDispute: d.id, ...extra },
    });
  }

  async appeal(principal: AuthPrincipal | null, id: string, grounds: string): Promise<DisputeCase> {
    const g = requiredText(grounds, 'grounds', 20000);
    return this.transition(principal, id, async (m, d, parties, p) => {
      const rule = disputeMachine.rule(d.status, 'APPEAL');
      if (!rule) throw new InvalidTransitionError('DisputeCase', d.status, 'APPEAL');
      const party = parties.find((x) => rule.by.includes(x));
      if (!party) throw new ForbiddenError('only a party may appeal');
      if (d.appealDeadline && this.now() > d.appealDeadline) throw new DeadlinePassedError(`the appeal window closed on ${d.appealDeadline.toISOString()}`, { appealDeadline: d.appealDeadline });
      d.appealGrounds = g;
      d.appealedBy = this.partyCode([party], p, d);
      d.round = 2;
      await this.move(m, d, 'APPEAL', [party], actorOf(principal), { appealedBy: d.appealedBy }, g);
    });
  }

  async withdraw(principal: AuthPrincipal | null, id: string, reason: string): Promise<DisputeCase> {
    const r = requiredText(reason, 'reason', 5000);
    return this.transition(principal, id, async (m, d, parties) => {
      d.withdrawalReason = r;
      await this.move(m, d, 'WITHDRAW', parties, actorOf(principal), {}, r);
    });
  }

  // --- time-driven --------------------------------------------------------------------------

  async due(now: Date): Promise<{ key: string; id: string }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT id FROM dispute_case WHERE (status = 'RULING_ISSUED' AND appeal_deadline <= $1) OR status = 'APPEAL_RULING_ISSUED'`,
      [now],
    );
    return rows.map((r) => ({ ...r, key: `dispute:CLOSE:${r.id}` }));
  }

  async fireDue(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = await m.getRepository(DisputeCase).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) return false;
      const due = d.status === DisputeStatus.APPEAL_RULING_ISSUED || (d.status === DisputeStatus.RULING_ISSUED && !!d.appealDeadline && d.appealDeadline <= this.now());
      if (!due) return false;
      await this.move(m, d, 'CLOSE', ['SYSTEM'], SYSTEM_ACTOR, {});
      return true;
    });
  }

  // --- reads ----------------------------------------------------------------------------------

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
  }
  if (principal.role === Role.SECRETARIAT) clauses.push(`(s.confidentiality = 'PARTIES_AND_PANEL' AND d.respondent IS NULL)`);
  return `(${clauses.join(' OR ')})`;
}
