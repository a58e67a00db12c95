import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { RecognitionDecision, RecognitionEffect, RecognitionStatus, RecognitionSubjectKind } from './recognition.enums';

@InputType({ description: 'A request that other members recognize one of your decisions.' })
export class FileRecognitionRequestInput {
  @Field(() => ID, { description: 'The consortium.' })
  consortiumId: string;

  @Field(() => RecognitionSubjectKind, { description: 'What is to be recognized.' })
  subjectKind: RecognitionSubjectKind;

  @Field(() => ID, { description: 'Your decision, verification or accepted mapping.' })
  subjectId: string;

  @Field(() => [String], { nullable: true, description: 'Members asked (default: every other member).' })
  concernedJurisdictions?: string[];

  @Field({ description: 'Why recognition is asked for.' })
  justification: string;

  @Field(() => Boolean, { nullable: true, description: 'File as a draft (submit later).' })
  draft?: boolean;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;

  @Field(() => RecognitionEffect, {
    nullable: true,
    description:
      'What the recognition does in the recognizing members (default: REEXPORT_AUTHORISATION_WAIVED for a licence, END_USER_VETTING_ACCEPTED for a verification, CLASSIFICATION_ADOPTED for a classification).',
  })
  effect?: RecognitionEffect;

  @Field(() => DateScalar, { nullable: true, description: 'Last day the effect lasts (open-ended when omitted).' })
  effectValidUntil?: Date;
}

@InputType({ description: "A concerned member's answer." })
export class RecognitionResponseInput {
  @Field(() => ID, { description: 'The request.' })
  requestId: string;

  @Field(() => RecognitionDecision, { description: 'The answer.' })
  decision: RecognitionDecision;

  @Field(() => String, { nullable: true, description: 'Rationale (required for a decline or conditions).' })
  rationale?: string;

  @Field(() => [String], { nullable: true, description: 'Conditions (required with RECOGNIZE_WITH_CONDITIONS).' })
  conditions?: string[];

  @Field(() => [String], { nullable: true, description: 'Criteria cited for a decline.' })
  criteria?: string[];
}

@InputType({ description: 'Filters for mutualRecognitionRequests.' })
export class RecognitionRequestFilter {
  @Field(() => RecognitionStatus, { nullable: true, description: 'State.' })
  status?: RecognitionStatus;

  @Field(() => String, { nullable: true, description: 'Requesting member.' })
  requesting?: string;

  @Field(() => String, { nullable: true, description: 'A concerned member.' })
  concerned?: string;

  @Field(() => RecognitionSubjectKind, { nullable: true, description: 'Subject kind.' })
  subjectKind?: RecognitionSubjectKind;

  @Field(() => ID, { nullable: true, description: 'Consortium.' })
  consortiumId?: string;
}
