import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../shared/role';
import { ConsortiumPolicyInput } from './jurisdiction.inputs';
import type { Context } from '../../graphql/context';
import { Consortium } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { Membership } from './membership.entity';

@Resolver(() => Jurisdiction)
export class JurisdictionResolver {
  @Query(() => [Jurisdiction], { description: 'Every jurisdiction known to Accord: states, unions and regimes.' })
  jurisdictions(@Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return ctx.services.jurisdictions.jurisdictions();
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The jurisdiction whose list this one applies (DE, FR and NL apply the EU list).' })
  adopts(@Root() j: Jurisdiction, @Ctx() ctx: Context): Promise<Jurisdiction | null> | null {
    return j.adoptsCode ? ctx.loaders.jurisdiction.load(j.adoptsCode) : null;
  }
}

@Resolver(() => Consortium)
export class ConsortiumResolver {
  @Query(() => [Consortium], { description: 'Every consortium with its published policy.' })
  consortia(@Ctx() ctx: Context): Promise<Consortium[]> {
    return ctx.services.jurisdictions.consortia();
  }

  @Query(() => Consortium, { nullable: true, description: 'One consortium; null when there is none with this id.' })
  consortium(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Consortium | null> {
    return ctx.services.jurisdictions.consortium(id);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => Consortium, { description: "Publish a change to a consortium's policy (secretariat). Audited with its rationale." })
  updateConsortiumPolicy(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Arg('input', () => ConsortiumPolicyInput) input: ConsortiumPolicyInput,
    @Arg('rationale', () => String) rationale: string,
    @Ctx() ctx: Context,
  ): Promise<Consortium> {
    return ctx.services.jurisdictions.updatePolicy(ctx.principal, consortiumId, input, rationale);
  }

  @FieldResolver(() => [Membership], { description: 'Members and observers, by jurisdiction code.' })
  members(@Root() c: Consortium, @Ctx() ctx: Context): Promise<Membership[]> {
    return ctx.loaders.membershipsByConsortium.load(c.id);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member jurisdiction.' })
  async jurisdiction(@Root() m: Membership, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.jurisdictionCode))!;
  }
}
