import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { AUTHENTICATED_ROLES, Role } from '../../shared/role';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import type { ChainStatusWithCheckpoint } from './audit.service';
import { checkpointMessage } from './checkpoint-key';

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

  @Field(() => Int, { description: 'Signed checkpoints the chain matched (signature valid, head hash found at its position).' })
  checkpointsVerified: number;

  @Field(() => AuditCheckpoint, { nullable: true, description: 'The newest signed checkpoint; events after it are protected only by the hash links until the next one.' })
  latestCheckpoint: AuditCheckpoint | null;

  @Field(() => Int, { description: 'Events appended after the latest checkpoint (all of them when there is none).' })
  eventsAfterLatestCheckpoint: number;
}

@ObjectType({ description: 'A page of audit checkpoints, newest first.' })
export class AuditCheckpointConnection extends Connection(AuditCheckpoint, 'AuditCheckpoint') {}

@ObjectType({ description: 'The public key that signs audit checkpoints, for anyone to verify them.' })
export class AuditCheckpointKey {
  @Field({ description: 'Signature algorithm: `Ed25519`.' })
  algorithm: string;

  @Field({ description: 'Key id (first 32 hex digits of the SHA-256 of the SubjectPublicKeyInfo), as in each checkpoint.' })
  keyId: string;

  @Field({ description: 'The public key, SubjectPublicKeyInfo PEM.' })
  publicKeyPem: string;
}

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
  @Mutation(() => AuditCheckpoint, { description: 'Sign a checkpoint of the audit chain head now and publish it in the register (secretariat). Refused (CONFLICT) when the chain does not verify; returns the latest one when no event followed it.' })
  async createAuditCheckpoint(@Ctx() ctx: Context): Promise<AuditCheckpoint> {
    return (await ctx.services.audit.checkpoint(ctx.principal)).checkpoint;
  }
}
