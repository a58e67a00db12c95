import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Role } from '../../shared/role';
import { DataGovernanceAttestation } from './governance.entity';
import { GovernedSubjectKind } from './governance.enums';
import { DataGovernanceInput } from './governance.inputs';

@Resolver(() => DataGovernanceAttestation)
export class DataGovernanceResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => DataGovernanceAttestation, {
    description: "Attach a data-governance attestation to your member's licence decision, recognition request, fast-track application or waiver.",
  })
  attachDataGovernance(@Arg('input', () => DataGovernanceInput) input: DataGovernanceInput, @Ctx() ctx: Context): Promise<DataGovernanceAttestation> {
    return ctx.services.governance.attach(ctx.principal, input);
  }

  @Query(() => [DataGovernanceAttestation], {
    description: 'The data-governance attestations on a subject: in full for members, the secretariat and analysts; for anyone else only that they exist.',
  })
  dataGovernanceAttestations(
    @Arg('subjectKind', () => GovernedSubjectKind) subjectKind: GovernedSubjectKind,
    @Arg('subjectId', () => ID) subjectId: string,
    @Ctx() ctx: Context,
  ): Promise<DataGovernanceAttestation[]> {
    return ctx.services.governance.forSubject(ctx.principal, subjectKind, subjectId);
  }
}
