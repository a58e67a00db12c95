import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { Role } from '../../shared/role';

/**
 * One change, append-only. `hash` = SHA-256 over the canonical event and the previous
 * event's hash (src/modules/audit/audit-chain.ts), so an edit or deletion breaks the chain.
 */
@Entity()
@Index(['subjectType', 'subjectId', 'seq'])
@ObjectType({ description: 'An event of the tamper-evident audit trail.' })
export class AuditEvent {
  /** Position in the chain, 1, 2, 3… with no gaps. */
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  @Field(() => ID, { description: 'Position in the chain (1, 2, 3…).' })
  seq: number;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Principal who acted (null for the system, e.g. a deadline).' })
  actorId: string | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => String, { description: 'Role the actor acted in (`SYSTEM` for scheduled transitions).' })
  actorRole: Role | 'SYSTEM';

  @Column({ type: 'varchar', length: 8, nullable: true })
  @Field(() => String, { nullable: true, description: 'Jurisdiction the actor acted for.' })
  actorJurisdiction: string | null;

  @Column({ type: 'text' })
  @Field({ description: 'What was done, e.g. `RECOGNITION_REQUEST.SUBMIT`.' })
  action: string;

  @Column({ type: 'text' })
  @Field({ description: 'Type of the thing changed, e.g. `RecognitionRequest`.' })
  subjectType: string;

  @Column({ type: 'text' })
  @Field({ description: 'Id of the thing changed.' })
  subjectId: string;

  @Column({ type: 'jsonb', nullable: true })
  @Field(() => JSONScalar, { nullable: true, description: 'State before the change.' })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  @Field(() => JSONScalar, { nullable: true, description: 'State after the change.' })
  after: unknown;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Rationale given for the change.' })
  rationale: string | null;

  @Column({ type: 'char', length: 64 })
  @Field({ description: 'Hash of the previous event (64 zeros for the first).' })
  prevHash: string;

  @Column({ type: 'char', length: 64, unique: true })
  @Field({ description: 'SHA-256 over this event and prevHash.' })
  hash: string;
}
