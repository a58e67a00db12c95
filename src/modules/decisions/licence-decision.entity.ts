import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { LicensingTier } from '../control-lists/control-list.enums';
import { LicenceOutcome, ConsultationOutcome } from './decision.enums';
import { EndUser } from './end-user.entity';

export interface DecisionItem {
  taxonomyCode: string;
  /** Entries that control the node in the deciding jurisdiction when the decision was made. */
  entries: { entryId: string; controlNumber: string; tier: LicensingTier }[];
}

/** A member's decision on an export (DESIGN.md §1, Licensing decisions and end users). */
@Entity()
@Index(['endUserId', 'outcome'])
@Index(['jurisdictionCode', 'decidedAt'])
@Index('uq_licence_decision_idempotency', ['jurisdictionCode', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: "A member's licence decision." })
export class LicenceDecision {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  /** Null in a redacted view. */
  @Column({ type: 'text' })
  @Field(() => String, { nullable: true, description: 'Applicant (exporter); null when confidential and you may not see it.' })
  applicant: string | null;

  @Column({ type: 'uuid' })
  endUserId: string;

  @ManyToOne(() => EndUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'end_user_id' })
  endUserRef?: EndUser;

  @Column({ type: 'varchar', length: 2 })
  @Field(() => String, { nullable: true, description: 'Destination country (ISO 3166-1 alpha-2); null when confidential and you may not see it.' })
  destination: string | null;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Taxonomy codes of the items.' })
  taxonomyCodes: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  items: DecisionItem[];

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => LicensingTier, { nullable: true, description: 'Most restrictive tier of the controlling entries (null when nothing is controlled).' })
  tier: LicensingTier | null;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => LicenceOutcome, { description: 'Outcome.' })
  outcome: LicenceOutcome;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { nullable: true, description: 'Conditions; null when confidential and you may not see them.' })
  conditions: string[] | null;

  @Column({ type: 'text' })
  @Field(() => String, { nullable: true, description: 'Rationale; null when confidential and you may not see it.' })
  rationale: string | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Valid until (a denial stays in force until then; open-ended when null; null when confidential and you may not see it).',
  })
  validUntil: string | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Confidential: other members see the outcome, not the details (denials are always shared).' })
  confidential: boolean;

  @Column({ type: 'text', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was decided.' })
  decidedAt: Date;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the canonical input filed with idempotencyKey (src/shared/idempotency.ts). */
  @Column({ type: 'char', length: 64, nullable: true })
  idempotencyFingerprint: string | null;

  // Transaction assessment: the proposed tier and risk the decision was made against.
  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => LicensingTier, { nullable: true, description: 'The tier the transaction assessment proposed when the decision was made.' })
  proposedTier: LicensingTier | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The risk score (0–100) of the assessment the decision was made against.' })
  riskScore: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => String, { nullable: true, description: 'The risk level (LOW, MEDIUM, HIGH, CRITICAL) of that assessment.' })
  riskLevel: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Why the decided tier differs from the proposed one; null when it does not; null when confidential and you may not see it.',
  })
  tierDeviationReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The stored transaction assessment the decision was made against.' })
  assessmentId: string | null;

  @Column({ type: 'date', array: true, default: () => `'{}'` })
  @Field(() => [DateScalar], { description: 'Post-shipment verifications due (an ENHANCED grant); empty otherwise.' })
  postShipmentChecksDue: string[];

  /** True on a copy with confidential fields removed for the caller. */
  redacted?: boolean;
}

/** A granting member's consultation of a member that denied an essentially identical transaction. */
@Entity()
@Index(['denialId', 'jurisdictionCode'])
@ObjectType({ description: 'A consultation with a member that denied an essentially identical transaction (no-undercut).' })
export class DenialConsultation {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  denialId: string;

  @ManyToOne(() => LicenceDecision, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'denial_id' })
  denialRef?: LicenceDecision;

  /** The consulting (would-be granting) member. */
  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  /** The member that denied. */
  @Column({ type: 'varchar', length: 8 })
  consultedJurisdictionCode: string;

  @Column({ type: 'text' })
  @Field({ description: 'What was discussed and agreed.' })
  summary: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ConsultationOutcome, { description: 'What the consulting member decided.' })
  outcome: ConsultationOutcome;

  @Column({ type: 'text', nullable: true })
  recordedById: string | null;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  recordedAt: Date;
}
