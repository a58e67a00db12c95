/**
 * The time-driven side of recognition, fired by the scheduler: deadlines (silence counted
 * by policy), clock stops that run out, and warnings of deadlines and implementations due.
 */
import { IsNull } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { inTransaction } from '../../shared/transaction';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { Consortium } from '../jurisdictions/consortium.entity';
import { RecognitionDecision, RecognitionStatus } from './recognition.enums';
import { emitEvent } from '../../shared/events';
import { InformationRequest, RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { deadlineEvent, OPEN_STATES } from './recognition.states';
import type { RecognitionFrame } from './recognition.frame';
import { findLocked } from '../../shared/lock';

export class RecognitionSchedule {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly frame: RecognitionFrame,
  ) {}

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
      const request = await findLocked(m, RecognitionRequest, id);
      if (!request) return false;
      const now = this.deps.clock.now();
      if (kind === 'RESUME') {
        if (request.status !== RecognitionStatus.CLOCK_STOPPED || !request.clockResumesAt || request.clockResumesAt > now) return false;
        const open = await m.getRepository(InformationRequest).findOneOrFail({ where: { requestId: id }, order: { askedAt: 'DESC' } });
        await this.frame.resumeClock(m, request, open, 'RESUME_CLOCK', ['SYSTEM'], SYSTEM_ACTOR, "the policy's clock-stop allowance ran out");
        return true;
      }
      if (!OPEN_STATES.includes(request.status) || request.status === RecognitionStatus.CLOCK_STOPPED || !request.deadline || request.deadline > now)
        return false;
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      const responses = await m.getRepository(RecognitionResponse).findBy({ requestId: id, remandedByDisputeId: IsNull() });
      const silent = request.concernedJurisdictionCodes.filter((c) => !responses.some((r) => r.jurisdictionCode === c));
      const recognitions = responses.filter((r) => r.decision !== RecognitionDecision.DECLINE).length;
      const event = deadlineEvent(recognitions, responses.length, silent.length, consortium.policy.silenceAtDeadline);
      await this.frame.move(m, request, event, ['SYSTEM'], SYSTEM_ACTOR, {
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
      const request = await findLocked(m, RecognitionRequest, id);
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
      const row = await findLocked(m, RecognitionImplementation, id);
      if (!row || row.recordedAt || row.dueWarnedAt) return false;
      row.dueWarnedAt = this.deps.clock.now();
      await m.save(row);
      const request = await m.getRepository(RecognitionRequest).findOneByOrFail({ id: row.requestId });
      await auditChange(m, SYSTEM_ACTOR, this.deps.clock, request, 'RECOGNITION_REQUEST.IMPLEMENTATION_DUE_SOON', {
        after: { jurisdiction: row.jurisdictionCode, dueAt: row.dueAt },
      });
      // Not DEADLINE_APPROACHING, whose subscribers read it as the review deadline: a request
      // update (event IMPLEMENTATION_DUE_SOON, with the due date) to the member that owes it.
      await emitEvent(m, this.deps.clock, {
        type: 'RECOGNITION_REQUEST_UPDATED',
        id: request.id,
        event: 'IMPLEMENTATION_DUE_SOON',
        status: request.status,
        deadline: row.dueAt.toISOString(),
        audience: [row.jurisdictionCode],
      });
      return true;
    });
  }
}
