import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { DeliveryStatus } from './webhook.enums';

/** A member's webhook: events are POSTed to `url`, signed with HMAC-SHA256 using `secret`. */
@Entity()
@Index(['jurisdictionCode'])
@ObjectType({ description: "A member jurisdiction's webhook." })
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  @Field({ description: 'The member it belongs to.' })
  jurisdictionCode: string;

  @Column({ type: 'text' })
  @Field({ description: 'Receiver URL.' })
  url: string;

  /** Shared secret for the signature; shown once, at registration. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Event types delivered (empty: all).' })
  events: string[];

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Whether deliveries are made.' })
  active: boolean;

  @Column({ type: 'text', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was registered.' })
  createdAt: Date;
}

export interface AttemptRecord {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

@ObjectType({ description: 'One delivery attempt.' })
export class DeliveryAttempt implements AttemptRecord {
  @Field({ description: 'When it was made.' })
  at: string;

  @Field(() => Int, { nullable: true, description: 'HTTP status the receiver answered (null when it could not be reached).' })
  statusCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error: string | null;

  @Field(() => Int, { description: 'How long it took.' })
  durationMs: number;
}

/** The outbox and delivery log: written in the event's transaction, delivered by the job queue. */
@Entity()
@Index(['status', 'nextAttemptAt'])
@Index(['webhookId', 'createdAt'])
@ObjectType({ description: 'A webhook delivery and its attempts.' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id (sent as X-Accord-Delivery).' })
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @Column({ type: 'text' })
  @Field({ description: 'Event type.' })
  eventType: string;

  @Column({ type: 'jsonb' })
  @Field(() => JSONScalar, { description: 'The event delivered.' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => DeliveryStatus, { description: 'State.' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Attempts made.' })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due.' })
  nextAttemptAt: Date | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt.' })
  lastStatusCode: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was delivered.' })
  deliveredAt: Date | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  @Field(() => [DeliveryAttempt], { description: 'Every attempt, oldest first.' })
  attemptLog: AttemptRecord[];

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was queued.' })
  createdAt: Date;
}
