import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote, SubmissionNature } from './dispute.enums';
import { DateTimeColumn, FlagColumn, IdempotentRecord, IntColumn, OpaqueIdColumn, TextColumn, TextListColumn } from '../../graphql/entity-fields';

/** A dispute between a complainant member and the respondent that made the contested decision. */
@Entity()
@Index(['status'])
@Index(['contestedKind', 'contestedId'])
@Index('uq_dispute_idempotency', ['complainant', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@ObjectType({ description: 'A dispute case before a panel.' })
export class DisputeCase extends IdempotentRecord {
  @OpaqueIdColumn()
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

  @TextColumn("The complainant's grounds.")
  grounds: string;

  /** The contested decision's state when the dispute was filed (e.g. the mapping's ACCEPTED/REJECTED). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  contestedStatus: string | null;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => DisputeStatus, { description: 'State.' })
  status: DisputeStatus;

  @DateTimeColumn('When it was filed.')
  filedAt: Date;

  @DateTimeColumn('End of the consultation period (policy); a panel may be requested by one party after it.')
  consultationEndsAt: Date;

  /** Parties (jurisdiction codes, or SECRETARIAT) that asked for a panel. */
  @TextListColumn('Parties that asked for a panel.')
  panelRequestedBy: string[];

  @IntColumn('1 for the first panel, 2 on appeal.', { default: 1 })
  round: number;

  @TextColumn('Agreed terms of a settlement.', { nullable: true })
  settlementTerms: string | null;

  @DateTimeColumn('Last day to appeal the ruling.', { nullable: true })
  appealDeadline: Date | null;

  @TextColumn('Grounds of the appeal.', { nullable: true })
  appealGrounds: string | null;

  @TextColumn('Party that appealed.', { nullable: true })
  appealedBy: string | null;

  @TextColumn('Why it was withdrawn.', { nullable: true })
  withdrawalReason: string | null;

  @DateTimeColumn('When it closed (settled, closed or withdrawn).', { nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  filedById: string | null;

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
@ObjectType({ description: "A party's submission to the panel." })
export class DisputeSubmission {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @IntColumn('Round (1, or 2 on appeal).')
  round: number;

  @Column({ type: 'varchar', length: 16 })
  @Field({ description: 'Party that filed it (jurisdiction code, or SECRETARIAT).' })
  party: string;

  @Column({ type: 'text', nullable: true })
  authorId: string | null;

  @TextColumn('Title.')
  title: string;

  @TextColumn('Body.')
  body: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => Confidentiality, { description: 'Who may read it.' })
  confidentiality: Confidentiality;

  @Column({ type: 'varchar', length: 16, default: SubmissionNature.ARGUMENT })
  @Field(() => SubmissionNature, { description: 'ARGUMENT or EVIDENCE (new evidence is admitted before the first panel only).' })
  nature: SubmissionNature;

  @DateTimeColumn('When it was filed.')
  submittedAt: Date;

  @FlagColumn("A party's comment on the interim report.", false)
  onInterimReport: boolean;
}

@Entity()
@Index(['disputeId', 'round', 'panelistId'], { unique: true })
@ObjectType({ description: "A panelist's vote with reasoning." })
export class DisputeVote {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @IntColumn('Round.')
  round: number;

  @Column({ type: 'uuid' })
  panelistId: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => PanelVote, { description: 'The vote.' })
  vote: PanelVote;

  @TextColumn('Reasoning.')
  reasoning: string;

  /** The panelist's review of an invoked security exception (required then). */
  @Column({ type: 'text', nullable: true })
  securityExceptionAssessment: string | null;

  @DateTimeColumn('When it was cast.')
  castAt: Date;
}

@Entity()
@Index(['disputeId', 'round'], { unique: true })
@ObjectType({ description: "A panel's ruling." })
export class DisputeRuling {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'uuid' })
  disputeId: string;

  @IntColumn('1 for the first ruling, 2 for the appeal ruling.')
  round: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => PanelVote, { description: 'UPHOLD, OVERTURN or REMAND.' })
  outcome: PanelVote;

  @TextColumn("The majority's rationale.")
  rationale: string;

  @IntColumn('Votes for the outcome.')
  majority: number;

  @IntColumn('Panel size.')
  panelSize: number;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'What the ruling did to the contested decision.' })
  effect: string;

  @DateTimeColumn('When it was issued.')
  issuedAt: Date;

  @FlagColumn('True once nothing can change it: the appeal window closed without appeal, or it is the appeal ruling.', true)
  final: boolean;

  @DateTimeColumn('When its effect was applied to the contested decision (null while the appeal window is open, or when an appeal replaced it).', {
    nullable: true,
  })
  effectAppliedAt: Date | null;

  /** The panel's review of an invoked security exception (good faith, not its own judgment). */
  @Column({ type: 'text', nullable: true })
  securityExceptionAssessment: string | null;

  @FlagColumn('True while this is the interim report: the parties comment on it before the ruling is issued.', false)
  interim: boolean;

  @DateTimeColumn('Interim report: the parties comment until then (the ruling issues then, or once each party has commented).', { nullable: true })
  commentsDue: Date | null;
}
