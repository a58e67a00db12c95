import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { RecognitionDecision, RecognitionEffect, RecognitionStatus, RecognitionSubjectKind } from './recognition.enums';
import { DateTimeColumn, IdempotentRecord, IntColumn, OpaqueIdColumn, TextColumn, TextListColumn } from '../../graphql/entity-fields';

/** A member's request that other members recognize one of its decisions (DESIGN.md §2.1). */
@Entity()
@Index(['status', 'deadline'])
@Index(['requestingJurisdiction', 'status'])
@Index('uq_recognition_request_idempotency', ['requestingJurisdiction', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: 'A mutual-recognition request.' })
export class RecognitionRequest extends IdempotentRecord {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @Column({ type: 'varchar', length: 8 })
  requestingJurisdiction: string;

  @Column({ type: 'text', array: true })
  concernedJurisdictionCodes: string[];

  @Column({ type: 'varchar', length: 32 })
  @Field(() => RecognitionSubjectKind, { description: 'What is to be recognized.' })
  subjectKind: RecognitionSubjectKind;

  @Column({ type: 'uuid' })
  @Field(() => ID, { description: 'Id of the decision, verification or mapping to be recognized.' })
  subjectId: string;

  @TextColumn('Why the requesting member asks for recognition.')
  justification: string;

  @Column({ type: 'varchar', length: 40 })
  @Field(() => RecognitionEffect, { description: 'What the recognition does in the recognizing members (default by subject kind).' })
  effect: RecognitionEffect;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Last day the effect lasts (open-ended when null).' })
  effectValidUntil: string | null;

  /** Concerned members that had not answered when the deadline closed the request. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  silentJurisdictionCodes: string[];

  @Column({ type: 'varchar', length: 24 })
  @Field(() => RecognitionStatus, { description: 'State (DESIGN.md §2.1).' })
  status: RecognitionStatus;

  @DateTimeColumn('When it was submitted (the clock starts).', { nullable: true })
  submittedAt: Date | null;

  @DateTimeColumn('When the concerned members must have answered; moves later by the time the clock was stopped.', { nullable: true })
  deadline: Date | null;

  @DateTimeColumn('When the clock stopped, while it is stopped.', { nullable: true })
  clockStoppedAt: Date | null;

  /** When a stopped clock restarts by itself (the policy's clock-stop allowance runs out). */
  @Column({ type: 'timestamptz', nullable: true })
  clockResumesAt: Date | null;

  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  @Field(() => Float, { description: 'Milliseconds the clock has been stopped in all (already added to the deadline).' })
  stoppedMs: number;

  @IntColumn('How many times the clock has been stopped.', { default: 0 })
  clockStops: number;

  @DateTimeColumn('When the outcome (or lapse, or withdrawal) was reached.', { nullable: true })
  closedAt: Date | null;

  /** When DEADLINE_APPROACHING was announced (once per request). */
  @Column({ type: 'timestamptz', nullable: true })
  deadlineWarnedAt: Date | null;

  @TextColumn('Reason given for a withdrawal.', { nullable: true })
  withdrawalReason: string | null;

  @Column({ type: 'text', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was filed.' })
  createdAt: Date;
}

/** A concerned member's answer; one live answer per member per request (a remanded one is kept as history). */
@Entity()
@Index('uq_recognition_response_live', ['requestId', 'jurisdictionCode'], { unique: true, where: 'remanded_by_dispute_id IS NULL' })
@ObjectType({ description: "A concerned member's answer to a recognition request." })
export class RecognitionResponse {
  @OpaqueIdColumn('Opaque id (what a dispute contests).')
  id: string;

  @Column({ type: 'uuid' })
  requestId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => RecognitionDecision, { description: 'The answer.' })
  decision: RecognitionDecision;

  @TextColumn('Rationale (required for a decline or conditions).', { nullable: true })
  rationale: string | null;

  @TextListColumn('Conditions of a recognition with conditions.')
  conditions: string[];

  @TextListColumn('Criteria cited for a decline.')
  criteria: string[];

  @Column({ type: 'text', nullable: true })
  respondedById: string | null;

  @DateTimeColumn('When it was given.')
  respondedAt: Date;

  /** Set when a dispute ruling overturned this answer (the decision then reads RECOGNIZE). */
  @Column({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The dispute whose ruling changed this answer, if any.' })
  overturnedByDisputeId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => RecognitionDecision, { nullable: true, description: 'The answer as first given, when a ruling changed it.' })
  originalDecision: RecognitionDecision | null;

  /** Set when a ruling remanded this answer: the member answers again; this one stays as history. */
  @Column({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The dispute whose ruling sent this answer back to its member, if any.' })
  remandedByDisputeId: string | null;
}

/** A clock stop: a concerned member's question and the requesting member's answer. */
@Entity()
@Index(['requestId', 'askedAt'])
@ObjectType({ description: 'An information request that stopped the review clock.' })
export class InformationRequest {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  requestId: string;

  @Column({ type: 'varchar', length: 8 })
  @Field({ description: 'Jurisdiction that asked.' })
  askedBy: string;

  @TextColumn('The question.')
  question: string;

  @DateTimeColumn('When the clock stopped.')
  askedAt: Date;

  @TextColumn("The requesting member's answer.", { nullable: true })
  answer: string | null;

  @DateTimeColumn('When the clock restarted (answer, or the allowance ran out).', { nullable: true })
  resumedAt: Date | null;

  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  @Field(() => Float, { description: 'Milliseconds this stop held the clock.' })
  stoppedMs: number;
}

/**
 * A recognizing member's national implementation of a recognition (DESIGN.md §2.1): one row
 * per recognizing member, due within the policy's period after the outcome; the act
 * reference and effective date are recorded by that member's regulator.
 */
@Entity()
@Index('uq_recognition_implementation', ['requestId', 'jurisdictionCode'], { unique: true })
@Index(['recordedAt', 'dueAt'])
@ObjectType({ description: "A recognizing member's national implementation of a recognition." })
export class RecognitionImplementation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @DateTimeColumn("When the implementation is due (outcome + the policy's recognitionImplementationDays).")
  dueAt: Date;

  @TextColumn('Reference of the national act; null until recorded.', { nullable: true })
  actReference: string | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'When the national act takes effect; null until recorded.' })
  effectiveFrom: string | null;

  @DateTimeColumn('When it was recorded.', { nullable: true })
  recordedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  recordedById: string | null;

  /** When the approaching due date was announced (once). */
  @Column({ type: 'timestamptz', nullable: true })
  dueWarnedAt: Date | null;
}
