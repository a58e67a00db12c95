/** Audit events of a subject: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupByKey } from '../../graphql/batch';
import type { AuthPrincipal } from '../../shared/actor';
import { AuditEvent } from './audit-event.entity';
import { auditReadableSql } from './audit-visibility';

export function createAuditLoaders(ds: DataSource, principal: AuthPrincipal | null) {
  return {
    auditBySubject: new DataLoader<string, AuditEvent[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(AuditEvent).find({ where: { subjectId: In([...ids]) }, order: { seq: 'ASC' } }), (e) => e.subjectId),
    ),
    /** The events of each subject the caller may read in auditTrail (src/modules/audit/audit-visibility.ts). */
    readableAuditBySubject: new DataLoader<string, AuditEvent[]>(async (ids) => {
      const params: Record<string, unknown> = { ids: [...ids] };
      const where = auditReadableSql(principal, (v) => ((params.reader = v), ':reader'));
      const rows = await ds
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.subject_id IN (:...ids)', params)
        .andWhere(where, params)
        .orderBy('e.seq', 'ASC')
        .getMany();
      return groupByKey(ids, rows, (e) => e.subjectId);
    }),
  };
}
