/** Reads of disputes: cases within the principal's reach, third parties, and the submissions' confidentiality rule. */
import type { ServiceDeps } from '../../shared/service-deps';
import { ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { newestFirst } from '../../shared/validate';
import type { AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { isUuid } from '../../shared/ids';
import { DisputeCase } from './dispute.entity';
import { reachedRow, withinReach } from '../auth/panel-reach';
import type { DisputeFilter } from './dispute.service';

export class DisputeQueries {
  constructor(private readonly deps: ServiceDeps) {}

  /** The members that joined a case as third parties (the case is public to its readers). */
  thirdParties(disputeId: string): Promise<{ jurisdiction_code: string; joined_at: Date }[]> {
    return this.deps.dataSource.query(
      'SELECT jurisdiction_code, joined_at FROM dispute_third_party WHERE dispute_id = $1 ORDER BY joined_at, jurisdiction_code',
      [disputeId],
    );
  }

  /** Cases: members' regulators, the secretariat and analysts see every case; a panelist the cases it sits on. */
  async list(principal: AuthPrincipal | null, filter: DisputeFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<DisputeCase>> {
    const p = requirePrincipal(principal);
    const qb = withinReach(this.deps.dataSource, DisputeCase, p, 'disputeCase', 'd');
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
    return reachedRow(this.deps.dataSource, DisputeCase, p, 'disputeCase', 'd', id);
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
    clauses.push(
      `EXISTS (SELECT 1 FROM dispute_panelist dp WHERE dp.dispute_id = s.dispute_id AND dp.round >= s.round AND dp.principal_id::text = ${add(principal.id)})`,
    );
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
