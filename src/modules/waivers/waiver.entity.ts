import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { CountryColumn, OpaqueIdColumn, TextColumn, TextListColumn } from '../../graphql/entity-fields';
import { HumanitarianWaiverStatus, WaiverRecognitionStatus } from './waiver.enums';

/**
 * A programme-level humanitarian waiver a member sponsors: for its beneficiaries,
 * items and destinations, within its validity, under its conditions. It applies in the
 * transaction assessment for the sponsor and for the members that recognized it.
 */
@Entity()
@Index(['status', 'validTo'])
@Index(['consortiumId', 'createdAt'])
@Index('uq_humanitarian_waiver_idempotency', ['sponsorJurisdiction', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: 'A humanitarian waiver sponsored by a member.' })
export class HumanitarianWaiver {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @Column({ type: 'varchar', length: 8 })
  sponsorJurisdiction: string;

  @Column({ type: 'text' })
  @Field({ description: 'The humanitarian programme.' })
  programme: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Taxonomy codes of the items covered (a code covers its descendants).' })
  taxonomyCodes: string[];

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Destination countries (ISO 3166-1 alpha-2).' })
  destinations: string[];

  @Column({ type: 'date' })
  @Field(() => DateScalar, { description: 'First day of validity.' })
  validFrom: string;

  @Column({ type: 'date' })
  @Field(() => DateScalar, { description: 'Last day of validity.' })
  validTo: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Conditions of the waiver.' })
  conditions: string[];

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Reports fall due every this many days (null: none).' })
  reportingEveryDays: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next report falls due.' })
  nextReportDue: Date | null;

  /** Whether the sponsor marked the beneficiaries public (the register then names them). */
  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Whether the sponsor marked the beneficiaries public.' })
  beneficiariesPublic: boolean;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => HumanitarianWaiverStatus, { description: 'State.' })
  status: HumanitarianWaiverStatus;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked or expired.' })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was revoked.' })
  revocationReason: string | null;

  @Column({ type: 'text', nullable: true })
  createdById: string | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the canonical input filed with idempotencyKey (src/shared/idempotency.ts). */
  @Column({ type: 'char', length: 64, nullable: true })
  idempotencyFingerprint: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was filed.' })
  createdAt: Date;
}

/** A beneficiary (end user) of a waiver. */
@Entity()
@Index(['waiverId'])
@Index(['normalizedName', 'country'])
@ObjectType({ description: 'A beneficiary of a humanitarian waiver.' })
export class HumanitarianWaiverBeneficiary {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  waiverId: string;

  @TextColumn('Organisation name.')
  name: string;

  @Column({ type: 'text' })
  normalizedName: string;

  @CountryColumn('Country (ISO 3166-1 alpha-2).')
  country: string;

  @TextListColumn('Identifiers (LEI, DUNS…).')
  identifiers: string[];
}

/** A member's recognition of another member's waiver, with its conditions. */
@Entity()
@Index('uq_humanitarian_waiver_recognition', ['waiverId', 'jurisdictionCode'], { unique: true })
@ObjectType({ description: "A member's recognition of a humanitarian waiver." })
export class HumanitarianWaiverRecognition {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  waiverId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: "The recognizing member's conditions." })
  conditions: string[];

  @Column({ type: 'varchar', length: 16 })
  @Field(() => WaiverRecognitionStatus, { description: 'State.' })
  status: WaiverRecognitionStatus;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was recognized.' })
  recognizedAt: Date;

  @Column({ type: 'text', nullable: true })
  recognizedById: string | null;
}

/** A report that fell due on the waiver's reporting cadence (written by the scheduler). */
@Entity()
@Index('uq_humanitarian_waiver_report_due', ['waiverId', 'dueAt'], { unique: true })
@ObjectType({ description: "A report due on a humanitarian waiver's reporting cadence." })
export class HumanitarianWaiverReport {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  waiverId: string;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it fell due.' })
  dueAt: Date;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'Start of the period it covers.' })
  periodFrom: Date;
}
