import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { SilencePolicy } from './jurisdiction.enums';

/**
 * A consortium's published policy: every clock in the workflows reads it
 * (DESIGN.md §1, Jurisdictions and consortia). Stored as columns of the consortium.
 */
@ObjectType({ description: 'The clocks and rules a consortium has published; every workflow clock reads them.' })
export class ConsortiumPolicy {
  @Column({ type: 'int', default: 90 })
  @Field(() => Int, { description: 'Days a concerned member has to answer a recognition request (default 90).' })
  recognitionReviewDays: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, { description: 'Most days in all that information requests may stop a recognition clock.' })
  maxClockStopDays: number;

  @Column({ type: 'int', default: 2 })
  @Field(() => Int, { description: 'Most information requests (clock stops) per recognition request.' })
  maxClockStops: number;

  @Column({ type: 'varchar', length: 24, default: SilencePolicy.NO_ANSWER })
  @Field(() => SilencePolicy, { description: 'How silence is treated at the recognition deadline.' })
  silenceAtDeadline: SilencePolicy;

  @Column({ type: 'int', default: 90 })
  @Field(() => Int, { description: 'Days after a recognition within which each recognizing member records its national implementation (default 90).' })
  recognitionImplementationDays: number;

  @Column({ type: 'int', default: 72 })
  @Field(() => Int, { description: 'Hours within which a fast-track emergency application is to be decided (default 72).' })
  emergencyReviewHours: number;

  @Column({ type: 'int', default: 180 })
  @Field(() => Int, { description: 'Longest a provisional authorization may run, in days.' })
  maxProvisionalDays: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, { description: 'Default days between monitoring reports on a provisional authorization.' })
  monitoringEveryDays: number;

  @Column({ type: 'int', default: 90 })
  @Field(() => Int, { description: 'Days after approval by which the post-approval review is due.' })
  postApprovalReviewDays: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, {
    description: 'Days of wind-down after an emergency ends: its authorizations run at most this long for shipments already under way (default 30).',
  })
  emergencyWindDownDays: number;

  @Column({ type: 'int', default: 60 })
  @Field(() => Int, { description: 'Days of consultation before a dispute panel may be requested (default 60).' })
  disputeConsultationDays: number;

  @Column({ type: 'int', default: 3 })
  @Field(() => Int, { description: 'Number of panelists on a dispute panel (default 3).' })
  panelSize: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, { description: 'Days after a ruling within which a party may appeal.' })
  appealWindowDays: number;

  @Column({ type: 'int', default: 7 })
  @Field(() => Int, { description: 'Days before a deadline at which members are warned.' })
  deadlineWarningDays: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, { description: "Dispute timetable: days from the panel's constitution to the first written submissions (default 30)." })
  panelSubmissionDays: number;

  @Column({ type: 'int', default: 14 })
  @Field(() => Int, { description: 'Dispute timetable: days after the first submissions for rebuttals (default 14).' })
  panelRebuttalDays: number;

  @Column({ type: 'int', default: 30 })
  @Field(() => Int, { description: 'Dispute timetable: days after the rebuttals for the interim report (default 30).' })
  panelInterimReportDays: number;

  @Column({ type: 'int', default: 14 })
  @Field(() => Int, { description: 'Dispute timetable: days after the interim report (the parties comment) for the final ruling (default 14).' })
  panelFinalRulingDays: number;

  @Column({ type: 'int', default: 60 })
  @Field(() => Int, { description: 'The urgent track (provisional authorizations): the whole timetable fits in this many days (default 60).' })
  urgentTrackDays: number;

  @Column({ type: 'int', default: 10 })
  @Field(() => Int, { description: 'Days after a panel is requested within which other members may join as third parties (default 10).' })
  thirdPartyJoinDays: number;

  @Column({ type: 'int', default: 60 })
  @Field(() => Int, { description: 'Days from an appeal to the appeal ruling (default 60).' })
  appealRulingDays: number;
}

@Entity()
@ObjectType({ description: 'A regional grouping of member jurisdictions with its published policy.' })
export class Consortium {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'text', unique: true })
  @Field({ description: 'Name.' })
  name: string;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'What the consortium is for.' })
  description: string;

  @Column(() => ConsortiumPolicy, { prefix: 'policy' })
  @Field(() => ConsortiumPolicy, { description: 'The published policy.' })
  policy: ConsortiumPolicy;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When the current policy was published.' })
  policyPublishedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
