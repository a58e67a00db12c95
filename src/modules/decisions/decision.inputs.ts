import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { LicensingTier } from '../control-lists/control-list.enums';
import { ConsultationOutcome, LicenceOutcome } from './decision.enums';

@InputType({ description: 'An end user named by name and country (recorded on first use).' })
export class EndUserInput {
  @Field({ description: 'Organisation name.' })
  name: string;

  @Field({ description: 'Country (ISO 3166-1 alpha-2).' })
  country: string;

  @Field(() => [String], { nullable: true, description: 'Identifiers (LEI, DUNS…).' })
  identifiers?: string[];
}

@InputType({ description: "A licence decision of the caller's own jurisdiction." })
export class LicenceDecisionInput {
  @Field({ description: 'Applicant (exporter).' })
  applicant: string;

  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field({ description: 'Destination country (ISO 3166-1 alpha-2).' })
  destination: string;

  @Field(() => [String], { description: 'Taxonomy codes of the items.' })
  taxonomyCodes: string[];

  @Field(() => LicenceOutcome, { description: 'Outcome.' })
  outcome: LicenceOutcome;

  @Field({ description: 'Rationale.' })
  rationale: string;

  @Field(() => [String], { nullable: true, description: 'Conditions (required with GRANTED_WITH_CONDITIONS).' })
  conditions?: string[];

  @Field(() => DateScalar, { nullable: true, description: 'Valid until.' })
  validUntil?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Confidential: others see the outcome only (denials are always shared).' })
  confidential?: boolean;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;

  @Field(() => LicensingTier, {
    nullable: true,
    description:
      'The tier decided (default: the most restrictive tier of the controlling entries). A tier other than the proposed one needs tierDeviationReason.',
  })
  tier?: LicensingTier;

  @Field(() => String, { nullable: true, description: 'Why the decided tier differs from the proposed tier (required then).' })
  tierDeviationReason?: string;

  @Field(() => ID, { nullable: true, description: 'The transaction assessment decided against (default: one is computed when deciding).' })
  assessmentId?: string;
}

@InputType({ description: 'A consultation with the member that denied an essentially identical transaction.' })
export class DenialConsultationInput {
  @Field(() => ID, { description: 'The denial (a LicenceDecision with outcome DENIED).' })
  denialId: string;

  @Field({ description: 'What was discussed and agreed.' })
  summary: string;

  @Field(() => ConsultationOutcome, { defaultValue: ConsultationOutcome.PROCEED, description: 'Whether the consulting member will proceed to grant.' })
  outcome: ConsultationOutcome;
}

@InputType({ description: "A verification of an end user by the caller's jurisdiction." })
export class EndUserVerificationInput {
  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Valid until.' })
  validUntil?: Date;

  @Field(() => String, { nullable: true, description: 'What was checked.' })
  note?: string;
}

@InputType({ description: 'Filters for licenceDecisions.' })
export class LicenceDecisionFilter {
  @Field(() => String, { nullable: true, description: 'Deciding jurisdiction.' })
  jurisdiction?: string;

  @Field(() => LicenceOutcome, { nullable: true, description: 'Outcome.' })
  outcome?: LicenceOutcome;

  @Field(() => ID, { nullable: true, description: 'End user.' })
  endUserId?: string;

  @Field(() => String, { nullable: true, description: 'Taxonomy code among the items.' })
  taxonomyCode?: string;
}
