/**
 * The time-driven side of the emergency workflow, fired by the scheduler: escalation of
 * fast-track applications undecided past their window, and the authorizations' overdue
 * report, sunset and review due.
 */
import type { ServiceDeps } from '../../shared/service-deps';
import { findLocked } from '../../shared/lock';
import { inTransaction } from '../../shared/transaction';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { emitEvent } from '../../shared/events';
import { auditChange } from '../audit/audit-chain';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { ApplicationStatus, AuthorizationStatus } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, ProvisionalAuthorization } from './emergency.entity';
import type { ProvisionalAuthorizations } from './emergency.authorizations';

export class EmergencySchedule {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly authorizations: ProvisionalAuthorizations,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // --- escalation of late fast-track applications ---------------------------------------

  /** Applications still undecided past their review window and not yet escalated. */
  async lateApplications(now: Date): Promise<{ key: string; id: string; kind: 'ESCALATE' }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT id FROM fast_track_application WHERE status = 'SUBMITTED' AND decision_due_at <= $1 AND escalated_at IS NULL`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, kind: 'ESCALATE' as const, key: `fasttrack:ESCALATE:${r.id}` }));
  }

  /**
   * Escalate once: the secretariat (which hears every event) and the filing member are
   * notified (FAST_TRACK_ESCALATED), the audit records it, and the declaration's register
   * entry is amended with the count of applications undecided past the window.
   */
  async escalate(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await findLocked(m, FastTrackApplication, id);
      const now = this.now();
      if (!a || a.status !== ApplicationStatus.SUBMITTED || a.escalatedAt || a.decisionDueAt > now) return false;
      a.escalatedAt = now;
      await m.save(a);
      await auditChange(m, SYSTEM_ACTOR, this.deps.clock, a, 'FAST_TRACK.ESCALATED', {
        after: { status: a.status, decisionDueAt: a.decisionDueAt, escalatedAt: now },
      });
      await emitEvent(m, this.deps.clock, {
        type: 'FAST_TRACK_ESCALATED',
        id: a.id,
        status: a.status,
        deadline: a.decisionDueAt.toISOString(),
        audience: [a.jurisdictionCode],
      });
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      const [{ n }] = await m.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM fast_track_application WHERE declaration_id = $1 AND status = 'SUBMITTED' AND escalated_at IS NOT NULL`,
        [d.id],
      );
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: d.consortiumId,
        subjectId: d.id,
        title: `Emergency "${d.title}": fast-track applications undecided past the review window`,
        summary: `${Number(n)} application(s) undecided past the review window, escalated to the secretariat (latest from ${a.jurisdictionCode})`,
        jurisdictions: d.jurisdictionCodes,
        details: { escalatedApplications: Number(n), jurisdiction: a.jurisdictionCode, decisionDueAt: a.decisionDueAt },
      });
      return true;
    });
  }

  // --- time-driven --------------------------------------------------------------------

  async due(now: Date): Promise<{ key: string; id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[]> {
    const rows: { id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[] = await this.deps.dataSource.query(
      `SELECT id, 'EXPIRE' AS kind FROM provisional_authorization WHERE status IN ('ACTIVE', 'SUSPENDED', 'CONFIRMED') AND sunset_at <= $1
       UNION ALL
       SELECT id, 'SUSPEND' FROM provisional_authorization WHERE status IN ('ACTIVE', 'CONFIRMED') AND next_report_due <= $1 AND sunset_at > $1
       UNION ALL
       SELECT id, 'REVIEW_DUE' FROM provisional_authorization WHERE status IN ('ACTIVE', 'SUSPENDED') AND review_due_at <= $1 AND review_overdue_at IS NULL AND sunset_at > $1`,
      [now],
    );
    return rows.map((r) => ({ ...r, key: `authorization:${r.kind}:${r.id}` }));
  }

  /** Fire one due transition if it is still due (another instance may have fired it). */
  async fireDue(id: string, kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE'): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await findLocked(m, ProvisionalAuthorization, id);
      if (!a) return false;
      const now = this.now();
      const open = a.status === AuthorizationStatus.ACTIVE || a.status === AuthorizationStatus.SUSPENDED || a.status === AuthorizationStatus.CONFIRMED;
      if (!open) return false;
      if (kind === 'EXPIRE' || a.sunsetAt <= now) {
        if (a.sunsetAt > now) return false;
        await this.authorizations.move(m, a, 'EXPIRE', ['SYSTEM'], SYSTEM_ACTOR, { sunsetAt: a.sunsetAt });
        return true;
      }
      if (kind === 'SUSPEND') {
        if ((a.status !== AuthorizationStatus.ACTIVE && a.status !== AuthorizationStatus.CONFIRMED) || a.nextReportDue > now) return false;
        await this.authorizations.move(m, a, 'SUSPEND', ['SYSTEM'], SYSTEM_ACTOR, { reportDue: a.nextReportDue }, 'monitoring report overdue');
        return true;
      }
      if (a.status === AuthorizationStatus.CONFIRMED || a.reviewOverdueAt || a.reviewDueAt > now) return false;
      a.reviewOverdueAt = now;
      await m.save(a);
      await auditChange(m, SYSTEM_ACTOR, this.deps.clock, a, 'PROVISIONAL_AUTHORIZATION.REVIEW_OVERDUE', {
        after: { reviewDueAt: a.reviewDueAt, status: a.status },
      });
      return true;
    });
  }
}
