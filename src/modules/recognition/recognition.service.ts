/**
 * The mutual-recognition workflow (DESIGN.md §2.1). Every transition: lock the request
 * row, ask recognitionMachine whether the caller's party may fire the event from the
 * current state, write, and record the audit event — one transaction. Concurrent
 * transitions on one request serialise on the row lock; the loser sees the new state and
 * gets INVALID_TRANSITION.
 */
import { IsNull, type EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, replayIdempotent, idempotencyColumns } from '../../shared/idempotency';
import type { TransitionContext } from '../../shared/state-machine';
import { inTransaction } from '../../shared/transaction';
import { checkDate, requiredText } from '../../shared/validate';
import { actorOf, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { ControlList } from '../control-lists/control-list.entity';
import { MappingStatus } from '../taxonomy/taxonomy.enums';
import { ControlListVersion } from '../control-lists/control-list-version.entity';
import { LicenceOutcome } from '../decisions/decision.enums';
import { EndUserVerification } from '../decisions/end-user.entity';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { Consortium } from '../jurisdictions/consortium.entity';
import { recognizingMembers } from './recognition.implementations';
import { isUuid } from '../../shared/ids';
import { EntryMapping } from '../taxonomy/entry-mapping.entity';
import { ALLOWED_EFFECTS, DEFAULT_EFFECT, RecognitionDecision, RecognitionEffect, RecognitionStatus, RecognitionSubjectKind } from './recognition.enums';
import { emitEvent } from '../../shared/events';
import { RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { OPEN_STATES, outcomeEvent, recognitionMachine, reviewDeadline, type RecognitionEvent, type RecognitionParty } from './recognition.states';
import { lockOrNotFound } from '../../shared/lock';
import { membership } from '../jurisdictions/jurisdiction.service';
import { RecognitionFrame } from './recognition.frame';
import { RecognitionQueries } from './recognition.query';
import { RecognitionSchedule } from './recognition.schedule';
import { RecognitionInformation } from './recognition.information';

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
  private readonly frame: RecognitionFrame;
  private readonly schedule: RecognitionSchedule;
  private readonly queries: RecognitionQueries;
  private readonly information: RecognitionInformation;

  constructor(private readonly deps: ServiceDeps) {
    this.frame = new RecognitionFrame(deps);
    this.schedule = new RecognitionSchedule(deps, this.frame);
    this.queries = new RecognitionQueries(deps);
    this.information = new RecognitionInformation(deps, this.frame);
  }

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
      if (effectValidUntil <= this.deps.clock.now().toISOString().slice(0, 10))
        throw new ValidationError('effectValidUntil must be after today', 'input.effectValidUntil');
    }
    const fingerprint = inputFingerprint({
      ...(input.effect || effectValidUntil ? { effect, effectValidUntil } : {}),
      consortiumId: input.consortiumId,
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      justification,
      draft: !!input.draft,
      concernedJurisdictions: input.concernedJurisdictions?.length
        ? [...new Set(input.concernedJurisdictions.map((c) => c.trim().toUpperCase()))].sort()
        : null,
    });
    return inTransaction(this.deps.dataSource, async (m) => {
      const replay = await replayIdempotent(m, {
        key,
        scope: `recognition:${requester}`,
        fingerprint,
        find: () => m.getRepository(RecognitionRequest).findOneBy({ requestingJurisdiction: requester, idempotencyKey: key! }),
        legacySame: (existing) =>
          existing.subjectId === input.subjectId && existing.subjectKind === input.subjectKind && existing.consortiumId === input.consortiumId,
        conflict: 'this idempotencyKey was used for a different request',
        details: (existing) => ({ requestId: existing.id }),
      });
      if (replay) return replay;
      const consortium = isUuid(input.consortiumId) ? await m.getRepository(Consortium).findOneBy({ id: input.consortiumId }) : null;
      if (!consortium) throw new NotFoundError('Consortium', input.consortiumId);
      const members = await membership.members(m, consortium.id);
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
          ...idempotencyColumns(key, fingerprint),
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, request, 'RECOGNITION_REQUEST.FILED', {
        after: {
          status: request.status,
          subjectKind: request.subjectKind,
          subjectId: request.subjectId,
          concerned: request.concernedJurisdictionCodes,
          effect,
          effectValidUntil,
        },
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
    return this.frame.transition(principal, id, async (m, request, parties) => {
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
    if (input.decision === RecognitionDecision.DECLINE && !rationale)
      throw new ValidationError('a decline needs a rationale citing the criteria', 'input.rationale');
    if (input.decision === RecognitionDecision.RECOGNIZE_WITH_CONDITIONS) {
      if (!conditions.length) throw new ValidationError('a recognition with conditions needs its conditions', 'input.conditions');
      if (!rationale) throw new ValidationError('conditions need a rationale', 'input.rationale');
    }
    if (input.decision === RecognitionDecision.RECOGNIZE && conditions.length) {
      throw new ValidationError('conditions go with RECOGNIZE_WITH_CONDITIONS', 'input.conditions');
    }
    if ((rationale?.length ?? 0) > 10000) throw new ValidationError('rationale is at most 10000 characters', 'input.rationale');
    return this.frame.transition(principal, input.requestId, async (m, request, parties, p) => {
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
      await auditChange(m, actorOf(principal), this.deps.clock, request, 'RECOGNITION_REQUEST.RESPONDED', { after: answered, rationale });
      await this.move(m, request, event, parties, actorOf(principal), {
        set: { closedAt: this.deps.clock.now() },
        after: { recognitions, concerned: request.concernedJurisdictionCodes.length },
      });
    });
  }

  /** A concerned member that has not answered asks for information: the clock stops (recognition.information.ts). */
  requestInformation(principal: AuthPrincipal | null, requestId: string, question: string): Promise<RecognitionRequest> {
    return this.information.requestInformation(principal, requestId, question);
  }

  /** The requesting member answers: the clock restarts and the deadline moves by the stopped time. */
  provideInformation(principal: AuthPrincipal | null, requestId: string, answer: string): Promise<RecognitionRequest> {
    return this.information.provideInformation(principal, requestId, answer);
  }

  async withdraw(principal: AuthPrincipal | null, id: string, reason: string): Promise<RecognitionRequest> {
    const r = requiredText(reason, 'reason', 5000);
    return this.frame.transition(principal, id, async (m, request, parties) => {
      await this.move(m, request, 'WITHDRAW', parties, actorOf(principal), { set: { withdrawalReason: r, closedAt: this.deps.clock.now() }, rationale: r });
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
    if (typeof effectiveFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom))
      throw new ValidationError('effectiveFrom must be a date', 'effectiveFrom');
    checkDate(effectiveFrom, 'effectiveFrom');
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = await lockOrNotFound(m, RecognitionRequest, requestId, 'RecognitionRequest');
      const members = await recognizingMembers(m, request);
      if (!members.includes(p.jurisdiction!)) {
        if (!request.concernedJurisdictionCodes.includes(p.jurisdiction!))
          throw new ForbiddenError(`${p.jurisdiction} is not a concerned member of this request`);
        throw new InvalidTransitionError(
          'RecognitionRequest',
          request.status,
          'RECORD_IMPLEMENTATION',
          `${p.jurisdiction} has no recognition in force on this request to implement`,
        );
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
      await auditChange(m, actorOf(principal), this.deps.clock, request, 'RECOGNITION_REQUEST.IMPLEMENTATION_RECORDED', {
        before,
        after: { jurisdiction: row.jurisdictionCode, actReference: act, effectiveFrom, dueAt: row.dueAt, late: now > row.dueAt },
      });
      await emitEvent(m, this.deps.clock, {
        type: 'RECOGNITION_REQUEST_UPDATED',
        id: request.id,
        event: 'IMPLEMENTATION_RECORDED',
        status: request.status,
        audience: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes],
      });
      return request;
    });
  }

  // --- the transition frame (recognition.frame.ts) ---------------------------------------

  /** The parties a principal plays on a request. */
  parties(p: AuthPrincipal, request: RecognitionRequest, answered: string[]): RecognitionParty[] {
    return this.frame.parties(p, request, answered);
  }

  /** A move of the request through recognitionMachine, then its publication and notifications. */
  move(
    m: EntityManager,
    request: RecognitionRequest,
    event: RecognitionEvent,
    parties: RecognitionParty[],
    actor: Actor,
    opts: Omit<TransitionContext, 'actor' | 'clock'> = {},
  ): Promise<void> {
    return this.frame.move(m, request, event, parties, actor, opts);
  }

  // --- time-driven (recognition.schedule.ts) ------------------------------------------------

  due(now: Date): Promise<{ key: string; id: string; kind: 'DEADLINE' | 'RESUME' }[]> {
    return this.schedule.due(now);
  }

  fireDue(id: string, kind: 'DEADLINE' | 'RESUME'): Promise<boolean> {
    return this.schedule.fireDue(id, kind);
  }

  deadlinesApproaching(now: Date): Promise<{ key: string; id: string; kind: 'WARN' }[]> {
    return this.schedule.deadlinesApproaching(now);
  }

  warnDeadline(id: string): Promise<boolean> {
    return this.schedule.warnDeadline(id);
  }

  implementationsApproaching(now: Date): Promise<{ key: string; id: string; kind: 'WARN_IMPLEMENTATION' }[]> {
    return this.schedule.implementationsApproaching(now);
  }

  warnImplementation(id: string): Promise<boolean> {
    return this.schedule.warnImplementation(id);
  }

  // --- reads (recognition.query.ts) ----------------------------------------------------------

  implementations(requestId: string): Promise<RecognitionImplementation[]> {
    return this.queries.implementations(requestId);
  }

  overdueImplementations(consortiumId: string, now: Date): Promise<Map<string, number>> {
    return this.queries.overdueImplementations(consortiumId, now);
  }

  /** The recognitions in force for an export (recognition.query.ts describes which). */
  applicable(
    exportingJurisdiction: string,
    taxonomyCode: string,
    endUserId?: string | null,
    asOf?: string | Date | null,
    m?: EntityManager,
  ): Promise<RecognitionRequest[]> {
    return this.queries.applicable(exportingJurisdiction, taxonomyCode, endUserId, asOf, m);
  }

  list(principal: AuthPrincipal | null, filter: RequestFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<RecognitionRequest>> {
    return this.queries.list(principal, filter, first, after);
  }

  get(principal: AuthPrincipal | null, id: string): Promise<RecognitionRequest | null> {
    return this.queries.get(principal, id);
  }
}
