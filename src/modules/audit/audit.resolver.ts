import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { AUTHENTICATED_ROLES, Role } from '../../shared/role';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import type { ChainStatusWithCheckpoint } from './audit.service';
import { checkpointMessage } from './checkpoint-key';
import { AuditChainStatus, AuditCheckpointConnection, AuditCheckpointKey, AuditEventConnection } from './audit.types';

@Resolver(() => AuditCheckpoint)
export class AuditCheckpointResolver {
  @FieldResolver(() => String, { description: 'The exact text signed: canonical JSON of type, seq, headHash, eventCount, createdAt and keyId.' })
  signedMessage(@Root() c: AuditCheckpoint): string {
    return checkpointMessage(c);
  }
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
  @Query(() => AuditChainStatus, { description: 'Recomputes the audit chain and reports whether it is intact and matches every signed checkpoint.' })
  auditChainStatus(@Ctx() ctx: Context): Promise<ChainStatusWithCheckpoint> {
    return ctx.services.audit.chainStatus();
  }

  @Query(() => AuditCheckpointConnection, { description: 'Signed checkpoints of the audit chain head, newest first (public, as in the register).' })
  auditCheckpoints(@Ctx() ctx: Context, @Args() page: PageArgs): Promise<ConnectionShape<AuditCheckpoint>> {
    return ctx.services.audit.checkpoints(page);
  }

  @Query(() => AuditCheckpointKey, { description: 'The public key that signs audit checkpoints.' })
  auditCheckpointKey(@Ctx() ctx: Context): AuditCheckpointKey {
    const key = ctx.services.audit.signingKey();
    return { algorithm: 'Ed25519', keyId: key.keyId, publicKeyPem: key.publicKeyPem };
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => AuditCheckpoint, {
    description:
      'Sign a checkpoint of the audit chain head now and publish it in the register (secretariat). Refused (CONFLICT) when the chain does not verify; returns the latest one when no event followed it.',
  })
  async createAuditCheckpoint(@Ctx() ctx: Context): Promise<AuditCheckpoint> {
    return (await ctx.services.audit.checkpoint(ctx.principal)).checkpoint;
  }
}
