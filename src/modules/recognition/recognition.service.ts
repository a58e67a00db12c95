/**
 * The mutual-recognition workflow (DESIGN.md §2.1). Every transition: lock the request
 * row, ask recognitionMachine whether the caller's party may fire the event from the
 * current state, write, and record the audit event — one transaction. Concurrent
 * transitions on one request serialise on the row lock; the loser sees the new state and
 * gets INVALID_TRANSITION.
 */
import { IsNull, type EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, sameInput } from '../../shared/idempotency';
import type { TransitionContext } from '../../shared/state-machine';
import { inTransaction } from '../../shared/transaction';
import { checkDate, newestFirst, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { recordAudit } from '../audit/audit-chain';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { ControlList } from '../control-lists/control-list.entity';
import { MappingStatus } from '../taxonomy/taxonomy.enums';
import { ControlListVersion } from '../control-lists/control-list-version.entity';
import { LicenceOutcome } from '../decisions/decision.enums';
import { EndUserVerification } from '../decisions/end-user.entity';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { Consortium } from '../jurisdictions/consortium.entity';
import { recognizingMembers, syncImplementations } from './recognition.implementations';
import { isUuid } from '../../shared/ids';
import { Membership } from '../jurisdictions/membership.entity';
import { EntryMapping } from '../taxonomy/entry-mapping.entity';
import { ALLOWED_EFFECTS, DEFAULT_EFFECT, RecognitionDecision, RecognitionEffect, RecognitionStatus, RecognitionSubjectKind } from './recognition.enums';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { named, reachSql } from '../auth/panel-reach';
import { emitEvent } from '../../shared/events';
import { InformationRequest, RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { deadlineEvent, OPEN_STATES, outcomeEvent, recognitionMachine, reviewDeadline, type RecognitionEvent, type RecognitionParty, type Silence } from './recognition.states';

const DAY = 86_400_000;

export interface FileRequestData {
  consortiumId: string;
  subjectKind: RecognitionSubjectKind;
  subjectId: string;
  concernedJurisdictions?: string[] | null;
  justification: string;
  draft?: boolean | null;
  idempotencyKey?: string | null;
  effect?: RecognitionEffect | null;
  effectValidUntil?: string | null;
}

export interface ResponseData {
  requestId: string;
  decision: RecognitionDecision;
  rationale?: string | null;
  conditions?: string[] | null;
  criteria?: string[] | null;
}

export interface RequestFilter {
  status?: RecognitionStatus | null;
  requesting?: string | null;
  concerned?: string | null;
  subjectKind?: RecognitionSubjectKind | null;
  consortiumId?: string | null;
}


export class RecognitionService {
  constructor(private readonly deps: ServiceDeps) {}

  clockNow(): Date {
    return this.deps.clock.now();
  }

  // --- filing -----------------------------------------------------------------------

  /** A regulator of a member files a request about its own decision; submitted at once unless `draft`. */
  async file(principal: AuthPrincipal | null, input: FileRequestData): Promise<RecognitionRequest> {
    const p = requireRole(principal, Role.REGULATOR);
    const requester = p.jurisdiction!;
    const justification = requiredText(input.justification, 'input.justification', 10000);
    const key = input.idempotencyKey?.trim() || null;
    if (key && key.length > 200) throw new ValidationError('idempotencyKey is at most 200 characters', 'input.idempotencyKey');
    const effect = input.effect ?? DEFAULT_EFFECT[input.subjectKind];
    if (input.subjectKind && !ALLOWED_EFFECTS[input.subjectKind]?.includes(effect)) {
      throw new ValidationError(`a ${input.subjectKind} request can have the effect ${ALLOWED_EFFECTS[input.subjectKind].join(' or ')}`, 'input.effect');
    }
    const effectValidUntil = input.effectValidUntil ?? null;
    if (effectValidUntil !== null) {
      checkDate(effectValidUntil, 'input.effectValidUntil');
      if (effectValidUntil <= this.deps.clock.now().toISOString().slice(0, 10)) throw new ValidationError('effectValidUntil must be after today', 'input.effectValidUntil');
    }
    const fingerprint = inputFingerprint({
      ...(input.effect || effectValidUntil ? { effect, effectValidUntil } : {}),
      consortiumId: input.consortiumId, subjectKind: input.subjectKind, subjectId: input.subjectId, justification, draft: !!input.draft,
      concernedJurisdictions: input.concernedJurisdictions?.length ? [...new Set(input.concernedJurisdictions.map((c) => c.trim().toUpperCase()))].sort() : null,
    });
    return inTransaction(this.deps.dataSource, async (m) => {
      if (key) {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`recognition:${requester}:${key}`]);
        const existing = await m.getRepository(RecognitionRequest).findOneBy({ requestingJurisdiction: requester, idempotencyKey: key });
        if (existing) {
          if (!sameInput(existing, fingerprint, () => existing.subjectId === input.subjectId && existing.subjectKind === input.subjectKind && existing.consortiumId === input.consortiumId)) {
            throw new ConflictError('this idempotencyKey was used for a different request', { field: 'input.idempotencyKey', requestId: existing.id });
          }
          return existing;
        }
      }
      const consortium = isUuid(input.consortiumId) ? await m.getRepository(Consortium).findOneBy({ id: input.consortiumId }) : null;
      if (!consortium) throw new NotFoundError('Consortium', input.consortiumId);
      const members = (await m.getRepository(Membership).findBy({ consortiumId: consortium.id }))
        .filter((x) => x.role === 'MEMBER' && x.until === null)
        .map((x) => x.jurisdictionCode);
      if (!members.includes(requester)) throw new ForbiddenError(`${requester} is not a member of ${consortium.name}`);
      await this.checkSubject(m, requester, input.subjectKind, input.subjectId);
      let concerned = (input.concernedJurisdictions ?? []).map((c) => c.trim().toUpperCase());
      if (concerned.length === 0) concerned = members.filter((c) => c !== requester);
      concerned = [...new Set(concerned)];
      for (const [i, c] of concerned.entries()) {
        if (c === requester) throw new ValidationError('a member does not recognize its own decision', `input.concernedJurisdictions.${i}`);
        if (!members.includes(c)) throw new ValidationError(`${c} is not a member of ${consortium.name}`, `input.concernedJurisdictions.${i}`);
      }
      if (concerned.length === 0) throw new ValidationError('no other member to ask', 'input.concernedJurisdictions');
      const repo = m.getRepository(RecognitionRequest);
      const request = await repo.save(
        repo.create({
          consortiumId: consortium.id,
          requestingJurisdiction: requester,
          concernedJurisdictionCodes: concerned.sort(),
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          justification,
          effect,
          effectValidUntil,
          status: RecognitionStatus.DRAFT,
          createdById: p.id,
          idempotencyKey: key,
          idempotencyFingerprint: key ? fingerprint : null,
        }),
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'RECOGNITION_REQUEST.FILED',
        subjectType: 'RecognitionRequest',
        subjectId: request.id,
        after: { status: request.status, subjectKind: request.subjectKind, subjectId: request.subjectId, concerned: request.concernedJurisdictionCodes, effect, effectValidUntil },
        rationale: justification,
      });
      if (!input.draft) await this.applySubmit(m, request, consortium, actorOf(principal), ['REQUESTER']);
      return request;
    });
  }

  /** The subject must be the requesting member's own decision, verification or accepted classification. */
  private async checkSubject(m: EntityManager, requester: string, kind: RecognitionSubjectKind, id: string): Promise<void> {
    const field = 'input.subjectId';
    if (!isUuid(id)) throw new NotFoundError(kind, id);
    if (kind === RecognitionSubjectKind.LICENCE_DECISION) {
      const d = await m.getRepository(LicenceDecision).findOneBy({ id });
      if (!d) throw new NotFoundError('LicenceDecision', id);
      if (d.jurisdictionCode !== requester) throw new ForbiddenError('a member asks recognition of its own decisions only');
      if (d.outcome === LicenceOutcome.DENIED) throw new ValidationError('a denial is not a licence to recognize', field);
    } else if (kind === RecognitionSubjectKind.END_USER_VERIFICATION) {
      const v = await m.getRepository(EndUserVerification).findOneBy({ id });
      if (!v) throw new NotFoundError('EndUserVerification', id);
      if (v.jurisdictionCode !== requester) throw new ForbiddenError('a member asks recognition of its own verifications only');
    } else {
      const map = await m.getRepository(EntryMapping).findOneBy({ id });
      if (!map) throw new NotFoundError('EntryMapping', id);
      if (map.status !== MappingStatus.ACCEPTED) throw new ValidationError('only an accepted mapping can be recognized', field);
      const entry = await m.getRepository(ControlEntry).findOneByOrFail({ id: map.entryId });
      const version = await m.getRepository(ControlListVersion).findOneByOrFail({ id: entry.versionId });
      const list = await m.getRepository(ControlList).findOneByOrFail({ id: version.listId });
      if (list.jurisdictionCode !== requester) throw new ForbiddenError('a member asks recognition of its own classifications only');
    }
  }

  async submit(principal: AuthPrincipal | null, id: string): Promise<RecognitionRequest> {
    return this.transition(principal, id, async (m, request, parties) => {
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      await this.applySubmit(m, request, consortium, actorOf(principal), parties);
    });
  }

  private async applySubmit(m: EntityManager, request: RecognitionRequest, consortium: Consortium, actor: Actor, parties: RecognitionParty[]): Promise<void> {
    const now = this.deps.clock.now();
    const deadline = reviewDeadline(now, consortium.policy);
    await this.move(m, request, 'SUBMIT', parties, actor, { set: { submittedAt: now, deadline }, after: { deadline } });
  }

  // --- answers ------------------------------------------------------------------------

  /** A concerned member answers, once. The last answer decides the outcome. */
  async respond(principal: AuthPrincipal | null, input: ResponseData): Promise<RecognitionRequest> {
    const rationale = input.rationale?.trim() || null;
    const conditions = (input.conditions ?? []).map((c) => c.trim()).filter(Boolean);
    const criteria = (input.criteria ?? []).map((c) => c.trim()).filter(Boolean);
    if (input.decision === RecognitionDecision.DECLINE && !rationale) throw new ValidationError('a decline needs a rationale citing the criteria', 'input.rationale');
    if (input.decision === RecognitionDecision.RECOGNIZE_WITH_CONDITIONS) {
      if (!conditions.length) throw new ValidationError('a recognition with conditions needs its conditions', 'input.conditions');
      if (!rationale) throw new ValidationError('conditions need a rationale', 'input.rationale');
    }
    if (input.decision === RecognitionDecision.RECOGNIZE && conditions.length) {
      throw new ValidationError('conditions go with RECOGNIZE_WITH_CONDITIONS', 'input.conditions');
    }
    if ((rationale?.length ?? 0) > 10000) throw new ValidationError('rationale is at most 10000 characters', 'input.rationale');
    return this.transition(principal, input.requestId, async (m, request, parties, p) => {
      if (!OPEN_STATES.includes(request.status) && request.status !== RecognitionStatus.DRAFT) {
        // A closed request takes no answer (a silent member's silence was counted at the deadline).
        throw new InvalidTransitionError('RecognitionRequest', request.status, 'RESPOND', `the request is ${request.status}`);
      }
      const mine = p.role === Role.REGULATOR && request.concernedJurisdictionCodes.includes(p.jurisdiction!);
      if (mine && !parties.includes('CONCERNED')) {
        throw new InvalidTransitionError('RecognitionRequest', request.status, 'RESPOND', `${p.jurisdiction} has already answered this request`);
      }
      const responses = m.getRepository(RecognitionResponse);
      const all = await responses.findBy({ requestId: request.id, remandedByDisputeId: IsNull() });
      const last = all.length + 1 === request.concernedJurisdictionCodes.length;
      const recognitions = all.filter((r) => r.decision !== RecognitionDecision.DECLINE).length + (input.decision !== RecognitionDecision.DECLINE ? 1 : 0);
      const event: RecognitionEvent = last ? outcomeEvent(recognitions, request.concernedJurisdictionCodes.length) : 'RESPOND';
      // Check the move before writing anything (CLOCK_STOPPED, or a closed request, refuse it).
      recognitionMachine.next(request.status, event, parties);
      const response = await responses.save(
        responses.create({
          requestId: request.id,
          jurisdictionCode: p.jurisdiction!,
          decision: input.decision,
          rationale,
          conditions,
          criteria,
          respondedById: p.id,
          respondedAt: this.deps.clock.now(),
        }),
      );
      const answered = { responseId: response.id, jurisdiction: response.jurisdictionCode, decision: response.decision, conditions, criteria };
      if (!last) {
        await this.move(m, request, 'RESPOND', parties, actorOf(principal), { action: 'RESPONDED', after: answered, rationale });
        return;
      }
      await recordAudit(m, actorOf(principal), this.deps.clock, { action: 'RECOGNITION_REQUEST.RESPONDED', subjectType: 'RecognitionRequest', subjectId: request.id, after: answered, rationale });
      await this.move(m, request, event, parties, actorOf(principal), { set: { closedAt: this.deps.clock.now() }, after: { recognitions, concerned: request.concernedJurisdictionCodes.length } });
    });
  }

  /** A concerned member that has not answered asks for information: the clock stops. */
  async requestInformation(principal: AuthPrincipal | null, requestId: string, question: string): Promise<RecognitionRequest> {
    const q = requiredText(question, 'question', 5000);
    return this.transition(principal, requestId, async (m, request, parties, p) => {
      const from = request.status;
      recognitionMachine.next(from, 'REQUEST_INFO', parties);
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      if (request.clockStops >= consortium.policy.maxClockStops) {
        throw new InvalidTransitionError('RecognitionRequest', from, 'REQUEST_INFO', `the policy allows at most ${consortium.policy.maxClockStops} clock stops per request`);
      }
      const allowance = consortium.policy.maxClockStopDays * DAY - request.stoppedMs;
      if (allowance <= 0) {
        throw new InvalidTransitionError('RecognitionRequest', from, 'REQUEST_INFO', `the policy's ${consortium.policy.maxClockStopDays} days of clock stops are used up`);
      }
      const now = this.deps.clock.now();
      const clockResumesAt = new Date(now.getTime() + allowance);
      const info = m.getRepository(InformationRequest);
      await info.save(info.create({ requestId: request.id, askedBy: p.jurisdiction!, question: q, askedAt: now }));
      await this.move(m, request, 'REQUEST_INFO', parties, actorOf(principal), {
        set: { clockStoppedAt: now, clockResumesAt, clockStops: request.clockStops + 1 },
        after: { askedBy: p.jurisdiction, clockResumesAt },
        rationale: q,
      });
    });
  }

  /** The requesting member answers: the clock restarts and the deadline moves by the stopped time. */
  async provideInformation(principal: AuthPrincipal | null, requestId: string, answer: string): Promise<RecognitionRequest> {
    const a = requiredText(answer, 'answer', 10000);
    return this.transition(principal, requestId, async (m, request, parties) => {
      const info = m.getRepository(InformationRequest);
      const open = await info.findOne({ where: { requestId: request.id }, order: { askedAt: 'DESC' } });
      if (!open || open.answer !== null) {
        throw new InvalidTransitionError('RecognitionRequest', request.status, 'PROVIDE_INFO', 'there is no open information request to answer');
      }
      if (!parties.includes('REQUESTER')) throw new ForbiddenError('only the requesting member answers information requests');
      open.answer = a;
      if (request.status === RecognitionStatus.CLOCK_STOPPED) {
        await this.resumeClock(m, request, open, 'PROVIDE_INFO', parties, actorOf(principal), a);
      } else {
        // The clock already restarted by itself; the answer is still recorded.
        await info.save(open);
        await recordAudit(m, actorOf(principal), this.deps.clock, {
          action: 'RECOGNITION_REQUEST.INFORMATION_PROVIDED_LATE',
          subjectType: 'RecognitionRequest',
          subjectId: request.id,
          after: { informationRequestId: open.id },
          rationale: a,
        });
      }
    });
  }

  private async resumeClock(m: EntityManager, request: RecognitionRequest, open: InformationRequest, event: 'PROVIDE_INFO' | 'RESUME_CLOCK', parties: RecognitionParty[], actor: Actor, note: string | null): Promise<void> {
    recognitionMachine.next(request.status, event, parties);
    const now = this.deps.clock.now();
    const resumeAt = event === 'RESUME_CLOCK' && request.clockResumesAt ? request.clockResumesAt : now;
    const stopped = Math.max(0, resumeAt.getTime() - request.clockStoppedAt!.getTime());
    const deadline = new Date(request.deadline!.getTime() + stopped);
    open.resumedAt = resumeAt;
    open.stoppedMs = stopped;
    await m.save(open);
    await this.move(m, request, event, parties, actor, {
      set: { deadline, stoppedMs: request.stoppedMs + stopped, clockStoppedAt: null, clockResumesAt: null },
      after: { stoppedMs: stopped, deadline },
      rationale: note,
    });
  }

  async withdraw(principal: AuthPrincipal | null, id: string, reason: string): Promise<RecognitionRequest> {
    const r = requiredText(reason, 'reason', 5000);
    return this.transition(principal, id, async (m, request, parties) => {
      await this.move(m, request, 'WITHDRAW', parties, actorOf(principal), { set: { withdrawalReason: r, closedAt: this.deps.clock.now() }, rationale: r });
    });
  }

  // --- time-driven (the scheduler) ----------------------------------------------------

  /** Requests whose deadline or clock-stop allowance has run out at `now`. */
  async due(now: Date): Promise<{ key: string; id: string; kind: 'DEADLINE' | 'RESUME' }[]> {
    const rows: { id: string; kind: 'DEADLINE' | 'RESUME' }[] = await this.deps.dataSource.query(
      `SELECT id, 'DEADLINE' AS kind FROM recognition_request WHERE status IN ('SUBMITTED', 'UNDER_REVIEW') AND deadline <= $1
       UNION ALL
       SELECT id, 'RESUME' AS kind FROM recognition_request WHERE status = 'CLOCK_STOPPED' AND clock_resumes_at <= $1`,
      [now],
    );
    return rows.map((r) => ({ ...r, key: `recognition:${r.kind}:${r.id}` }));
  }

  /**
   * Fire a due transition; returns false when it is no longer due (another instance fired
   * it, or the request moved on). Silence at the deadline follows the consortium policy.
   */
  async fireDue(id: string, kind: 'DEADLINE' | 'RESUME'): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = await m.getRepository(RecognitionRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) return false;
      const now = this.deps.clock.now();
      if (kind === 'RESUME') {
        if (request.status !== RecognitionStatus.CLOCK_STOPPED || !request.clockResumesAt || request.clockResumesAt > now) return false;
        const open = await m.getRepository(InformationRequest).findOneOrFail({ where: { requestId: id }, order: { askedAt: 'DESC' } });
        await this.resumeClock(m, request, open, 'RESUME_CLOCK', ['SYSTEM'], SYSTEM_ACTOR, 'the policy\'s clock-stop allowance ran out');
        return true;
      }
      if (!OPEN_STATES.includes(request.status) || request.status === RecognitionStatus.CLOCK_STOPPED || !request.deadline || request.deadline > now) return false;
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      const responses = await m.getRepository(RecognitionResponse).findBy({ requestId: id, remandedByDisputeId: IsNull() });
      const silent = request.concernedJurisdictionCodes.filter((c) => !responses.some((r) => r.jurisdictionCode === c));
      const recognitions = responses.filter((r) => r.decision !== RecognitionDecision.DECLINE).length;
      const event = deadlineEvent(recognitions, responses.length, silent.length, consortium.policy.silenceAtDeadline as Silence);
      await this.move(m, request, event, ['SYSTEM'], SYSTEM_ACTOR, {
        set: { closedAt: now, silentJurisdictionCodes: silent },
        after: { deadline: request.deadline, silent, answers: responses.length, recognitions, policy: consortium.policy.silenceAtDeadline },
      });
      return true;
    });
  }

  /** Open requests whose deadline is within the policy's warning lead time and not yet announced. */
  async deadlinesApproaching(now: Date): Promise<{ key: string; id: string; kind: 'WARN' }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT r.id FROM recognition_request r JOIN consortium c ON c.id = r.consortium_id
       WHERE r.status IN ('SUBMITTED', 'UNDER_REVIEW') AND r.deadline_warned_at IS NULL
         AND r.deadline > $1 AND r.deadline <= $1 + make_interval(days => c.policy_deadline_warning_days)`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, kind: 'WARN' as const, key: `recognition:WARN:${r.id}` }));
  }

  /** Announce an approaching deadline once (DEADLINE_APPROACHING to subscribers and webhooks). */
  async warnDeadline(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = await m.getRepository(RecognitionRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request || request.deadlineWarnedAt || ![RecognitionStatus.SUBMITTED, RecognitionStatus.UNDER_REVIEW].includes(request.status)) return false;
      request.deadlineWarnedAt = this.deps.clock.now();
      await m.save(request);
      const answered = (await m.getRepository(RecognitionResponse).findBy({ requestId: id, remandedByDisputeId: IsNull() })).map((r) => r.jurisdictionCode);
      await emitEvent(m, this.deps.clock, {
        type: 'DEADLINE_APPROACHING',
        id: request.id,
        status: request.status,
        deadline: request.deadline!.toISOString(),
        audience: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes.filter((c) => !answered.includes(c))],
      });
      return true;
    });
  }

  // --- national implementation (DESIGN.md §2.1) ----------------------------------------

  /**
   * A recognizing member's regulator records its national implementation: the act and the
   * date it takes effect. Recorded late, it is still recorded (the statistics count it as
   * overdue until then); recorded again, the record is corrected (both audited).
   */
  async recordImplementation(principal: AuthPrincipal | null, requestId: string, actReference: string, effectiveFrom: string): Promise<RecognitionRequest> {
    const p = requireRole(principal, Role.REGULATOR);
    const act = requiredText(actReference, 'actReference', 500);
    if (typeof effectiveFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) throw new ValidationError('effectiveFrom must be a date', 'effectiveFrom');
    checkDate(effectiveFrom, 'effectiveFrom');
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = isUuid(requestId) ? await m.getRepository(RecognitionRequest).findOne({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!request) throw new NotFoundError('RecognitionRequest', requestId);
      const members = await recognizingMembers(m, request);
      if (!members.includes(p.jurisdiction!)) {
        if (!request.concernedJurisdictionCodes.includes(p.jurisdiction!)) throw new ForbiddenError(`${p.jurisdiction} is not a concerned member of this request`);
        throw new InvalidTransitionError('RecognitionRequest', request.status, 'RECORD_IMPLEMENTATION', `${p.jurisdiction} has no recognition in force on this request to implement`);
      }
      const repo = m.getRepository(RecognitionImplementation);
      const row = await repo.findOneByOrFail({ requestId: request.id, jurisdictionCode: p.jurisdiction! });
      const before = { actReference: row.actReference, effectiveFrom: row.effectiveFrom };
      const now = this.deps.clock.now();
      row.actReference = act;
      row.effectiveFrom = effectiveFrom;
      row.recordedAt = now;
      row.recordedById = p.id;
      await repo.save(row);
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'RECOGNITION_REQUEST.IMPLEMENTATION_RECORDED',
        subjectType: 'RecognitionRequest',
        subjectId: request.id,
        before,
        after: { jurisdiction: row.jurisdictionCode, actReference: act, effectiveFrom, dueAt: row.dueAt, late: now > row.dueAt },
      });
      await emitEvent(m, this.deps.clock, { type: 'RECOGNITION_REQUEST_UPDATED', id: request.id, event: 'IMPLEMENTATION_RECORDED', status: request.status, audience: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes] });
      return request;
    });
  }

  async implementations(requestId: string): Promise<RecognitionImplementation[]> {
    return this.deps.dataSource.getRepository(RecognitionImplementation).find({ where: { requestId }, order: { jurisdictionCode: 'ASC' } });
  }

  /** Implementations not recorded whose due date falls within the policy's warning lead time. */
  async implementationsApproaching(now: Date): Promise<{ key: string; id: string; kind: 'WARN_IMPLEMENTATION' }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT i.id FROM recognition_implementation i JOIN recognition_request r ON r.id = i.request_id JOIN consortium c ON c.id = r.consortium_id
       WHERE i.recorded_at IS NULL AND i.due_warned_at IS NULL AND r.status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED')
         AND i.due_at > $1 AND i.due_at <= $1 + make_interval(days => c.policy_deadline_warning_days)`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, kind: 'WARN_IMPLEMENTATION' as const, key: `recognition:WARN_IMPLEMENTATION:${r.id}` }));
  }

  /** Announce once to the member that owes it that an implementation is due soon (RECOGNITION_REQUEST_UPDATED, event IMPLEMENTATION_DUE_SOON). */
  async warnImplementation(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const row = await m.getRepository(RecognitionImplementation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.recordedAt || row.dueWarnedAt) return false;
      row.dueWarnedAt = this.deps.clock.now();
      await m.save(row);
      const request = await m.getRepository(RecognitionRequest).findOneByOrFail({ id: row.requestId });
      await recordAudit(m, SYSTEM_ACTOR, this.deps.clock, {
        action: 'RECOGNITION_REQUEST.IMPLEMENTATION_DUE_SOON',
        subjectType: 'RecognitionRequest',
        subjectId: request.id,
        after: { jurisdiction: row.jurisdictionCode, dueAt: row.dueAt },
      });
      // Not DEADLINE_APPROACHING, whose subscribers read it as the review deadline: a request
      // update (event IMPLEMENTATION_DUE_SOON, with the due date) to the member that owes it.
      await emitEvent(m, this.deps.clock, { type: 'RECOGNITION_REQUEST_UPDATED', id: request.id, event: 'IMPLEMENTATION_DUE_SOON', status: request.status, deadline: row.dueAt.toISOString(), audience: [row.jurisdictionCode] });
      return true;
    });
  }

  /** Per member of a consortium: implementations past due and not recorded at `now`. */
  async overdueImplementations(consortiumId: string, now: Date): Promise<Map<string, number>> {
    const rows: { j: string; n: string }[] = await this.deps.dataSource.query(
      `SELECT i.jurisdiction_code AS j, count(*) AS n FROM recognition_implementation i JOIN recognition_request r ON r.id = i.request_id
       WHERE r.consortium_id = $1 AND i.recorded_at IS NULL AND i.due_at < $2 AND r.status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED')
       GROUP BY i.jurisdiction_code`,
      [consortiumId, now],
    );
    return new Map(rows.map((r) => [r.j, Number(r.n)]));
  }

  // --- recognitions in force (the transaction assessment reads these) --------------------

  /**
   * The recognitions in force for an export from `exportingJurisdiction` of an item under
   * `taxonomyCode` (and, when given, to `endUserId`), on `asOf` (default today): requests
   * RECOGNIZED or PARTIALLY_RECOGNIZED whose effect has not run out, where the exporting
   * member is the requesting member (its decision is recognized by others) or one of the
   * recognizing members (it recognized another's decision), and whose subject covers the
   * item: a licence for the node or a node above it (and the end user, when given), a
   * vetting of the end user (only when an end user is given), a classification of the node
   * or a node above it. Which members recognize is in `responses` (and `implementations`).
   */
  async applicable(exportingJurisdiction: string, taxonomyCode: string, endUserId?: string | null, asOf?: string | Date | null, m: EntityManager = this.deps.dataSource.manager): Promise<RecognitionRequest[]> {
    const exporter = exportingJurisdiction?.trim().toUpperCase() ?? '';
    const code = taxonomyCode?.trim().toUpperCase() ?? '';
    if (!exporter || exporter.length > 8) throw new ValidationError('exportingJurisdiction must be a jurisdiction code', 'exportingJurisdiction');
    if (!code || code.length > 200) throw new ValidationError('taxonomyCode must be a taxonomy code', 'taxonomyCode');
    if (endUserId && !isUuid(endUserId)) return [];
    const day = asOf instanceof Date ? asOf.toISOString().slice(0, 10) : asOf ?? this.deps.clock.now().toISOString().slice(0, 10);
    if (typeof asOf === 'string') checkDate(asOf, 'asOf');
    const ids: { id: string }[] = await m.query(
      `SELECT r.id FROM recognition_request r
       LEFT JOIN licence_decision d ON r.subject_kind = 'LICENCE_DECISION' AND d.id = r.subject_id
       LEFT JOIN end_user_verification v ON r.subject_kind = 'END_USER_VERIFICATION' AND v.id = r.subject_id
       LEFT JOIN entry_mapping em ON r.subject_kind = 'CLASSIFICATION' AND em.id = r.subject_id
       WHERE r.status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED')
         AND (r.effect_valid_until IS NULL OR r.effect_valid_until >= $3::date)
         AND (r.requesting_jurisdiction = $1 OR EXISTS (
               SELECT 1 FROM recognition_response x WHERE x.request_id = r.id AND x.remanded_by_dispute_id IS NULL
                 AND x.decision <> 'DECLINE' AND x.jurisdiction_code = $1))
         AND (
           (r.subject_kind = 'LICENCE_DECISION' AND d.outcome <> 'DENIED' AND (d.valid_until IS NULL OR d.valid_until >= $3::date)
              AND EXISTS (SELECT 1 FROM unnest(d.taxonomy_codes) c WHERE $2 = c OR $2 LIKE c || '.%')
              AND ($4::uuid IS NULL OR d.end_user_id = $4::uuid))
           OR (r.subject_kind = 'END_USER_VERIFICATION' AND $4::uuid IS NOT NULL AND v.end_user_id = $4::uuid
              AND (v.valid_until IS NULL OR v.valid_until >= $3::date))
           OR (r.subject_kind = 'CLASSIFICATION' AND ($2 = em.taxonomy_code OR $2 LIKE em.taxonomy_code || '.%'))
         )
       ORDER BY r.closed_at DESC NULLS LAST, r.id`,
      [exporter, code, day, endUserId || null],
    );
    if (!ids.length) return [];
    const rows = await m.getRepository(RecognitionRequest).findBy(ids.map((x) => ({ id: x.id })));
    return ids.map((x) => rows.find((r) => r.id === x.id)!);
  }

  // --- the common transition frame ----------------------------------------------------

  /** The parties a principal plays on a request. */
  parties(p: AuthPrincipal, request: RecognitionRequest, answered: string[]): RecognitionParty[] {
    const out: RecognitionParty[] = [];
    if (p.role !== Role.REGULATOR) return out;
    if (p.jurisdiction === request.requestingJurisdiction) out.push('REQUESTER');
    if (request.concernedJurisdictionCodes.includes(p.jurisdiction!) && !answered.includes(p.jurisdiction!)) out.push('CONCERNED');
    return out;
  }

  private async transition(
    principal: AuthPrincipal | null,
    id: string,
    work: (m: EntityManager, request: RecognitionRequest, parties: RecognitionParty[], p: AuthPrincipal) => Promise<void>,
  ): Promise<RecognitionRequest> {
    const p = requireRole(principal, Role.REGULATOR);
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = isUuid(id) ? await m.getRepository(RecognitionRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!request) throw new NotFoundError('RecognitionRequest', id);
      const answered = (await m.getRepository(RecognitionResponse).findBy({ requestId: id, remandedByDisputeId: IsNull() })).map((r) => r.jurisdictionCode);
      const parties = this.parties(p, request, answered);
      const involved = p.jurisdiction === request.requestingJurisdiction || request.concernedJurisdictionCodes.includes(p.jurisdiction!);
      if (!involved) throw new ForbiddenError(`${p.jurisdiction} is neither the requesting nor a concerned member of this request`);
      await work(m, request, parties, p);
      return request;
    });
  }

  /** A move of the request through recognitionMachine, then its publication and notifications. */
  async move(m: EntityManager, request: RecognitionRequest, event: RecognitionEvent, parties: RecognitionParty[], actor: Actor, opts: Omit<TransitionContext, 'actor' | 'clock'> = {}): Promise<void> {
    await recognitionMachine.transition(m, request, event, parties, { ...opts, actor, clock: this.deps.clock });
    if (event.startsWith('RESOLVE_')) await syncImplementations(m, request, this.deps.clock.now());
    if (event.startsWith('RESOLVE_') || event === 'LAPSE') await this.publishOutcome(m, request);
    await emitEvent(m, this.deps.clock, {
      type: 'RECOGNITION_REQUEST_UPDATED',
      id: request.id,
      event,
      status: request.status,
      audience: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes],
    });
  }

  /**
   * The outcome and every member's rationale go to the public register. A licence is named
   * by its items only: its end user, applicant and destination are confidential between
   * members, whether or not the decision was marked confidential (DESIGN.md §1, §3).
   */
  private async publishOutcome(m: EntityManager, request: RecognitionRequest): Promise<void> {
    const responses = await m.getRepository(RecognitionResponse).find({ where: { requestId: request.id, remandedByDisputeId: IsNull() }, order: { jurisdictionCode: 'ASC' } });
    let subject = request.subjectKind.toLowerCase().replace(/_/g, ' ');
    if (request.subjectKind === RecognitionSubjectKind.LICENCE_DECISION) {
      const d = await m.getRepository(LicenceDecision).findOneBy({ id: request.subjectId });
      if (d) subject = `licence for ${d.taxonomyCodes.join(', ')}`;
    }
    const answers = responses.map((r) => `${r.jurisdictionCode}: ${r.decision}${r.conditions.length ? ` (conditions: ${r.conditions.join('; ')})` : ''}`);
    const silent = request.concernedJurisdictionCodes.filter((c) => !responses.some((r) => r.jurisdictionCode === c));
    await publishToRegister(m, this.deps.clock, {
      kind: RegisterKind.RECOGNITION_OUTCOME,
      consortiumId: request.consortiumId,
      subjectId: request.id,
      title: `${request.requestingJurisdiction} request for recognition of its ${subject}: ${request.status}`,
      summary: [answers.join('; '), silent.length ? `no answer from ${silent.join(', ')}` : ''].filter(Boolean).join('; ') || 'no answers',
      rationale: responses.filter((r) => r.rationale).map((r) => `${r.jurisdictionCode}: ${r.rationale}`).join('\n'),
      jurisdictions: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes],
      details: {
        status: request.status,
        subjectKind: request.subjectKind,
        effect: request.effect,
        effectValidUntil: request.effectValidUntil,
        submittedAt: request.submittedAt,
        closedAt: request.closedAt,
        answers: responses.map((r) => ({ jurisdiction: r.jurisdictionCode, decision: r.decision, conditions: r.conditions, criteria: r.criteria, respondedAt: r.respondedAt })),
        silent,
      },
    });
  }

  // --- reads ----------------------------------------------------------------------------

  /** Requests are visible to every authenticated member principal, the secretariat and analysts. */
  async list(principal: AuthPrincipal | null, filter: RequestFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<RecognitionRequest>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    const reach: Record<string, unknown> = {};
    const qb = this.deps.dataSource.getRepository(RecognitionRequest).createQueryBuilder('r')
      .where(reachSql(principal, 'recognitionRequest', 'r', named(reach)), reach); // a panelist: the cases it sits on
    if (filter.status) qb.andWhere('r.status = :s', { s: filter.status });
    if (filter.requesting) qb.andWhere('r.requesting_jurisdiction = :rq', { rq: filter.requesting.toUpperCase() });
    if (filter.concerned) qb.andWhere(':c = ANY(r.concerned_jurisdiction_codes)', { c: filter.concerned.toUpperCase() });
    if (filter.subjectKind) qb.andWhere('r.subject_kind = :k', { k: filter.subjectKind });
    if (filter.consortiumId) {
      if (!isUuid(filter.consortiumId)) throw new ValidationError('consortiumId is not an id', 'filter.consortiumId');
      qb.andWhere('r.consortium_id = :cid', { cid: filter.consortiumId });
    }
    return newestFirst(qb, 'r', 'created_at', (r) => r.createdAt, first, after);
  }

  async get(principal: AuthPrincipal | null, id: string): Promise<RecognitionRequest | null> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    if (!isUuid(id)) return null;
    const reach: Record<string, unknown> = {};
    return this.deps.dataSource.getRepository(RecognitionRequest).createQueryBuilder('r')
      .where('r.id = :id', { id }).andWhere(reachSql(principal, 'recognitionRequest', 'r', named(reach)), reach).getOne();
  }
}
