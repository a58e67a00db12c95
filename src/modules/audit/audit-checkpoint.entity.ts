import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A signed statement of the audit chain's head: "after `seq` events the chain's last hash
 * was `headHash`", signed with a key the application holds and the database does not
 * (src/modules/audit/checkpoint-key.ts), and published in the public register. Deleting
 * events it covers, or rewriting one and recomputing the hashes after it, no longer
 * matches it. Append-only, like the chain.
 */
@Entity()
@ObjectType({ description: 'A signed checkpoint of the audit chain head, published in the public register.' })
export class AuditCheckpoint {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: "Opaque id (the register entry's subjectId)." })
  id: string;

  @Column({ type: 'bigint', unique: true, transformer: bigint })
  @Field(() => ID, { description: 'Position of the last event it covers.' })
  seq: number;

  @Column({ type: 'char', length: 64 })
  @Field({ description: 'Hash of that event: the chain head it vouches for.' })
  headHash: string;

  @Column({ type: 'bigint', transformer: bigint })
  @Field(() => ID, { description: 'Events it covers (1 to seq).' })
  eventCount: number;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was signed.' })
  createdAt: Date;

  @Column({ type: 'text' })
  @Field({ description: 'Which key signed it (see auditCheckpointKey).' })
  keyId: string;

  @Column({ type: 'text' })
  @Field({ description: 'Ed25519 signature (base64) over signedMessage.' })
  signature: string;

  /** Principal who asked for it; null for the periodic sweep. */
  @Column({ type: 'text', nullable: true })
  createdById: string | null;
}
