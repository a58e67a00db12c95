import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { BenefitSharing, ConsentBasis, GovernedMaterial, GovernedSubjectKind, TransferMechanism } from './governance.enums';

@InputType({ description: "A data and specimen governance attestation for your member's decision, request, application or waiver." })
export class DataGovernanceInput {
  @Field(() => GovernedSubjectKind, { description: 'What it is attached to.' })
  subjectKind: GovernedSubjectKind;

  @Field(() => ID, { description: 'The decision, request, application or waiver.' })
  subjectId: string;

  @Field(() => [GovernedMaterial], { description: 'Materials and data that cross the border.' })
  materials: GovernedMaterial[];

  @Field(() => ConsentBasis, { nullable: true, description: 'Consent basis; required for human specimens and clinical data.' })
  consentBasis?: ConsentBasis;

  @Field(() => String, { nullable: true, description: 'Ethics approval reference (required with ETHICS_WAIVER).' })
  ethicsApprovalRef?: string;

  @Field(() => TransferMechanism, { description: 'Transfer mechanism.' })
  transferMechanism: TransferMechanism;

  @Field({ description: 'Whether the data are pseudonymised.' })
  pseudonymised: boolean;

  @Field({ description: 'Where the data and specimens are stored (ISO 3166-1 alpha-2).' })
  storageCountry: string;

  @Field(() => DateScalar, { nullable: true, description: 'Kept until.' })
  retentionUntil?: Date;

  @Field(() => BenefitSharing, { description: 'Benefit-sharing arrangement.' })
  benefitSharing: BenefitSharing;
}
