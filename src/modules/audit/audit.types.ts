/** The audit API's result types (plain object types, not entities). */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection extends Connection(AuditEvent, 'AuditEvent') {}

@ObjectType({ description: 'Result of recomputing every hash of the audit chain.' })
export class AuditChainStatus {
  @Field({ description: "True when every event's hash and link to its predecessor check out." })
  valid: boolean;

  @Field(() => Int, { description: 'Events verified before the first break (all of them when valid).' })
  checkedEvents: number;

  @Field(() => ID, { nullable: true, description: 'Position of the first event that fails the check.' })
  firstBrokenEventId: string | null;

  @Field(() => String, { nullable: true, description: 'Why that event fails.' })
  reason: string | null;

  @Field(() => Int, { description: 'Signed checkpoints the chain matched (signature valid, head hash found at its position).' })
  checkpointsVerified: number;

  @Field(() => AuditCheckpoint, {
    nullable: true,
    description: 'The newest signed checkpoint; events after it are protected only by the hash links until the next one.',
  })
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
