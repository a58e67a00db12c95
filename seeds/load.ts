/**
 * Idempotent seed loader: inserts what is missing by natural key (jurisdiction code,
 * consortium name, principal handle…), all in one transaction, and never overwrites a
 * row that exists — running it twice changes nothing, and live edits (a policy change)
 * survive a re-run. Each run that inserts anything leaves one audit event with the counts.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/shared/actor';
import { recordAudit } from '../src/modules/audit/audit-chain';
import type { Clock } from '../src/shared/clock';
import { systemClock } from '../src/shared/clock';
import consortia from './data/consortia.json';
import jurisdictions from './data/jurisdictions.json';
import principals from './data/principals.json';
import { listSeedSteps } from './lists';
import { licensingSeedSteps } from './licensing';

export type SeedCounts = Record<string, number>;

export interface SeedStep {
  name: string;
  run(manager: EntityManager): Promise<number>;
}

async function insertMissing(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  // INSERT … RETURNING comes back from TypeORM as the returned rows.
  const result: unknown = await manager.query(sql, params);
  return Array.isArray(result) ? result.length : 0;
}

const foundationSteps: SeedStep[] = [
  {
    name: 'jurisdictions',
    async run(m) {
      let n = 0;
      for (const j of jurisdictions) {
        n += await insertMissing(
          m,
          `INSERT INTO jurisdiction (code, name, kind, adopts_code, adoption_note) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (code) DO NOTHING RETURNING code`,
          [j.code, j.name, j.kind, null, j.adoptionNote],
        );
      }
      // Adoption links after every jurisdiction exists (foreign key).
      for (const j of jurisdictions.filter((x) => x.adopts)) {
        await m.query('UPDATE jurisdiction SET adopts_code = $2 WHERE code = $1 AND adopts_code IS NULL', [j.code, j.adopts]);
      }
      return n;
    },
  },
  {
    name: 'consortia',
    async run(m) {
      let n = 0;
      for (const c of consortia) {
        const p = c.policy;
        n += await insertMissing(
          m,
          `INSERT INTO consortium (id, name, description, policy_recognition_review_days, policy_max_clock_stop_days,
             policy_max_clock_stops, policy_silence_at_deadline, policy_emergency_review_hours, policy_max_provisional_days,
             policy_monitoring_every_days, policy_post_approval_review_days, policy_dispute_consultation_days,
             policy_panel_size, policy_appeal_window_days, policy_deadline_warning_days, policy_published_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
           ON CONFLICT (name) DO NOTHING RETURNING id`,
          [
            c.id,
            c.name,
            c.description,
            p.recognitionReviewDays,
            p.maxClockStopDays,
            p.maxClockStops,
            p.silenceAtDeadline,
            p.emergencyReviewHours,
            p.maxProvisionalDays,
            p.monitoringEveryDays,
            p.postApprovalReviewDays,
            p.disputeConsultationDays,
            p.panelSize,
            p.appealWindowDays,
            p.deadlineWarningDays,
            c.policyPublishedAt,
          ],
        );
        for (const mem of c.members) {
          n += await insertMissing(
            m,
            `INSERT INTO membership (consortium_id, jurisdiction_code, role, since)
             SELECT id, $2, $3, $4 FROM consortium WHERE name = $1
             ON CONFLICT (consortium_id, jurisdiction_code) DO NOTHING RETURNING id`,
            [c.name, mem.jurisdiction, mem.role, mem.since],
          );
        }
      }
      return n;
    },
  },
  {
    name: 'principals',
    async run(m) {
      let n = 0;
      for (const p of principals) {
        n += await insertMissing(
          m,
          `INSERT INTO principal (id, handle, display_name, role, jurisdiction_code, nationality, organisation)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (handle) DO NOTHING RETURNING id`,
          [p.id, p.handle, p.displayName, p.role, p.jurisdiction, p.nationality, p.organisation],
        );
      }
      return n;
    },
  },
];

/** Every seed step, in dependency order. Later capabilities append theirs here. */
export const seedSteps: SeedStep[] = [...foundationSteps, ...listSeedSteps, ...licensingSeedSteps];

export async function loadSeeds(dataSource: DataSource, opts: { clock?: Clock; onStep?: (name: string, inserted: number) => void } = {}): Promise<SeedCounts> {
  const clock = opts.clock ?? systemClock;
  return dataSource.transaction(async (manager) => {
    // One loader at a time (two instances starting together on an empty database).
    await manager.query('SELECT pg_advisory_xact_lock(7316502)');
    const counts: SeedCounts = {};
    for (const step of seedSteps) {
      counts[step.name] = await step.run(manager);
      opts.onStep?.(step.name, counts[step.name]);
    }
    if (Object.values(counts).some((n) => n > 0)) {
      await recordAudit(manager, SYSTEM_ACTOR, clock, {
        action: 'SEED.LOADED',
        subjectType: 'Seed',
        subjectId: 'reference-data',
        after: counts,
        rationale: 'reference data loaded from seeds/data',
      });
    }
    return counts;
  });
}

/** Seeded principals, for the token CLI (no database needed). */
export function seededPrincipal(handle: string) {
  return principals.find((p) => p.handle === handle);
}
export const seededPrincipalHandles = (): string[] => principals.map((p) => p.handle);
