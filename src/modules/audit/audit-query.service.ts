import type { ServiceDeps } from '../../services';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import type { AuthPrincipal } from '../auth/actor';
import { requirePrincipal } from '../auth/permissions';
import { AuditEvent } from './audit-event.entity';
import { verifyAuditChain, type ChainStatus } from './audit.service';
import { auditReadableSql } from './audit-visibility';

export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Audit events, newest first. The secretariat and analysts read the whole trail; a
   * regulator reads the events its jurisdiction's principals caused; a panelist its own.
   */
  async trail(
    principal: AuthPrincipal | null,
    args: { subjectType?: string; subjectId?: string; first?: number; after?: string },
  ): Promise<ConnectionShape<AuditEvent>> {
    const p = requirePrincipal(principal);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, (v): v is number => Number.isSafeInteger(v) && (v as number) > 0);
    const qb = this.deps.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (args.subjectType) qb.andWhere('e.subject_type = :subjectType', { subjectType: args.subjectType });
    if (args.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: args.subjectId });
    const readable: Record<string, unknown> = {};
    qb.andWhere(auditReadableSql(p, (v) => ((readable.reader = v), ':reader')), readable); // ./audit-visibility: the one rule
    const total = await qb.clone().getCount();
    if (after !== undefined) qb.andWhere('e.seq < :after', { after });
    const rows = await qb.orderBy('e.seq', 'DESC').limit(size + 1).getMany();
    return toConnection(rows, size, total, (e) => e.seq);
  }

  chainStatus(): Promise<ChainStatus> {
    return verifyAuditChain(this.deps.dataSource.manager);
  }
}
