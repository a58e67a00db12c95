/**
 * Consistency and equity reports: endUserMatches (trigram similarity, with
 * denials and verifications), consistencyReport (opposite outcomes for one end user and
 * item, near-duplicate end users, a grant after another member's denial without a recorded
 * consultation, a member far off the others' approval rate for a destination) and
 * destinationStats (approval rates and median days per member and region or income group).
 * Reads only. A decision enters a report only when the caller may see it in full
 * (maySeeDecision: confidential grants stay with their member and the secretariat).
 */
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { checkDate } from '../../shared/validate';
import type { AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { LicenceOutcome } from '../decisions/decision.enums';
import { maySeeDecision, normalizeName } from '../decisions/decision.service';
import { isUuid } from '../../shared/ids';
import { ISO_3166_1_ALPHA2 } from '../licensing/iso3166';
import { TAXONOMY_CODE } from '../taxonomy/taxonomy.service';
import { incomeGroupOf, regionOf } from './country-regions';
import { NEAR_DUPLICATE_SIMILARITY } from '../decisions/end-user-match';
import { ConsistencyFindingKind, DestinationGrouping } from './reports.enums';

export interface FindingView {
  kind: ConsistencyFindingKind;
  jurisdictionCodes: string[];
  decisions: { id: string; jurisdictionCode: string; outcome: LicenceOutcome; decidedAt: Date }[];
  detail: string;
}

export interface StatsView {
  jurisdictionCode: string | null;
  group: string;
  decisions: number;
  grants: number;
  denials: number;
  approvalRate: number | null;
  medianDays: number | null;
}

export interface MatchView {
  endUser: { id: string; name: string; country: string; identifiers: string[]; createdAt: Date };
  score: number;
  denials: number;
  verifications: number;
}

interface Row {
  id: string;
  jurisdiction_code: string;
  end_user_id: string;
  end_user_name: string;
  end_user_norm: string;
  country: string;
  destination: string;
  taxonomy_codes: string[];
  outcome: LicenceOutcome;
  confidential: boolean;
  decided_at: Date;
  valid_until: string | null;
  days: number | null;
}

/** A member's approval rate this far from the others' (for one destination) is an outlier. */
const OUTLIER_GAP = 0.5;
/** Decisions a member needs for a destination before its rate counts. */
const OUTLIER_MIN = 2;

const granted = (o: LicenceOutcome) => o !== LicenceOutcome.DENIED;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export class ReportService {
  constructor(private readonly deps: ServiceDeps) {}

  /** For read-only helpers outside a transaction. */
  reader(): { query: (sql: string, params?: unknown[]) => Promise<unknown> } {
    return this.deps.dataSource;
  }

  today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** End users whose name is like `name` (trigram similarity), best first, with their denials in force and verifications. */
  async endUserMatches(principal: AuthPrincipal | null, name: string, country?: string | null): Promise<MatchView[]> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST);
    const n = normalizeName(name ?? '');
    if (!n || n.length > 300) throw new ValidationError('name is required (at most 300 characters)', 'name');
    const c = country?.trim().toUpperCase() || null;
    if (c && !ISO_3166_1_ALPHA2.has(c)) throw new ValidationError('country must be an ISO 3166-1 alpha-2 code', 'country');
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    const rows: {
      id: string;
      name: string;
      country: string;
      identifiers: string[];
      created_at: Date;
      score: number;
      denials: number;
      verifications: number;
    }[] = await this.deps.dataSource.query(
      `SELECT u.id, u.name, u.country, u.identifiers, u.created_at, similarity(u.normalized_name, $1) AS score,
              (SELECT count(*)::int FROM licence_decision d WHERE d.end_user_id = u.id AND d.outcome = 'DENIED' AND (d.valid_until IS NULL OR d.valid_until >= $3)) AS denials,
              (SELECT count(*)::int FROM end_user_verification v WHERE v.end_user_id = u.id AND (v.valid_until IS NULL OR v.valid_until >= $3)) AS verifications
       FROM end_user u
       WHERE ($2::text IS NULL OR u.country = $2) AND (u.normalized_name = $1 OR similarity(u.normalized_name, $1) >= 0.3)
         -- Only end users the caller may know of: a decision it may see (not confidential, a
         -- denial, its own member's, or the secretariat), or a verification on record.
         AND ($4::boolean
              OR EXISTS (SELECT 1 FROM licence_decision d WHERE d.end_user_id = u.id AND (NOT d.confidential OR d.outcome = 'DENIED' OR d.jurisdiction_code = $5))
              OR EXISTS (SELECT 1 FROM end_user_verification v WHERE v.end_user_id = u.id))
       ORDER BY score DESC, u.name LIMIT 20`,
      [n, c, today, principal!.role === Role.SECRETARIAT, principal!.jurisdiction ?? ''],
    );
    return rows.map((r) => ({
      endUser: { id: r.id, name: r.name, country: r.country, identifiers: r.identifiers, createdAt: r.created_at },
      score: Math.round(Number(r.score) * 1000) / 1000,
      denials: r.denials,
      verifications: r.verifications,
    }));
  }

  /** The members' decisions in [from, to) that the caller may see in full, optionally under a taxonomy prefix. */
  private async decisions(principal: AuthPrincipal, consortiumId: string, from?: Date | null, to?: Date | null, prefix?: string | null): Promise<Row[]> {
    if (!isUuid(consortiumId)) throw new NotFoundError('Consortium', consortiumId);
    checkDate(from, 'from');
    checkDate(to, 'to');
    if (from && to && to < from) throw new ValidationError('to must not be before from', 'to');
    const p = prefix?.trim().toUpperCase() || null;
    if (p && !TAXONOMY_CODE.test(p)) throw new ValidationError('taxonomyPrefix must be a taxonomy code such as BIO.EQP', 'taxonomyPrefix');
    const exists: unknown[] = await this.deps.dataSource.query('SELECT 1 FROM consortium WHERE id = $1', [consortiumId]);
    if (!exists.length) throw new NotFoundError('Consortium', consortiumId);
    const rows: Row[] = await this.deps.dataSource.query(
      `SELECT d.id, d.jurisdiction_code, d.end_user_id, u.name AS end_user_name, u.normalized_name AS end_user_norm, u.country, d.destination,
              d.taxonomy_codes, d.outcome, d.confidential, d.decided_at, d.valid_until::text AS valid_until,
              EXTRACT(EPOCH FROM (d.decided_at - a.created_at)) / 86400 AS days
       FROM licence_decision d
       JOIN end_user u ON u.id = d.end_user_id
       LEFT JOIN transaction_assessment a ON a.id = d.assessment_id AND a.created_at <= d.decided_at
       WHERE d.jurisdiction_code IN (SELECT jurisdiction_code FROM membership WHERE consortium_id = $1 AND role = 'MEMBER')
         AND ($2::timestamptz IS NULL OR d.decided_at >= $2) AND ($3::timestamptz IS NULL OR d.decided_at < $3)
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM unnest(d.taxonomy_codes) c WHERE c = $4 OR c LIKE $4 || '.%'))
       ORDER BY d.decided_at, d.id`,
      [consortiumId, from ?? null, to ?? null, p],
    );
    return rows.filter((r) => maySeeDecision(principal, { jurisdictionCode: r.jurisdiction_code, confidential: r.confidential, outcome: r.outcome }));
  }

  async consistencyReport(
    principal: AuthPrincipal | null,
    consortiumId: string,
    from?: Date | null,
    to?: Date | null,
    taxonomyPrefix?: string | null,
  ): Promise<FindingView[]> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST);
    const rows = await this.decisions(p, consortiumId, from, to, taxonomyPrefix);
    const ref = (r: Row) => ({ id: r.id, jurisdictionCode: r.jurisdiction_code, outcome: r.outcome, decidedAt: r.decided_at });
    const findings: FindingView[] = [];
    const shared = (a: Row, b: Row) => a.taxonomy_codes.filter((c) => b.taxonomy_codes.includes(c));

    // 1. One end user, one item: granted by one member, denied by another.
    const byEndUser = new Map<string, Row[]>();
    for (const r of rows) byEndUser.set(r.end_user_id, [...(byEndUser.get(r.end_user_id) ?? []), r]);
    for (const list of byEndUser.values()) {
      const codes = [...new Set(list.flatMap((r) => r.taxonomy_codes))].sort();
      for (const code of codes) {
        const on = list.filter((r) => r.taxonomy_codes.includes(code));
        const grants = on.filter((r) => granted(r.outcome));
        const denials = on.filter((r) => !granted(r.outcome));
        if (!grants.length || !denials.length) continue;
        if (!grants.some((g) => denials.some((d) => d.jurisdiction_code !== g.jurisdiction_code))) continue;
        findings.push({
          kind: ConsistencyFindingKind.SAME_END_USER_OPPOSITE_OUTCOMES,
          jurisdictionCodes: [...new Set(on.map((r) => r.jurisdiction_code))].sort(),
          decisions: on.map(ref),
          detail: `${on[0].end_user_name} (${on[0].country}), ${code}: granted by ${[...new Set(grants.map((r) => r.jurisdiction_code))].sort().join(', ')}, denied by ${[...new Set(denials.map((r) => r.jurisdiction_code))].sort().join(', ')}`,
        });
      }
    }

    // 2. Near-duplicate end users among the decisions' end users (one country, trigram similarity).
    const users = [...new Map(rows.map((r) => [r.end_user_id, r])).values()];
    const pairs: { a: string; b: string; score: number }[] =
      users.length > 1
        ? await this.deps.dataSource.query(
            `SELECT a.id AS a, b.id AS b, similarity(a.normalized_name, b.normalized_name) AS score
       FROM end_user a JOIN end_user b ON b.country = a.country AND a.id < b.id
       WHERE a.id = ANY($1) AND b.id = ANY($1) AND similarity(a.normalized_name, b.normalized_name) >= $2
       ORDER BY score DESC`,
            [users.map((u) => u.end_user_id), NEAR_DUPLICATE_SIMILARITY],
          )
        : [];
    const near = new Map<string, string[]>();
    for (const pair of pairs) {
      // The two spellings in name order, so that a finding reads the same whatever the ids.
      const [a, b] = [users.find((u) => u.end_user_id === pair.a)!, users.find((u) => u.end_user_id === pair.b)!].sort(
        (x, y) => x.end_user_name.localeCompare(y.end_user_name) || x.end_user_id.localeCompare(y.end_user_id),
      );
      near.set(pair.a, [...(near.get(pair.a) ?? []), pair.b]);
      near.set(pair.b, [...(near.get(pair.b) ?? []), pair.a]);
      const on = rows.filter((r) => r.end_user_id === pair.a || r.end_user_id === pair.b);
      findings.push({
        kind: ConsistencyFindingKind.NEAR_DUPLICATE_END_USER,
        jurisdictionCodes: [...new Set(on.map((r) => r.jurisdiction_code))].sort(),
        decisions: on.map(ref),
        detail: `"${a.end_user_name}" and "${b.end_user_name}" (${a.country}) are recorded as two end users; trigram similarity ${Number(pair.score).toFixed(2)}`,
      });
    }

    // 3. A grant after another member's denial (same or near-duplicate end user, a shared item) without a recorded consultation.
    const consulted: { denial_id: string; jurisdiction_code: string }[] = rows.length
      ? await this.deps.dataSource.query('SELECT denial_id, jurisdiction_code FROM denial_consultation WHERE denial_id = ANY($1)', [
          rows.filter((r) => !granted(r.outcome)).map((r) => r.id),
        ])
      : [];
    for (const g of rows.filter((r) => granted(r.outcome))) {
      const related = new Set([g.end_user_id, ...(near.get(g.end_user_id) ?? [])]);
      for (const d of rows) {
        if (granted(d.outcome) || d.jurisdiction_code === g.jurisdiction_code || !related.has(d.end_user_id) || d.decided_at >= g.decided_at) continue;
        const items = shared(g, d);
        if (!items.length || consulted.some((c) => c.denial_id === d.id && c.jurisdiction_code === g.jurisdiction_code)) continue;
        findings.push({
          kind: ConsistencyFindingKind.GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION,
          jurisdictionCodes: [g.jurisdiction_code, d.jurisdiction_code].sort(),
          decisions: [ref(d), ref(g)],
          detail: `${g.jurisdiction_code} granted ${items.join(', ')} for ${g.end_user_name} (${g.country}) after ${d.jurisdiction_code} denied ${d.end_user_id === g.end_user_id ? 'the same end user' : `"${d.end_user_name}", a near-duplicate,`} on ${d.decided_at.toISOString().slice(0, 10)}, without a recorded consultation`,
        });
      }
    }

    // 4. Destination outliers: a member's approval rate far from the other members' for one destination.
    const byDestination = new Map<string, Row[]>();
    for (const r of rows) byDestination.set(r.destination, [...(byDestination.get(r.destination) ?? []), r]);
    for (const [destination, list] of [...byDestination.entries()].sort()) {
      const members = [...new Set(list.map((r) => r.jurisdiction_code))].sort();
      for (const member of members) {
        const mine = list.filter((r) => r.jurisdiction_code === member);
        const others = list.filter((r) => r.jurisdiction_code !== member);
        if (mine.length < OUTLIER_MIN || others.length < OUTLIER_MIN) continue;
        const rate = mine.filter((r) => granted(r.outcome)).length / mine.length;
        const otherRate = others.filter((r) => granted(r.outcome)).length / others.length;
        if (Math.abs(rate - otherRate) < OUTLIER_GAP) continue;
        findings.push({
          kind: ConsistencyFindingKind.DESTINATION_OUTLIER,
          jurisdictionCodes: [member],
          decisions: mine.map(ref),
          detail: `${member} approved ${pct(rate)} of ${mine.length} decisions for ${destination}; the other members ${pct(otherRate)} of ${others.length}`,
        });
      }
    }
    return findings;
  }

  /** Approval rates and median days (assessment to decision) per member and group, and for all members (jurisdiction null). */
  async destinationStats(principal: AuthPrincipal | null, consortiumId: string, groupBy: DestinationGrouping): Promise<StatsView[]> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST);
    if (!Object.values(DestinationGrouping).includes(groupBy)) throw new ValidationError('groupBy is REGION or INCOME_GROUP', 'groupBy');
    const rows = await this.decisions(p, consortiumId);
    const groupOf = groupBy === DestinationGrouping.REGION ? regionOf : incomeGroupOf;
    const cells = new Map<string, Row[]>();
    for (const r of rows) {
      const g = groupOf(r.destination);
      for (const key of [`${r.jurisdiction_code}\u0000${g}`, `\u0000${g}`]) cells.set(key, [...(cells.get(key) ?? []), r]);
    }
    const out: StatsView[] = [...cells.entries()].map(([key, list]) => {
      const [member, group] = key.split('\u0000');
      const grants = list.filter((r) => granted(r.outcome)).length;
      const days = list
        .map((r) => r.days)
        .filter((d): d is number => d !== null)
        .map(Number)
        .sort((a, b) => a - b);
      const median = days.length ? (days.length % 2 ? days[(days.length - 1) / 2] : (days[days.length / 2 - 1] + days[days.length / 2]) / 2) : null;
      return {
        jurisdictionCode: member || null,
        group,
        decisions: list.length,
        grants,
        denials: list.length - grants,
        approvalRate: list.length ? Math.round((grants / list.length) * 1000) / 1000 : null,
        medianDays: median === null ? null : Math.round(median * 100) / 100,
      };
    });
    return out.sort((a, b) => a.group.localeCompare(b.group) || (a.jurisdictionCode ?? '').localeCompare(b.jurisdictionCode ?? ''));
  }
}
