import { Arg, Args, Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { AUTHENTICATED_ROLES } from '../auth/role';
import { AuditEvent } from './audit-event.entity';

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection extends Connection(AuditEvent, 'AuditEvent') {}

@ObjectType({ description: 'Result of recomputing every hash of the audit chain.' })
export class AuditChainStatus {
  @Field({ description: 'True when every event\'s hash and link to its predecessor check out.' })
  valid: boolean;

  @Field(() => Int, { description: 'Events verified before the first break (all of them when valid).' })
  checkedEvents: number;

  @Field(() => ID, { nullable: true, description: 'Position of the first event that fails the check.' })
  firstBrokenEventId: string | null;

  @Field(() => String, { nullable: true, description: 'Why that event fails.' })
  reason: string | null;
}

@Resolver()
export class AuditResolver {
  @Authorized(...AUTHENTICATED_ROLES)
  @Query(() => AuditEventConnection, {
    description: 'The audit trail, newest first. Secretariat and analysts read all of it; a regulator the events of its jurisdiction; a panelist its own.',
  })
  auditTrail(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('subjectType', () => String, { nullable: true }) subjectType?: string,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string,
  ): Promise<ConnectionShape<AuditEvent>> {
    return ctx.services.audit.trail(ctx.principal, { ...page, subjectType, subjectId });
  }

  @Authorized(...AUTHENTICATED_ROLES)
  @Query(() => AuditChainStatus, { description: 'Recomputes the audit chain and reports whether it is intact.' })
  auditChainStatus(@Ctx() ctx: Context): Promise<AuditChainStatus> {
    return ctx.services.audit.chainStatus();
  }
}
