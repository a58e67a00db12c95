import { Field, ID, InputType } from 'type-graphql';
import { EndUserInput } from '../decisions/decision.inputs';
import { Confidentiality, ContestedDecisionKind, DisputeStatus, PanelVote, SubmissionNature } from './dispute.enums';

@InputType({ description: 'A dispute against a decision that affects your member.' })
export class FileDisputeInput {
  @Field(() => ContestedDecisionKind, { description: 'Kind of the contested decision.' })
  contestedKind: ContestedDecisionKind;

  @Field(() => ID, { description: 'Id of the contested decision (recognition response, authorization, mapping, consultation).' })
  contestedId: string;

  @Field({ description: 'Grounds.' })
  grounds: string;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;

  @Field(() => EndUserInput, {
    nullable: true,
    description:
      'LICENCE_DECISION only (and required then): the institution of your member on whose behalf you contest the decision. Never shown in the public register.',
  })
  onBehalfOf?: EndUserInput;
}

@InputType({ description: "A party's submission." })
export class DisputeSubmissionInput {
  @Field(() => ID, { description: 'The dispute.' })
  disputeId: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field({ description: 'Body.' })
  body: string;

  @Field(() => Confidentiality, { description: 'PUBLIC, PARTIES_AND_PANEL or PANEL_ONLY.' })
  confidentiality: Confidentiality;

  @Field(() => SubmissionNature, {
    nullable: true,
    description: 'ARGUMENT (default) or EVIDENCE; an appeal is on questions of law, so the appeal round refuses new EVIDENCE.',
  })
  nature?: SubmissionNature | null;
}

@InputType({ description: "A panelist's vote." })
export class PanelVoteInput {
  @Field(() => ID, { description: 'The dispute.' })
  disputeId: string;

  @Field(() => PanelVote, { description: 'UPHOLD, OVERTURN or REMAND.' })
  vote: PanelVote;

  @Field({ description: 'Reasoning.' })
  reasoning: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Required when the respondent invoked the security exception: your review of its invocation (good faith, a plausible connection between the measure and the interest stated), not your own view of the interest.',
  })
  securityExceptionAssessment?: string;
}

@InputType({ description: 'Filters for disputeCases.' })
export class DisputeFilter {
  @Field(() => DisputeStatus, { nullable: true, description: 'State.' })
  status?: DisputeStatus;

  @Field(() => String, { nullable: true, description: 'A party (jurisdiction code).' })
  party?: string;

  @Field(() => ID, { nullable: true, description: 'A panelist (principal id).' })
  panelist?: string;
}
