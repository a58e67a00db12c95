import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { Role } from '../../shared/role';
import { DataGovernanceAttestation } from './governance.entity';
import { BenefitSharing, ConsentBasis, GovernedMaterial, GovernedSubjectKind, TransferMechanism } from './governance.enums';

@InputType({ description: 'A data and specimen governance attestation for your member\'s decision, request, application or waiver.' })
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

@Resolver(() => DataGovernanceAttestation)
export class DataGovernanceResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => DataGovernanceAttestation, { description: 'Attach a data-governance attestation to your member\'s licence decision, recognition request, fast-track application or waiver.' })
  attachDataGovernance(@Arg('input', () => DataGovernanceInput) input: DataGovernanceInput, @Ctx() ctx: Context): Promise<DataGovernanceAttestation> {
    return ctx.services.governance.attach(ctx.principal, input);
  }

  @Query(() => [DataGovernanceAttestation], { description: 'The data-governance attestations on a subject: in full for members, the secretariat and analysts; for anyone else only that they exist.' })
  dataGovernanceAttestations(
    @Arg('subjectKind', () => GovernedSubjectKind) subjectKind: GovernedSubjectKind,
    @Arg('subjectId', () => ID) subjectId: string,
    @Ctx() ctx: Context,
  ): Promise<DataGovernanceAttestation[]> {
    return ctx.services.governance.forSubject(ctx.principal, subjectKind, subjectId);
  }
}
