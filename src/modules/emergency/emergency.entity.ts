import { Column, Entity, Index } from 'typeorm';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { ApplicationStatus, AuthorizationStatus, PostApprovalOutcome } from './emergency.enums';
import { DateTimeColumn, FlagColumn, IdempotentRecord, IntColumn, OpaqueIdColumn, TextColumn, TextListColumn } from '../../graphql/entity-fields';

const bigintMs = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A secretariat's emergency declaration (DESIGN.md §2.2). */
@Entity()
@Index(['consortiumId', 'endsAt'])
@ObjectType({ description: 'An emergency declaration: items (taxonomy subtrees) and members covered, start and end.' })
export class EmergencyDeclaration {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @TextColumn('Title, e.g. "Respiratory pathogen outbreak 2026".')
  title: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Taxonomy codes in scope (with their subtrees).' })
  taxonomyCodes: string[];

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Member jurisdictions covered.' })
  jurisdictionCodes: string[];

  @TextColumn('What triggered it, e.g. a WHO/IHR event reference.', { nullable: true })
  trigger: string | null;

  @TextListColumn(
    'Destinations (ISO 3166-1 alpha-2) the emergency affects: applications to other destinations are refused. Empty only on declarations made before destinations were recorded (then any destination).',
  )
  affectedDestinations: string[];

  @DateTimeColumn('When it takes effect.')
  startsAt: Date;

  @DateTimeColumn('When it ends (as declared).')
  endsAt: Date;

  @DateTimeColumn('When it was ended early, if it was.', { nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  declaredById: string | null;

  @DateTimeColumn('When it was declared.')
  declaredAt: Date;

  /** The end in force: the early end when there was one. */
  effectiveEnd(): Date {
    return this.endedAt && this.endedAt < this.endsAt ? this.endedAt : this.endsAt;
  }
}

@Entity()
@Index(['declarationId', 'status'])
@Index('uq_fast_track_idempotency', ['jurisdictionCode', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: "A member's fast-track application under an emergency declaration." })
export class FastTrackApplication extends IdempotentRecord {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  declarationId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @TextColumn('Applicant (exporter).')
  applicant: string;

  @Column({ type: 'uuid' })
  endUserId: string;

  @Column({ type: 'varchar', length: 2 })
  @Field({ description: 'Destination country.' })
  destination: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Taxonomy codes of the items.' })
  taxonomyCodes: string[];

  @TextColumn('Why the items are needed in the emergency.')
  justification: string;

  @DateTimeColumn('Requested end of the authorization.', { nullable: true })
  requestedUntil: Date | null;

  @Column({ type: 'double precision', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Quantity applied for (null on applications filed before quantities were recorded).' })
  quantity: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  @Field(() => String, { nullable: true, description: 'Unit of the quantity, e.g. "doses".' })
  quantityUnit: string | null;

  @DateTimeColumn('When it was escalated to the secretariat for being undecided past its window.', { nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ApplicationStatus, { description: 'State.' })
  status: ApplicationStatus;

  @DateTimeColumn('When it was filed.')
  filedAt: Date;

  @DateTimeColumn("Decision due by (filing + the policy's emergency review window).")
  decisionDueAt: Date;

  @DateTimeColumn('When it was decided.', { nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decidedById: string | null;

  @TextColumn('Rationale of the decision.', { nullable: true })
  rationale: string | null;

  @TextListColumn('Conditions of an approval.')
  conditions: string[];

  /** How late the decision came (ms past the window), when it was late. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintMs })
  lateByMs: number | null;

  @Column({ type: 'uuid', nullable: true })
  authorizationId: string | null;

  @Column({ type: 'text', nullable: true })
  filedById: string | null;
}

@Entity()
@Index(['status', 'sunsetAt'])
@Index(['status', 'nextReportDue'])
@ObjectType({ description: 'A provisional authorization granted on a fast-track application, with a sunset and monitoring.' })
export class ProvisionalAuthorization {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid', unique: true })
  applicationId: string;

  @Column({ type: 'uuid' })
  declarationId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Taxonomy codes authorized.' })
  taxonomyCodes: string[];

  @Column({ type: 'varchar', length: 16 })
  @Field(() => AuthorizationStatus, { description: 'State.' })
  status: AuthorizationStatus;

  @TextListColumn('Conditions.')
  conditions: string[];

  @Column({ type: 'double precision', nullable: true })
  @Field(() => Float, { nullable: true, description: "Quantity authorized (the application's); null when none was applied for." })
  authorizedQuantity: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  @Field(() => String, { nullable: true, description: 'Unit of the authorized quantity.' })
  quantityUnit: string | null;

  @Column({ type: 'double precision', default: 0 })
  @Field(() => Float, { description: 'Quantity shipped so far, from the monitoring reports.' })
  shippedQuantity: number;

  @DateTimeColumn('End of the wind-down after its emergency ended: shipments under way may go until then (the sunset is at most this).', { nullable: true })
  windDownUntil: Date | null;

  @DateTimeColumn('When it was granted.')
  grantedAt: Date;

  @DateTimeColumn("Sunset: the earliest of the requested end, the declaration's end and the policy maximum.")
  sunsetAt: Date;

  @IntColumn('Days between monitoring reports.')
  monitoringEveryDays: number;

  @DateTimeColumn('When the next monitoring report is due.')
  nextReportDue: Date;

  @DateTimeColumn('When the post-approval review is due.')
  reviewDueAt: Date;

  @DateTimeColumn('When the review became overdue, if it did.', { nullable: true })
  reviewOverdueAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  @Field(() => PostApprovalOutcome, { nullable: true, description: 'Outcome of the post-approval review.' })
  reviewOutcome: PostApprovalOutcome | null;

  @TextColumn('Rationale of the review.', { nullable: true })
  reviewRationale: string | null;

  @DateTimeColumn('When it was reviewed.', { nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  convertedDecisionId: string | null;

  @DateTimeColumn('When it was last suspended.', { nullable: true })
  suspendedAt: Date | null;

  /** Set while suspended by a dispute ruling: only a post-approval review ends that suspension. */
  @Column({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The dispute whose ruling suspended it pending a new review, if any.' })
  suspendedByDisputeId: string | null;

  @DateTimeColumn('When it ended (expired or revoked).', { nullable: true })
  closedAt: Date | null;
}

@ObjectType({ description: 'A shipment made under an authorization.' })
export class Shipment {
  @Field(() => Float, { description: 'Quantity shipped.' })
  quantity: number;

  @Field({ description: 'Unit, e.g. "units".' })
  unit: string;

  @Field(() => DateScalar, { description: 'Date shipped.' })
  shippedOn: string;

  @Field(() => String, { nullable: true, description: 'What was shipped.' })
  description: string | null;
}

@Entity()
@Index(['authorizationId', 'submittedAt'])
@ObjectType({ description: 'A monitoring report on a provisional authorization.' })
export class MonitoringReport {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  authorizationId: string;

  @DateTimeColumn('When it was submitted.')
  submittedAt: Date;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  @Field(() => [Shipment], { description: 'Shipments made.' })
  shipments: Shipment[];

  @Column({ type: 'boolean' })
  @Field({ description: 'Whether the end use was verified.' })
  endUseVerified: boolean;

  @TextColumn('Incidents.', { nullable: true })
  incidents: string | null;

  @FlagColumn('True when it arrived after its due date.', false)
  late: boolean;

  @Column({ type: 'text', nullable: true })
  submittedById: string | null;
}
