import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote, SubmissionNature } from './dispute.enums';

/** A dispute between a complainant member and the respondent that made the contested decision. */
@Entity()
@Index(['status'])
@Index(['contestedKind', 'contestedId'])
@Index('uq_dispute_idempotency', ['complainant', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: 'A dispute case before a panel.' })
export class DisputeCase {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => ContestedDecisionKind, { description: 'What kind of decision is contested.' })
  contestedKind: ContestedDecisionKind;

  @Column({ type: 'uuid' })
  @Field(() => ID, { description: 'Id of the contested decision.' })
  contestedId: string;

  @Column({ type: 'varchar', length: 8 })
  complainant: string;

  /** The member that made the decision; null when it was the secretariat (mapping reviews). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  respondent: string | null;

  @Column({ type: 'text' })
  @Field({ description: 'The complainant\'s grounds.' })
  grounds: string;

  /** The contested decision's state when the dispute was filed (e.g. the mapping's ACCEPTED/REJECTED). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  contestedStatus: string | null;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => DisputeStatus, { description: 'State.' })
  status: DisputeStatus;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was filed.' })
  filedAt: Date;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'End of the consultation period (policy); a panel may be requested by one party after it.' })
  consultationEndsAt: Date;

  /** Parties (jurisdiction codes, or SECRETARIAT) that asked for a panel. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Parties that asked for a panel.' })
  panelRequestedBy: string[];

  @Column({ type: 'int', default: 1 })
  @Field(() => Int, { description: '1 for the first panel, 2 on appeal.' })
  round: number;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Agreed terms of a settlement.' })
  settlementTerms: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'Last day to appeal the ruling.' })
  appealDeadline: Date | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Grounds of the appeal.' })
  appealGrounds: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Party that appealed.' })
  appealedBy: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was withdrawn.' })
  withdrawalReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it closed (settled, closed or withdrawn).' })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  filedById: string | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the canonical input filed with idempotencyKey (src/shared/idempotency.ts). */
  @Column({ type: 'char', length: 64, nullable: true })
  idempotencyFingerprint: string | null;

  // --- the timetable, set at constitution from policy (null before) ---------------------

  @Column({ type: 'timestamptz', nullable: true })
  firstSubmissionsDue: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  rebuttalsDue: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  interimReportDue: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finalRulingDue: Date | null;

  /** The urgent track (provisional authorizations, which would otherwise lapse before a ruling). */
  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  /** When the parties and the panel were warned that the final ruling is near (or past) its due date. */
  @Column({ type: 'timestamptz', nullable: true })
  rulingDueWarnedAt: Date | null;

  /** When the panel was requested (third parties join within the policy's period after it). */
  @Column({ type: 'timestamptz', nullable: true })
  panelRequestedAt: Date | null;

  // --- the respondent's security exception (GATT Art. XXI) ------------------------------

  @Column({ type: 'text', nullable: true })
  securityExceptionStatement: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  securityExceptionInvokedAt: Date | null;

  /** LICENCE_DECISION cases: the institution of the complainant's member it is filed for ({ name, country }). */
  @Column({ type: 'jsonb', nullable: true })
  onBehalfOf: { name: string; country: string } | null;
}

/** A member that joined a case as a third party (it receives first submissions and may file). */
@Entity()
@Index(['disputeId', 'jurisdictionCode'], { unique: true })
export class DisputeThirdParty {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @Column({ type: 'timestamptz' })
  joinedAt: Date;
}

@Entity()
@Index(['disputeId', 'round', 'principalId'], { unique: true })
@Index(['principalId'])
export class DisputePanelist {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'uuid' })
  principalId: string;

  @Column({ type: 'timestamptz' })
  appointedAt: Date;
}

/** A panelist's declaration of a conflict of interest in a case; such a panelist cannot be appointed. */
@Entity()
@Index(['disputeId', 'principalId'], { unique: true })
export class DisputeConflict {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'uuid' })
  principalId: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'timestamptz' })
  declaredAt: Date;
}

@Entity()
@Index(['disputeId', 'confidentiality'])
@ObjectType({ description: 'A party\'s submission to the panel.' })
export class DisputeSubmission {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Round (1, or 2 on appeal).' })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  @Field({ description: 'Party that filed it (jurisdiction code, or SECRETARIAT).' })
  party: string;

  @Column({ type: 'text', nullable: true })
  authorId: string | null;

  @Column({ type: 'text' })
  @Field({ description: 'Title.' })
  title: string;

  @Column({ type: 'text' })
  @Field({ description: 'Body.' })
  body: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => Confidentiality, { description: 'Who may read it.' })
  confidentiality: Confidentiality;

  @Column({ type: 'varchar', length: 16, default: SubmissionNature.ARGUMENT })
  @Field(() => SubmissionNature, { description: 'ARGUMENT or EVIDENCE (new evidence is admitted before the first panel only).' })
  nature: SubmissionNature;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was filed.' })
  submittedAt: Date;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'A party\'s comment on the interim report.' })
  onInterimReport: boolean;
}

@Entity()
@Index(['disputeId', 'round', 'panelistId'], { unique: true })
@ObjectType({ description: 'A panelist\'s vote with reasoning.' })
export class DisputeVote {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Round.' })
  round: number;

  @Column({ type: 'uuid' })
  panelistId: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => PanelVote, { description: 'The vote.' })
  vote: PanelVote;

  @Column({ type: 'text' })
  @Field({ description: 'Reasoning.' })
  reasoning: string;

  /** The panelist's review of an invoked security exception (required then). */
  @Column({ type: 'text', nullable: true })
  securityExceptionAssessment: string | null;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was cast.' })
  castAt: Date;
}

@Entity()
@Index(['disputeId', 'round'], { unique: true })
@ObjectType({ description: 'A panel\'s ruling.' })
export class DisputeRuling {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: '1 for the first ruling, 2 for the appeal ruling.' })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => PanelVote, { description: 'UPHOLD, OVERTURN or REMAND.' })
  outcome: PanelVote;

  @Column({ type: 'text' })
  @Field({ description: 'The majority\'s rationale.' })
  rationale: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Votes for the outcome.' })
  majority: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Panel size.' })
  panelSize: number;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'What the ruling did to the contested decision.' })
  effect: string;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was issued.' })
  issuedAt: Date;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'True once nothing can change it: the appeal window closed without appeal, or it is the appeal ruling.' })
  final: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its effect was applied to the contested decision (null while the appeal window is open, or when an appeal replaced it).' })
  effectAppliedAt: Date | null;

  /** The panel's review of an invoked security exception (good faith, not its own judgment). */
  @Column({ type: 'text', nullable: true })
  securityExceptionAssessment: string | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'True while this is the interim report: the parties comment on it before the ruling is issued.' })
  interim: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'Interim report: the parties comment until then (the ruling issues then, or once each party has commented).' })
  commentsDue: Date | null;
}
