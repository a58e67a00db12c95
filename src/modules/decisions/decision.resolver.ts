import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { isoDate } from '../control-lists/control-list.inputs';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { EndUser, EndUserVerification } from './end-user.entity';
import { DenialConsultation, LicenceDecision } from './licence-decision.entity';
import { redactDecision } from './decision.service';
import { DenialConsultationInput, EndUserVerificationInput, LicenceDecisionFilter, LicenceDecisionInput } from './decision.inputs';
import { DecisionItem, LicenceDecisionConnection } from './decision.types';

@Resolver(() => LicenceDecision)
export class LicenceDecisionResolver {
  @Authorized(Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST)
  @Query(() => LicenceDecisionConnection, { description: 'Licence decisions, newest first; confidential grants of other members show their outcome only.' })
  licenceDecisions(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => LicenceDecisionFilter, { nullable: true }) filter?: LicenceDecisionFilter,
  ): Promise<ConnectionShape<LicenceDecision>> {
    return ctx.services.decisions.list(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST)
  @Query(() => LicenceDecision, { nullable: true, description: 'One licence decision (redacted as in licenceDecisions).' })
  licenceDecision(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<LicenceDecision | null> {
    return ctx.services.decisions.get(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => LicenceDecision, {
    description:
      "Record a licence decision of your jurisdiction. A grant that undercuts another member's denial in force is CONFLICT unless a consultation was recorded.",
  })
  recordLicenceDecision(@Arg('input', () => LicenceDecisionInput) input: LicenceDecisionInput, @Ctx() ctx: Context): Promise<LicenceDecision> {
    return ctx.services.decisions.record(ctx.principal, { ...input, validUntil: isoDate(input.validUntil) });
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => DenialConsultation, { description: 'Record a consultation with the member that denied an essentially identical transaction.' })
  recordDenialConsultation(@Arg('input', () => DenialConsultationInput) input: DenialConsultationInput, @Ctx() ctx: Context): Promise<DenialConsultation> {
    return ctx.services.decisions.recordConsultation(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => EndUserVerification, { description: "Record your jurisdiction's verification of an end user." })
  verifyEndUser(@Arg('input', () => EndUserVerificationInput) input: EndUserVerificationInput, @Ctx() ctx: Context): Promise<EndUserVerification> {
    return ctx.services.decisions.verifyEndUser(ctx.principal, { ...input, validUntil: isoDate(input.validUntil) });
  }

  @FieldResolver(() => Jurisdiction, { description: 'Deciding jurisdiction.' })
  async jurisdiction(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(d.jurisdictionCode))!;
  }

  @FieldResolver(() => EndUser, { nullable: true, description: 'End user; null when confidential and you may not see it.' })
  endUser(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<EndUser | null> | null {
    return d.redacted || !d.endUserId ? null : ctx.loaders.endUser.load(d.endUserId);
  }

  @FieldResolver(() => [DecisionItem], { description: 'Items with their controlling entries (empty when redacted).' })
  items(@Root() d: LicenceDecision): DecisionItem[] {
    return d.items.map((i) => Object.assign(new DecisionItem(), i));
  }

  @FieldResolver(() => Boolean, { description: 'True when confidential details were withheld from you.' })
  redacted(@Root() d: LicenceDecision): boolean {
    return !!d.redacted;
  }
}

@Resolver(() => DecisionItem)
export class DecisionItemResolver {
  @FieldResolver(() => TaxonomyNode, { description: 'The item class.' })
  async node(@Root() i: DecisionItem, @Ctx() ctx: Context): Promise<TaxonomyNode> {
    return (await ctx.loaders.taxonomyNode.load(i.taxonomyCode))!;
  }
}

@Resolver(() => EndUserVerification)
export class EndUserVerificationResolver {
  @FieldResolver(() => EndUser, { description: 'The end user.' })
  async endUser(@Root() v: EndUserVerification, @Ctx() ctx: Context): Promise<EndUser> {
    return (await ctx.loaders.endUser.load(v.endUserId))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'Verifying jurisdiction.' })
  async jurisdiction(@Root() v: EndUserVerification, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(v.jurisdictionCode))!;
  }
}

@Resolver(() => DenialConsultation)
export class DenialConsultationResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The consulting member.' })
  async jurisdiction(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(c.jurisdictionCode))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'The member that denied.' })
  async consulted(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(c.consultedJurisdictionCode))!;
  }

  @FieldResolver(() => LicenceDecision, { description: 'The denial.' })
  async denial(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<LicenceDecision | null> {
    const d = await ctx.loaders.licenceDecision.load(c.denialId);
    return d ? redactDecision(ctx.principal, d) : null;
  }
}
