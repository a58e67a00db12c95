/** The time-driven side of disputes, fired by the scheduler: rulings that take effect or issue, cases that close, panels warned of their ruling date. */
import type { ServiceDeps } from '../../shared/service-deps';
import { inTransaction } from '../../shared/transaction';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { membership } from '../jurisdictions/jurisdiction.service';
import { emitEvent } from '../../shared/events';
import { DisputeStatus } from './dispute.enums';
import { DisputeCase, DisputeRuling } from './dispute.entity';
import type { DisputeFrame } from './dispute.frame';
import { findLocked } from '../../shared/lock';
import { BEFORE_PANEL_RULING, DAY } from './dispute.rules';

export class DisputeSchedule {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly frame: DisputeFrame,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

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
      const d = await findLocked(m, DisputeCase, id);
      if (!d) return false;
      const now = this.now();
      if (kind === 'RULE') {
        if (d.status !== DisputeStatus.INTERIM_REPORT) return false;
        const interim = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
        if (!interim?.interim || !interim.commentsDue || interim.commentsDue > now) return false;
        await this.frame.issueRuling(m, d, interim, ['SYSTEM'], SYSTEM_ACTOR);
        return true;
      }
      if (kind === 'WARN') {
        const policy = await membership.policy(m, d.consortiumId);
        if (
          !BEFORE_PANEL_RULING.includes(d.status) ||
          d.rulingDueWarnedAt ||
          !d.finalRulingDue ||
          d.finalRulingDue.getTime() > now.getTime() + policy.deadlineWarningDays * DAY
        )
          return false;
        d.rulingDueWarnedAt = now;
        await m.save(d);
        const overdue = d.finalRulingDue <= now;
        await auditChange(m, SYSTEM_ACTOR, this.deps.clock, d, 'DISPUTE.RULING_DUE_WARNING', {
          after: { status: d.status, round: d.round, finalRulingDue: d.finalRulingDue, overdue },
        });
        await emitEvent(m, this.deps.clock, {
          type: 'DEADLINE_APPROACHING',
          id: d.id,
          status: d.status,
          deadline: d.finalRulingDue.toISOString(),
          audience: [d.complainant, d.respondent].filter((x): x is string => !!x),
        });
        return true;
      }
      if (d.status === DisputeStatus.RULING_ISSUED) {
        if (!d.appealDeadline || d.appealDeadline > now) return false;
        // The appeal window closed without appeal: the ruling is final and takes effect.
        const ruling = await m.getRepository(DisputeRuling).findOneBy({ disputeId: d.id, round: d.round });
        if (ruling && !ruling.effectAppliedAt) {
          ruling.effect = await this.frame.applyEffect(m, d, ruling.outcome, 'UPHOLD');
          ruling.final = true;
          ruling.effectAppliedAt = now;
          await m.getRepository(DisputeRuling).save(ruling);
          await auditChange(m, SYSTEM_ACTOR, this.deps.clock, d, 'DISPUTE.RULING_TAKES_EFFECT', {
            after: { status: d.status, round: d.round, outcome: ruling.outcome, effect: ruling.effect },
          });
        } else if (ruling && !ruling.final) {
          // A ruling issued before effects waited for the window (applied then): now final.
          ruling.final = true;
          await m.getRepository(DisputeRuling).save(ruling);
        }
      } else if (d.status !== DisputeStatus.APPEAL_RULING_ISSUED) return false;
      await this.frame.move(m, d, 'CLOSE', ['SYSTEM'], SYSTEM_ACTOR);
      return true;
    });
  }

  /** Open cases whose panel is past its final-ruling date, per consortium (the register shows the count). */
  async overdueCount(consortiumId: string | null, now: Date): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM dispute_case WHERE status = ANY($1) AND final_ruling_due < $2 AND ($3::uuid IS NULL OR consortium_id = $3)`,
      [BEFORE_PANEL_RULING, now, consortiumId],
    );
    return n;
  }
}
