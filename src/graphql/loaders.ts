/**
 * The one place request-scoped DataLoaders are built. createContext calls createLoaders
 * once per request, so caches never cross callers. Each nested list is one statement per
 * batch with a stable order (its time or rank, then the id).
 */
import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import { Membership } from '../modules/jurisdictions/membership.entity';
import { Principal } from '../modules/auth/principal.entity';
import { Consortium } from '../modules/jurisdictions/consortium.entity';
import { ControlEntry } from '../modules/control-lists/control-entry.entity';
import { CountryGroup } from '../modules/licensing/country-group.entity';
import { ControlList } from '../modules/control-lists/control-list.entity';
import { ControlListVersion } from '../modules/control-lists/control-list-version.entity';
import { readableVersionSql } from '../modules/control-lists/visibility';
import { EntryMapping } from '../modules/taxonomy/entry-mapping.entity';
import { TaxonomyNode } from '../modules/taxonomy/taxonomy-node.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { auditReadableSql } from '../modules/audit/audit-visibility';
import { EndUser } from '../modules/decisions/end-user.entity';
import { LicenceDecision } from '../modules/decisions/licence-decision.entity';
import type { AuthPrincipal } from '../shared/actor';
import { DisputePanelist, DisputeRuling, DisputeSubmission, DisputeVote } from '../modules/disputes/dispute.entity';
import { submissionVisibility } from '../modules/disputes/dispute.service';
import { EmergencyDeclaration, MonitoringReport, ProvisionalAuthorization } from '../modules/emergency/emergency.entity';
import { InformationRequest, RecognitionResponse } from '../modules/recognition/recognition-request.entity';

/** Order `rows` like `keys`, null where missing. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Group `rows` by key, in the order of `keys`. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export function createLoaders(ds: DataSource, principal: AuthPrincipal | null = null) {
  const byIds = <T extends { id: string }>(entity: new () => T) =>
    new DataLoader<string, T | null>(async (ids) => byKey(ids, await ds.getRepository(entity).findBy({ id: In([...ids]) } as never), (x) => x.id));
  /** The draft rule on a query builder with `v` (control_list_version) in it; joins `l` (control_list). */
  const readableVersions = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
    const params: Record<string, unknown> = {};
    const where = readableVersionSql(principal, (value) => {
      params.readerJurisdiction = value;
      return ':readerJurisdiction';
    });
    return qb.innerJoin(ControlList, 'l', 'l.id = v.list_id').where(where, params);
  };
  /**
   * Mappings whose entry the caller may read, in one statement per batch: only their own
   * columns, oldest proposal first and then by id (a stable order).
   */
  const readableMappings = async (column: 'entry_id' | 'taxonomy_code', keys: readonly string[]): Promise<EntryMapping[]> => {
    const params: unknown[] = [[...keys]];
    const readable = readableVersionSql(principal, (value) => (params.push(value), `$${params.length}`));
    const rows: Record<string, unknown>[] = await ds.query(
      `SELECT em.id, em.entry_id, em.taxonomy_code, em.relation, em.status, em.note, em.proposed_by_id, em.proposed_at,
              em.reviewed_by_id, em.reviewed_at, em.review_note, em.successor_entry_id
       FROM entry_mapping em
       JOIN control_entry e ON e.id = em.entry_id
       JOIN control_list_version v ON v.id = e.version_id
       JOIN control_list l ON l.id = v.list_id
       WHERE em.${column} = ANY($1) AND ${readable}
       ORDER BY em.proposed_at, em.id`,
      params,
    );
    return rows.map((r) => Object.assign(new EntryMapping(), {
      id: r.id, entryId: r.entry_id, taxonomyCode: r.taxonomy_code, relation: r.relation, status: r.status, note: r.note,
      proposedById: r.proposed_by_id, proposedAt: r.proposed_at, reviewedById: r.reviewed_by_id, reviewedAt: r.reviewed_at,
      reviewNote: r.review_note, successorEntryId: r.successor_entry_id,
    }));
  };
  const uuids = (ids: readonly string[]) => ids.filter((x) => /^[0-9a-f-]{36}$/i.test(x));
  return {
    consortium: byIds(Consortium),
    endUser: byIds(EndUser),
    /** Unredacted: resolvers pass the result through redactDecision for the caller. */
    licenceDecision: byIds(LicenceDecision),
    /** Submissions the caller may read: the confidentiality rule is applied in the query. */
    visibleSubmissions: new DataLoader<string, DisputeSubmission[]>(async (ids) => {
      const params: unknown[] = [[...ids]];
      const where = submissionVisibility(principal, params);
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT s.id, s.dispute_id, s.round, s.party, s.title, s.body, s.confidentiality, s.nature, s.submitted_at, s.on_interim_report
         FROM dispute_submission s JOIN dispute_case d ON d.id = s.dispute_id
         WHERE s.dispute_id = ANY($1) AND ${where} ORDER BY s.submitted_at, s.id`,
        params,
      );
      const subs = rows.map((r) => Object.assign(new DisputeSubmission(), { id: r.id, disputeId: r.dispute_id, round: r.round, party: r.party, title: r.title, body: r.body, confidentiality: r.confidentiality, nature: r.nature, submittedAt: r.submitted_at, onInterimReport: r.on_interim_report }));
      return groupByKey(ids, subs, (s) => s.disputeId);
    }),
    panelistsByDispute: new DataLoader<string, DisputePanelist[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(DisputePanelist).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', appointedAt: 'ASC', id: 'ASC' } }), (p) => p.disputeId),
    ),
    votesByDispute: new DataLoader<string, DisputeVote[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(DisputeVote).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', castAt: 'ASC', id: 'ASC' } }), (v) => v.disputeId),
    ),
    rulingsByDispute: new DataLoader<string, DisputeRuling[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(DisputeRuling).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', id: 'ASC' } }), (r) => r.disputeId),
    ),
    principal: new DataLoader<string, Principal | null>(async (ids) =>
      byKey(ids, await ds.getRepository(Principal).findBy({ id: In(ids.filter((x) => /^[0-9a-f-]{36}$/i.test(x))) }), (p) => p.id),
    ),
    declaration: byIds(EmergencyDeclaration),
    authorization: byIds(ProvisionalAuthorization),
    reportsByAuthorization: new DataLoader<string, MonitoringReport[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(MonitoringReport).find({ where: { authorizationId: In([...ids]) }, order: { submittedAt: 'ASC', id: 'ASC' } }), (r) => r.authorizationId),
    ),
    responsesByRequest: new DataLoader<string, RecognitionResponse[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(RecognitionResponse).find({ where: { requestId: In([...ids]) }, order: { respondedAt: 'ASC', id: 'ASC' } }), (r) => r.requestId),
    ),
    informationByRequest: new DataLoader<string, InformationRequest[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(InformationRequest).find({ where: { requestId: In([...ids]) }, order: { askedAt: 'ASC', id: 'ASC' } }), (r) => r.requestId),
    ),
    auditBySubject: new DataLoader<string, AuditEvent[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(AuditEvent).find({ where: { subjectId: In([...ids]) }, order: { seq: 'ASC' } }), (e) => e.subjectId),
    ),
    /** The events of each subject the caller may read in auditTrail (src/modules/audit/audit-visibility.ts). */
    readableAuditBySubject: new DataLoader<string, AuditEvent[]>(async (ids) => {
      const params: Record<string, unknown> = { ids: [...ids] };
      const where = auditReadableSql(principal, (v) => ((params.reader = v), ':reader'));
      const rows = await ds.getRepository(AuditEvent).createQueryBuilder('e').where('e.subject_id IN (:...ids)', params).andWhere(where, params).orderBy('e.seq', 'ASC').getMany();
      return groupByKey(ids, rows, (e) => e.subjectId);
    }),
    controlList: byIds(ControlList),
    /** Versions the caller may read (src/modules/control-lists/visibility.ts): null for another's draft. */
    controlListVersion: new DataLoader<string, ControlListVersion | null>(async (ids) => {
      const qb = readableVersions(ds.getRepository(ControlListVersion).createQueryBuilder('v')).andWhere('v.id IN (:...ids)', { ids: uuids(ids) });
      return byKey(ids, uuids(ids).length ? await qb.getMany() : [], (v) => v.id);
    }),
    /** Entries the caller may read: null for an entry of another's draft. */
    controlEntry: new DataLoader<string, ControlEntry | null>(async (ids) => {
      const qb = readableVersions(ds.getRepository(ControlEntry).createQueryBuilder('e').innerJoin(ControlListVersion, 'v', 'v.id = e.version_id'))
        .andWhere('e.id IN (:...ids)', { ids: uuids(ids) });
      return byKey(ids, uuids(ids).length ? await qb.getMany() : [], (e) => e.id);
    }),
    countryGroup: byIds(CountryGroup),
    versionsByList: new DataLoader<string, ControlListVersion[]>(async (ids) =>
      groupByKey(
        ids,
        await readableVersions(ds.getRepository(ControlListVersion).createQueryBuilder('v'))
          .andWhere('v.list_id IN (:...ids)', { ids: [...ids] })
          .orderBy('v.effective_from', 'DESC').addOrderBy('v.created_at', 'DESC')
          .getMany(),
        (v) => v.listId,
      ),
    ),
    /** Mappings whose entry the caller may read (a mapping of another's draft entry is part of the draft). */
    mappingsByEntry: new DataLoader<string, EntryMapping[]>(async (ids) =>
      groupByKey(ids, uuids(ids).length ? await readableMappings('entry_id', uuids(ids)) : [], (m) => m.entryId),
    ),
    mappingsByNode: new DataLoader<string, EntryMapping[]>(async (codes) =>
      groupByKey(codes, await readableMappings('taxonomy_code', codes), (m) => m.taxonomyCode),
    ),
    taxonomyNode: new DataLoader<string, TaxonomyNode | null>(async (codes) =>
      byKey(codes, await ds.getRepository(TaxonomyNode).findBy({ code: In([...codes]) }), (n) => n.code),
    ),
    taxonomyChildren: new DataLoader<string, TaxonomyNode[]>(async (codes) =>
      groupByKey(codes, await ds.getRepository(TaxonomyNode).find({ where: { parentCode: In([...codes]) }, order: { code: 'ASC' } }), (n) => n.parentCode!),
    ),
    jurisdiction: new DataLoader<string, Jurisdiction | null>(async (codes) =>
      byKey(codes, await ds.getRepository(Jurisdiction).findBy({ code: In([...codes]) }), (j) => j.code),
    ),
    membershipsByConsortium: new DataLoader<string, Membership[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(Membership).find({ where: { consortiumId: In([...ids]) }, order: { jurisdictionCode: 'ASC', id: 'ASC' } }),
        (m) => m.consortiumId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
