import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { Role } from '../../shared/role';
import { LicenceOutcome } from '../decisions/decision.enums';
import { EndUser } from '../decisions/end-user.entity';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { nearDuplicateDenials } from '../decisions/end-user-match';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { COUNTRY_GROUP_CLASSIFICATION, COUNTRY_GROUP_SOURCE } from './country-regions';
import { ConsistencyFindingKind, DestinationGrouping } from './reports.service';

registerEnumType(ConsistencyFindingKind, {
  name: 'ConsistencyFindingKind',
  description: 'What a consistency finding is about.',
  valuesConfig: {
    SAME_END_USER_OPPOSITE_OUTCOMES: { description: 'One end user and item: granted by one member, denied by another.' },
    NEAR_DUPLICATE_END_USER: { description: 'Two end-user records whose names are near-duplicates (trigram similarity) in one country.' },
    GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION: { description: 'A grant after another member\'s denial of the same (or a near-duplicate) end user and item, without a recorded consultation.' },
    DESTINATION_OUTLIER: { description: 'A member whose approval rate for a destination is far off the other members\'.' },
  },
});
registerEnumType(DestinationGrouping, { name: 'DestinationGrouping', description: 'How destinations are grouped: World Bank region or income group.' });

const READERS = [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST];

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

@ObjectType({ description: 'A consistency finding across members\' decisions.' })
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

  @Field(() => Float, { nullable: true, description: 'Median days from the transaction assessment the decision was measured against to the decision (null: no assessment preceded them).' })
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

@Resolver(() => ConsistencyFinding)
export class ReportsResolver {
  @Authorized(...READERS)
  @Query(() => [ConsistencyFinding], { description: 'Consistency findings over the members\' decisions in [from, to) (decisions you may see in full), optionally under a taxonomy prefix.' })
  consistencyReport(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { nullable: true }) from?: Date,
    @Arg('to', () => DateScalar, { nullable: true }) to?: Date,
    @Arg('taxonomyPrefix', () => String, { nullable: true }) taxonomyPrefix?: string,
  ): Promise<ConsistencyFinding[]> {
    return ctx.services.reports.consistencyReport(ctx.principal, consortiumId, from, to, taxonomyPrefix).then((fs) =>
      fs.map((f) => Object.assign(new ConsistencyFinding(), f, { decisions: f.decisions.map((d) => Object.assign(new FindingDecision(), d)) })));
  }

  @Authorized(...READERS)
  @Query(() => [DestinationStats], { description: 'Approval rates and median days per member and destination group (World Bank region or income group), and for all members (jurisdiction null).' })
  async destinationStats(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Arg('groupBy', () => DestinationGrouping) groupBy: DestinationGrouping,
    @Ctx() ctx: Context,
  ): Promise<DestinationStats[]> {
    const rows = await ctx.services.reports.destinationStats(ctx.principal, consortiumId, groupBy);
    return rows.map((r) => Object.assign(new DestinationStats(), r, { source: `${COUNTRY_GROUP_SOURCE}; ${COUNTRY_GROUP_CLASSIFICATION}` }));
  }

  @Authorized(...READERS)
  @Query(() => [EndUserMatch], { description: 'End users whose names are like this one (trigram similarity), best first, with their denials and verifications in force.' })
  async endUserMatches(@Arg('name', () => String) name: string, @Ctx() ctx: Context, @Arg('country', () => String, { nullable: true }) country?: string): Promise<EndUserMatch[]> {
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
    return s.jurisdictionCode ? (await ctx.loaders.jurisdiction.load(s.jurisdictionCode)) ?? null : null;
  }
}

@ObjectType({ description: 'A denial in force by another member of a near-duplicate of this decision\'s end user, for a shared item, not yet consulted on.' })
export class NearDuplicateDenial {
  @Field(() => ID, { description: 'The denial (a licence decision).' })
  denialId: string;

  deniedBy: string;

  @Field({ description: 'The denied end user\'s name as recorded.' })
  endUserName: string;

  @Field(() => Float, { description: 'Trigram similarity of the two names.' })
  similarity: number;
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
    description: 'The no-undercut flag for near-duplicates: denials in force by other members of end users whose names are near-duplicates of this grant\'s end user (trigram similarity), for a shared item, without a PROCEED consultation by this member. Empty for denials and when you may not see the decision in full.',
  })
  async nearDuplicateDenials(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<NearDuplicateDenial[]> {
    if (d.outcome === LicenceOutcome.DENIED || !d.endUserId || !ctx.principal || ![Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST].includes(ctx.principal.role)) return [];
    const rows = await nearDuplicateDenials(ctx.services.reports.reader(), d.jurisdictionCode, d.endUserId, d.taxonomyCodes, ctx.services.reports.today());
    return rows.map((r) => Object.assign(new NearDuplicateDenial(), r));
  }
}
