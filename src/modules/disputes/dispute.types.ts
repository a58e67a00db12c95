import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { PartyRole } from './dispute.enums';

@ObjectType({ description: 'A party to a dispute.' })
export class DisputeParty {
  code: string;

  @Field(() => PartyRole, { description: 'Complainant or respondent.' })
  role: PartyRole;

  @Field({ description: 'Jurisdiction code, or SECRETARIAT for a mapping review.' })
  party: string;
}

@ObjectType({ description: 'A panelist of a case.' })
export class DisputePanelistView {
  @Field(() => ID, { description: 'Principal id.' })
  id: string;

  @Field({ description: 'Handle.' })
  handle: string;

  @Field(() => String, { nullable: true, description: 'Nationality.' })
  nationality: string | null;

  @Field(() => Int, { description: 'Round (1, or 2 on appeal).' })
  round: number;
}

@ObjectType({ description: "An event in a dispute's life." })
export class DisputeTimelineEvent {
  @Field({ description: 'What happened, e.g. DISPUTE.REQUEST_PANEL.' })
  action: string;

  @Field(() => String, { nullable: true, description: 'State after it.' })
  status: string | null;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Who acted (jurisdiction), or null for the system.' })
  actorJurisdiction: string | null;
}

@ObjectType({ description: "The timetable a case's panel works to, set from policy at constitution (on appeal, from the appeal)." })
export class DisputeTimetable {
  @Field(() => DateTimeScalar, { description: 'First written submissions of the parties (the panel deliberates after them, or after this date).' })
  firstSubmissionsDue: Date;

  @Field(() => DateTimeScalar, { description: 'Rebuttals: submissions close.' })
  rebuttalsDue: Date;

  @Field(() => DateTimeScalar, { description: 'The interim report.' })
  interimReportDue: Date;

  @Field(() => DateTimeScalar, { description: 'The final ruling.' })
  finalRulingDue: Date;

  @Field({ description: 'The urgent track (a provisional authorization would otherwise expire before the ruling).' })
  urgent: boolean;

  @Field({ description: 'The final-ruling date has passed without a ruling.' })
  overdue: boolean;
}

@ObjectType({ description: "The respondent's security exception (GATT Art. XXI) and the panel's review of it." })
export class SecurityExceptionView {
  @Field({ description: 'Whether the respondent invoked it.' })
  invoked: boolean;

  @Field(() => String, { nullable: true, description: "The respondent's statement." })
  statement: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was invoked.' })
  invokedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The ruling's assessment of it (good faith), once a majority has ruled." })
  assessment: string | null;
}

@ObjectType({ description: 'A member that joined the case as a third party.' })
export class DisputeThirdPartyView {
  code: string;

  @Field(() => DateTimeScalar, { description: 'When it joined.' })
  joinedAt: Date;
}

@ObjectType({ description: 'The institution a LICENCE_DECISION case is filed for: its name only to the parties, the panel and the secretariat.' })
export class DisputeInstitution {
  @Field(() => String, { nullable: true, description: 'Name (null unless you are a party, a panelist of the case or the secretariat).' })
  name: string | null;

  @Field({ description: 'Country (ISO 3166-1 alpha-2).' })
  country: string;
}
