/** The register API's result types (plain object types, not entities). */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { Connection } from '../../shared/pagination';
import { Consortium, ConsortiumPolicy } from '../jurisdictions/consortium.entity';
import { RegisterEntry } from './register-entry.entity';

@ObjectType({ description: 'A page of register entries, newest first.', simpleResolvers: true })
export class RegisterEntryConnection extends Connection(RegisterEntry, 'RegisterEntry') {}

@ObjectType({ description: "One member's figures over the period." })
export class MemberStats {
  jurisdictionCode: string;

  @Field(() => Int, { description: 'Recognition requests it answered.' })
  answers: number;

  @Field(() => Float, { nullable: true, description: 'Median days from submission to its answer.' })
  medianDaysToAnswer: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of days from submission to its answer.' })
  p90DaysToAnswer: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of its answers that recognized (with or without conditions), as first given.' })
  recognitionRate: number | null;

  @Field(() => Int, { description: 'Requests that lapsed while it had not answered.' })
  requestsLapsed: number;

  @Field(() => Int, { description: 'Requests it filed.' })
  requestsFiled: number;

  @Field(() => Int, { description: 'Of those, recognized in full or in part.' })
  ownRequestsRecognized: number;

  @Field(() => Int, { description: 'Fast-track applications it decided.' })
  emergencyDecided: number;

  @Field(() => Int, { description: 'Of those, decided inside the emergency review window.' })
  emergencyDecidedInWindow: number;

  @Field(() => Int, { description: 'Disputes it filed.' })
  disputesFiled: number;

  @Field(() => Int, { description: 'Disputes it won (as complainant: overturn or remand; as respondent: uphold), by the final ruling.' })
  disputesWon: number;

  @Field(() => Int, { description: 'Disputes it lost.' })
  disputesLost: number;

  @Field(() => Int, { description: 'National implementations of recognitions it gave that are past due and not recorded, now.' })
  implementationsOverdue: number;
}

@ObjectType({ description: 'Transparency statistics of a consortium, with the policy they are judged against.' })
export class TransparencyStats {
  @Field(() => Consortium, { description: 'The consortium.' })
  consortium: Consortium;

  @Field(() => ConsortiumPolicy, { description: 'The policy in force (clocks and criteria).' })
  policy: ConsortiumPolicy;

  @Field(() => DateTimeScalar, { description: 'Start of the period.' })
  from: Date;

  @Field(() => DateTimeScalar, { description: 'End of the period (exclusive).' })
  to: Date;

  @Field(() => [MemberStats], { description: 'Figures per member.' })
  members: MemberStats[];

  @Field(() => Int, { description: 'Open dispute cases whose panel is past the final-ruling date of its timetable, now.' })
  overdueDisputes: number;

  @Field(() => Int, { description: 'Fast-track applications undecided past their review window (escalated to the secretariat), now.' })
  escalatedApplications: number;
}
