import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { Role } from '../../shared/role';
import { LicenceOutcome } from '../decisions/decision.enums';
import { EndUser } from '../decisions/end-user.entity';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { nearDuplicateDenials } from '../decisions/end-user-match';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { COUNTRY_GROUP_CLASSIFICATION, COUNTRY_GROUP_SOURCE } from './country-regions';
import { DestinationGrouping } from './reports.enums';
import { ConsistencyFinding, DestinationStats, EndUserMatch, FindingDecision, NearDuplicateDenial } from './reports.types';

const READERS = [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST];

@Resolver(() => ConsistencyFinding)
export class ReportsResolver {
  @Authorized(...READERS)
  @Query(() => [ConsistencyFinding], {
    description: "Consistency findings over the members' decisions in [from, to) (decisions you may see in full), optionally under a taxonomy prefix.",
  })
  consistencyReport(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { nullable: true }) from?: Date,
    @Arg('to', () => DateScalar, { nullable: true }) to?: Date,
    @Arg('taxonomyPrefix', () => String, { nullable: true }) taxonomyPrefix?: string,
  ): Promise<ConsistencyFinding[]> {
    return ctx.services.reports
      .consistencyReport(ctx.principal, consortiumId, from, to, taxonomyPrefix)
      .then((fs) => fs.map((f) => Object.assign(new ConsistencyFinding(), f, { decisions: f.decisions.map((d) => Object.assign(new FindingDecision(), d)) })));
  }

  @Authorized(...READERS)
  @Query(() => [DestinationStats], {
    description:
      'Approval rates and median days per member and destination group (World Bank region or income group), and for all members (jurisdiction null).',
  })
  async destinationStats(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Arg('groupBy', () => DestinationGrouping) groupBy: DestinationGrouping,
    @Ctx() ctx: Context,
  ): Promise<DestinationStats[]> {
    const rows = await ctx.services.reports.destinationStats(ctx.principal, consortiumId, groupBy);
    return rows.map((r) => Object.assign(new DestinationStats(), r, { source: `${COUNTRY_GROUP_SOURCE}; ${COUNTRY_GROUP_CLASSIFICATION}` }));
  }

  @Authorized(...READERS)
  @Query(() => [EndUserMatch], {
    description: 'End users whose names are like this one (trigram similarity), best first, with their denials and verifications in force.',
  })
  async endUserMatches(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: Context,
    @Arg('country', () => String, { nullable: true }) country?: string,
  ): Promise<EndUserMatch[]> {
    const rows = await ctx.services.reports.endUserMatches(ctx.principal, name, country);
    return rows.map((r) => Object.assign(new EndUserMatch(), r, { endUser: Object.assign(new EndUser(), r.endUser) }));
  }

  @FieldResolver(() => [Jurisdiction], { description: 'The members concerned.' })
  async jurisdictions(@Root() f: ConsistencyFinding, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return (await ctx.loaders.jurisdiction.loadMany(f.jurisdictionCodes)) as Jurisdiction[];
  }
}

@Resolver(() => FindingDecision)
export class FindingDecisionResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The deciding member.' })
  async jurisdiction(@Root() d: FindingDecision, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(d.jurisdictionCode))!;
  }
}

@Resolver(() => DestinationStats)
export class DestinationStatsResolver {
  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The member (null: all members).' })
  async jurisdiction(@Root() s: DestinationStats, @Ctx() ctx: Context): Promise<Jurisdiction | null> {
    return s.jurisdictionCode ? ((await ctx.loaders.jurisdiction.load(s.jurisdictionCode)) ?? null) : null;
  }
}

@Resolver(() => NearDuplicateDenial)
export class NearDuplicateDenialResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The denying member.' })
  async deniedByJurisdiction(@Root() d: NearDuplicateDenial, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(d.deniedBy))!;
  }
}

@Resolver(() => LicenceDecision)
export class LicenceDecisionNearDuplicateResolver {
  @FieldResolver(() => [NearDuplicateDenial], {
    description:
      "The no-undercut flag for near-duplicates: denials in force by other members of end users whose names are near-duplicates of this grant's end user (trigram similarity), for a shared item, without a PROCEED consultation by this member. Empty for denials and when you may not see the decision in full.",
  })
  async nearDuplicateDenials(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<NearDuplicateDenial[]> {
    if (d.outcome === LicenceOutcome.DENIED || !d.endUserId || !ctx.principal || ![Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST].includes(ctx.principal.role))
      return [];
    const rows = await nearDuplicateDenials(ctx.services.reports.reader(), d.jurisdictionCode, d.endUserId, d.taxonomyCodes, ctx.services.reports.today());
    return rows.map((r) => Object.assign(new NearDuplicateDenial(), r));
  }
}
