import { Field, InputType, Int } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { SilencePolicy } from './jurisdiction.enums';

@InputType({ description: "Changes to a consortium's policy; omitted fields keep their value." })
export class ConsortiumPolicyInput {
  @Field(() => Int, { nullable: true, description: 'Recognition review clock in days (1–730).' })
  @Min(1)
  @Max(730)
  recognitionReviewDays?: number;

  @Field(() => Int, { nullable: true, description: 'Most clock-stop days in all (0–365).' })
  @Min(0)
  @Max(365)
  maxClockStopDays?: number;

  @Field(() => Int, { nullable: true, description: 'Most information requests per recognition request (0–20).' })
  @Min(0)
  @Max(20)
  maxClockStops?: number;

  @Field(() => SilencePolicy, { nullable: true, description: 'How silence at the deadline is treated.' })
  silenceAtDeadline?: SilencePolicy;

  @Field(() => Int, { nullable: true, description: 'Emergency review window in hours (1–720).' })
  @Min(1)
  @Max(720)
  emergencyReviewHours?: number;

  @Field(() => Int, { nullable: true, description: 'Longest provisional authorization in days (1–730).' })
  @Min(1)
  @Max(730)
  maxProvisionalDays?: number;

  @Field(() => Int, { nullable: true, description: 'Default monitoring cadence in days (1–365).' })
  @Min(1)
  @Max(365)
  monitoringEveryDays?: number;

  @Field(() => Int, { nullable: true, description: 'Post-approval review due after this many days (1–730).' })
  @Min(1)
  @Max(730)
  postApprovalReviewDays?: number;

  @Field(() => Int, { nullable: true, description: 'Dispute consultation period in days (0–365).' })
  @Min(0)
  @Max(365)
  disputeConsultationDays?: number;

  @Field(() => Int, { nullable: true, description: 'Panel size, an odd number from 1 to 9.' })
  @Min(1)
  @Max(9)
  panelSize?: number;

  @Field(() => Int, { nullable: true, description: 'Appeal window in days (0–365).' })
  @Min(0)
  @Max(365)
  appealWindowDays?: number;

  @Field(() => Int, { nullable: true, description: 'Deadline warning lead time in days (0–90).' })
  @Min(0)
  @Max(90)
  deadlineWarningDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days to the first written submissions (1–365).' })
  @Min(1)
  @Max(365)
  panelSubmissionDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days for rebuttals (0–365).' })
  @Min(0)
  @Max(365)
  panelRebuttalDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days to the interim report (1–365).' })
  @Min(1)
  @Max(365)
  panelInterimReportDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days from the interim report to the final ruling (1–365).' })
  @Min(1)
  @Max(365)
  panelFinalRulingDays?: number;

  @Field(() => Int, { nullable: true, description: 'Length of the urgent track in days (4–365).' })
  @Min(4)
  @Max(365)
  urgentTrackDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days to join as a third party (0–365).' })
  @Min(0)
  @Max(365)
  thirdPartyJoinDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days to the appeal ruling (1–365).' })
  @Min(1)
  @Max(365)
  appealRulingDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days after a recognition to record its national implementation (1–730).' })
  @Min(1)
  @Max(730)
  recognitionImplementationDays?: number;

  @Field(() => Int, { nullable: true, description: 'Wind-down days after an emergency ends (0–365).' })
  @Min(0)
  @Max(365)
  emergencyWindDownDays?: number;
}
