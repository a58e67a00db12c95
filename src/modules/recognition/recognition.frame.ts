/**
 * The frame every move of a request runs in: who the principal is on it, the request
 * locked in a transaction, the move through recognitionMachine with its publication and
 * notifications, and the clock's restart after an information request.
 */
import { IsNull, type EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError } from '../../shared/errors';
import type { TransitionContext } from '../../shared/state-machine';
import { inTransaction } from '../../shared/transaction';
import type { Actor, AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { syncImplementations } from './recognition.implementations';
import { RecognitionSubjectKind } from './recognition.enums';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { emitEvent } from '../../shared/events';
import { InformationRequest, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { recognitionMachine, type RecognitionEvent, type RecognitionParty } from './recognition.states';
import { lockOrNotFound } from '../../shared/lock';

export class RecognitionFrame {
  constructor(private readonly deps: ServiceDeps) {}

  /** The parties a principal plays on a request. */
  parties(p: AuthPrincipal, request: RecognitionRequest, answered: string[]): RecognitionParty[] {
    const out: RecognitionParty[] = [];
    if (p.role !== Role.REGULATOR) return out;
    if (p.jurisdiction === request.requestingJurisdiction) out.push('REQUESTER');
    if (request.concernedJurisdictionCodes.includes(p.jurisdiction!) && !answered.includes(p.jurisdiction!)) out.push('CONCERNED');
    return out;
  }

  async transition(
    principal: AuthPrincipal | null,
    id: string,
    work: (m: EntityManager, request: RecognitionRequest, parties: RecognitionParty[], p: AuthPrincipal) => Promise<void>,
  ): Promise<RecognitionRequest> {
    const p = requireRole(principal, Role.REGULATOR);
    return inTransaction(this.deps.dataSource, async (m) => {
      const request = await lockOrNotFound(m, RecognitionRequest, id, 'RecognitionRequest');
      const answered = (await m.getRepository(RecognitionResponse).findBy({ requestId: id, remandedByDisputeId: IsNull() })).map((r) => r.jurisdictionCode);
      const parties = this.parties(p, request, answered);
      const involved = p.jurisdiction === request.requestingJurisdiction || request.concernedJurisdictionCodes.includes(p.jurisdiction!);
      if (!involved) throw new ForbiddenError(`${p.jurisdiction} is neither the requesting nor a concerned member of this request`);
      await work(m, request, parties, p);
      return request;
    });
  }

  /** A move of the request through recognitionMachine, then its publication and notifications. */
  async move(
    m: EntityManager,
    request: RecognitionRequest,
    event: RecognitionEvent,
    parties: RecognitionParty[],
    actor: Actor,
    opts: Omit<TransitionContext, 'actor' | 'clock'> = {},
  ): Promise<void> {
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
  async publishOutcome(m: EntityManager, request: RecognitionRequest): Promise<void> {
    const responses = await m
      .getRepository(RecognitionResponse)
      .find({ where: { requestId: request.id, remandedByDisputeId: IsNull() }, order: { jurisdictionCode: 'ASC' } });
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
      rationale: responses
        .filter((r) => r.rationale)
        .map((r) => `${r.jurisdictionCode}: ${r.rationale}`)
        .join('\n'),
      jurisdictions: [request.requestingJurisdiction, ...request.concernedJurisdictionCodes],
      details: {
        status: request.status,
        subjectKind: request.subjectKind,
        effect: request.effect,
        effectValidUntil: request.effectValidUntil,
        submittedAt: request.submittedAt,
        closedAt: request.closedAt,
        answers: responses.map((r) => ({
          jurisdiction: r.jurisdictionCode,
          decision: r.decision,
          conditions: r.conditions,
          criteria: r.criteria,
          respondedAt: r.respondedAt,
        })),
        silent,
      },
    });
  }

  async resumeClock(
    m: EntityManager,
    request: RecognitionRequest,
    open: InformationRequest,
    event: 'PROVIDE_INFO' | 'RESUME_CLOCK',
    parties: RecognitionParty[],
    actor: Actor,
    note: string | null,
  ): Promise<void> {
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
}
