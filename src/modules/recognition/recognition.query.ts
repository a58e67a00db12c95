/** Reads of recognition: requests within the principal's reach, implementations, and the recognitions in force. */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { checkDate, newestFirst } from '../../shared/validate';
import type { AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { isUuid } from '../../shared/ids';
import { reachedRow, withinReach } from '../auth/panel-reach';
import { RecognitionImplementation, RecognitionRequest } from './recognition-request.entity';
import type { RequestFilter } from './recognition.service';

export class RecognitionQueries {
  constructor(private readonly deps: ServiceDeps) {}

  async implementations(requestId: string): Promise<RecognitionImplementation[]> {
    return this.deps.dataSource.getRepository(RecognitionImplementation).find({ where: { requestId }, order: { jurisdictionCode: 'ASC' } });
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
  async applicable(
    exportingJurisdiction: string,
    taxonomyCode: string,
    endUserId?: string | null,
    asOf?: string | Date | null,
    m: EntityManager = this.deps.dataSource.manager,
  ): Promise<RecognitionRequest[]> {
    const exporter = exportingJurisdiction?.trim().toUpperCase() ?? '';
    const code = taxonomyCode?.trim().toUpperCase() ?? '';
    if (!exporter || exporter.length > 8) throw new ValidationError('exportingJurisdiction must be a jurisdiction code', 'exportingJurisdiction');
    if (!code || code.length > 200) throw new ValidationError('taxonomyCode must be a taxonomy code', 'taxonomyCode');
    if (endUserId && !isUuid(endUserId)) return [];
    const day = asOf instanceof Date ? asOf.toISOString().slice(0, 10) : (asOf ?? this.deps.clock.now().toISOString().slice(0, 10));
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

  /** Requests are visible to every authenticated member principal, the secretariat and analysts. */
  async list(
    principal: AuthPrincipal | null,
    filter: RequestFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<RecognitionRequest>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    const qb = withinReach(this.deps.dataSource, RecognitionRequest, principal, 'recognitionRequest', 'r'); // a panelist: the cases it sits on
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
    return reachedRow(this.deps.dataSource, RecognitionRequest, principal, 'recognitionRequest', 'r', id);
  }
}
