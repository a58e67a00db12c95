import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { LicenceOutcome } from '../decisions/decision.enums';
import { EndUser } from '../decisions/end-user.entity';
import { ConsistencyFindingKind } from './reports.enums';

@ObjectType({ description: 'A decision named by a finding (outcome and date; the details stay with the decision).' })
export class FindingDecision {
  @Field(() => ID, { description: 'The licence decision.' })
  id: string;

  jurisdictionCode: string;

  @Field(() => LicenceOutcome, { description: 'Outcome.' })
  outcome: LicenceOutcome;

  @Field(() => DateTimeScalar, { description: 'When it was decided.' })
  decidedAt: Date;
}

@ObjectType({ description: "A consistency finding across members' decisions." })
export class ConsistencyFinding {
  @Field(() => ConsistencyFindingKind, { description: 'Kind.' })
  kind: ConsistencyFindingKind;

  jurisdictionCodes: string[];

  @Field(() => [FindingDecision], { description: 'The decisions concerned.' })
  decisions: FindingDecision[];

  @Field({ description: 'What was found, in a sentence.' })
  detail: string;
}

@ObjectType({ description: 'Approval rate and median days for one member (or all members: jurisdiction null) and one destination group.' })
export class DestinationStats {
  jurisdictionCode: string | null;

  @Field({ description: 'The region or income group (World Bank); UNKNOWN where no sourced group exists.' })
  group: string;

  @Field(() => Int, { description: 'Decisions.' })
  decisions: number;

  @Field(() => Int, { description: 'Grants (with or without conditions).' })
  grants: number;

  @Field(() => Int, { description: 'Denials.' })
  denials: number;

  @Field(() => Float, { nullable: true, description: 'Grants / decisions.' })
  approvalRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Median days from the transaction assessment the decision was measured against to the decision (null: no assessment preceded them).',
  })
  medianDays: number | null;

  @Field({ description: 'Where the country groups come from.' })
  source: string;
}

@ObjectType({ description: 'An end user whose name is like the one searched, with its record.' })
export class EndUserMatch {
  @Field(() => EndUser, { description: 'The end user.' })
  endUser: EndUser;

  @Field(() => Float, { description: 'Trigram similarity of the normalised names, 0 to 1.' })
  score: number;

  @Field(() => Int, { description: 'Denials in force for this end user (any member).' })
  denials: number;

  @Field(() => Int, { description: 'Verifications in force for this end user (any member).' })
  verifications: number;
}

@ObjectType({ description: "A denial in force by another member of a near-duplicate of this decision's end user, for a shared item, not yet consulted on." })
export class NearDuplicateDenial {
  @Field(() => ID, { description: 'The denial (a licence decision).' })
  denialId: string;

  deniedBy: string;

  @Field({ description: "The denied end user's name as recorded." })
  endUserName: string;

  @Field(() => Float, { description: 'Trigram similarity of the two names.' })
  similarity: number;
}
