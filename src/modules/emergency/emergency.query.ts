/** Reads of the emergency workflow: declarations, applications and authorizations, and the counts the register shows. */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { newestFirst } from '../../shared/validate';
import type { AuthPrincipal } from '../../shared/actor';
import { isUuid } from '../../shared/ids';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { withinReach } from '../auth/panel-reach';
import { DeclarationStatus } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, ProvisionalAuthorization } from './emergency.entity';
import { DAY, declarationStatus } from './emergency.rules';
import type { ApplicationFilter, AuthorizationFilter } from './emergency.service';

/** The filters applications and authorizations share: status, member and declaration. */
function commonFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  filter: ApplicationFilter | AuthorizationFilter,
): SelectQueryBuilder<T> {
  if (filter.status) qb.andWhere(`${alias}.status = :s`, { s: filter.status });
  if (filter.jurisdiction) qb.andWhere(`${alias}.jurisdiction_code = :j`, { j: filter.jurisdiction.toUpperCase() });
  if (filter.declarationId) {
    if (!isUuid(filter.declarationId)) throw new ValidationError('declarationId is not an id', 'filter.declarationId');
    qb.andWhere(`${alias}.declaration_id = :d`, { d: filter.declarationId });
  }
  return qb;
}

export class EmergencyQueries {
  constructor(private readonly deps: ServiceDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  async declarations(activeOnly?: boolean | null): Promise<EmergencyDeclaration[]> {
    const all = await this.deps.dataSource.getRepository(EmergencyDeclaration).find({ order: { startsAt: 'DESC' } });
    const now = this.now();
    return activeOnly ? all.filter((d) => declarationStatus(d, now) === DeclarationStatus.ACTIVE) : all;
  }

  /** Applications under a declaration still undecided past their review window, now. */
  async undecidedPastWindow(declarationId: string): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM fast_track_application WHERE declaration_id = $1 AND status = 'SUBMITTED' AND decision_due_at < $2`,
      [declarationId, this.now()],
    );
    return Number(n);
  }

  /** Fast-track applications of a consortium still undecided past their review window (escalated or about to be), now. */
  async escalatedCount(consortiumId: string): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM fast_track_application a JOIN emergency_declaration d ON d.id = a.declaration_id
       WHERE d.consortium_id = $1 AND a.status = 'SUBMITTED' AND a.decision_due_at < $2`,
      [consortiumId, this.now()],
    );
    return Number(n);
  }

  async applications(
    principal: AuthPrincipal | null,
    filter: ApplicationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<FastTrackApplication>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    // A panelist: the cases it sits on.
    const qb = commonFilters(withinReach(this.deps.dataSource, FastTrackApplication, principal, 'application', 'a'), 'a', filter);
    if (filter.overdue) qb.andWhere(`((a.status = 'SUBMITTED' AND a.decision_due_at < :now) OR a.late_by_ms IS NOT NULL)`, { now: this.now() });
    return newestFirst(qb, 'a', 'filed_at', (a) => a.filedAt, first, after);
  }

  async authorizations(
    principal: AuthPrincipal | null,
    filter: AuthorizationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<ProvisionalAuthorization>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    // A panelist: the cases it sits on.
    const qb = commonFilters(withinReach(this.deps.dataSource, ProvisionalAuthorization, principal, 'authorization', 'p'), 'p', filter);
    if (filter.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
      if (!Number.isInteger(filter.dueWithinDays) || filter.dueWithinDays < 0 || filter.dueWithinDays > 3650)
        throw new ValidationError('dueWithinDays must be 0 to 3650', 'filter.dueWithinDays');
      const limit = new Date(this.now().getTime() + filter.dueWithinDays * DAY);
      qb.andWhere(`p.status IN ('ACTIVE', 'SUSPENDED', 'CONFIRMED') AND (p.next_report_due <= :limit OR p.review_due_at <= :limit OR p.sunset_at <= :limit)`, {
        limit,
      });
    }
    return newestFirst(qb, 'p', 'granted_at', (a) => a.grantedAt, first, after);
  }
}
