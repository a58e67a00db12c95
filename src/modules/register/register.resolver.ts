import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, Float, ID, Info, Int, ObjectType, Query, Resolver, FieldResolver, Root } from 'type-graphql';
import { selectedFields } from '../../graphql/selection';
import type { Context } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Consortium, ConsortiumPolicy } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { RegisterEntry, RegisterKind } from './register-entry.entity';

@ObjectType({ description: 'A page of register entries, newest first.', simpleResolvers: true })
export class RegisterEntryConnection extends Connection(RegisterEntry, 'RegisterEntry') {}

@ObjectType({ description: 'One member\'s figures over the period.' })
export class MemberStats {
  jurisdictionCode: string;

  @Field(() => Int, { description: 'Recognition requests it answered.' })
  answers: number;

  @Field(() => Float, { nullable: true, description: 'Median days from submission to its answer.' })
  medianDaysToAnswer: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of days from submission to its answer.' })
  p90DaysToAnswer: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of its answers that recognized (with or without conditions), as first given.' })
  recognitionRate: number | null;

  @Field(() => Int, { description: 'Requests that lapsed while it had not answered.' })
  requestsLapsed: number;

  @Field(() => Int, { description: 'Requests it filed.' })
  requestsFiled: number;

  @Field(() => Int, { description: 'Of those, recognized in full or in part.' })
  ownRequestsRecognized: number;

  @Field(() => Int, { description: 'Fast-track applications it decided.' })
  emergencyDecided: number;

  @Field(() => Int, { description: 'Of those, decided inside the emergency review window.' })
  emergencyDecidedInWindow: number;

  @Field(() => Int, { description: 'Disputes it filed.' })
  disputesFiled: number;

  @Field(() => Int, { description: 'Disputes it won (as complainant: overturn or remand; as respondent: uphold), by the final ruling.' })
  disputesWon: number;

  @Field(() => Int, { description: 'Disputes it lost.' })
  disputesLost: number;

  @Field(() => Int, { description: 'National implementations of recognitions it gave that are past due and not recorded, now.' })
  implementationsOverdue: number;
}

@ObjectType({ description: 'Transparency statistics of a consortium, with the policy they are judged against.' })
export class TransparencyStats {
  @Field(() => Consortium, { description: 'The consortium.' })
  consortium: Consortium;

  @Field(() => ConsortiumPolicy, { description: 'The policy in force (clocks and criteria).' })
  policy: ConsortiumPolicy;

  @Field(() => DateTimeScalar, { description: 'Start of the period.' })
  from: Date;

  @Field(() => DateTimeScalar, { description: 'End of the period (exclusive).' })
  to: Date;

  @Field(() => [MemberStats], { description: 'Figures per member.' })
  members: MemberStats[];

  @Field(() => Int, { description: 'Open dispute cases whose panel is past the final-ruling date of its timetable, now.' })
  overdueDisputes: number;

  @Field(() => Int, { description: 'Fast-track applications undecided past their review window (escalated to the secretariat), now.' })
  escalatedApplications: number;
}

@Resolver(() => RegisterEntry)
export class RegisterResolver {
  @Query(() => RegisterEntryConnection, { description: 'The public register, newest first (anonymous callers welcome).' })
  publicRegister(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    // first is checked by pageSize (BAD_USER_INPUT) in the service: no second, class-validator pass.
    @Args(() => PageArgs, { validate: false }) page: PageArgs,
    @Arg('kind', () => RegisterKind, { nullable: true }) kind?: RegisterKind,
    @Arg('consortiumId', () => ID, { nullable: true }) consortiumId?: string,
  ): Promise<ConnectionShape<RegisterEntry>> {
    return ctx.services.register.list({ kind, consortiumId }, page.first, page.after, selectedFields(info, ['edges', 'node']));
  }

  @Query(() => TransparencyStats, { description: 'Per member: time to answer recognition requests, recognition rate, lapses, emergency decisions in the window, disputes — over [from, to) (anonymous callers welcome).' })
  async transparencyStats(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Ctx() ctx: Context,
    @Arg('from', () => DateTimeScalar, { nullable: true }) from?: Date,
    @Arg('to', () => DateTimeScalar, { nullable: true }) to?: Date,
  ): Promise<TransparencyStats> {
    const s = await ctx.services.register.stats(consortiumId, from, to);
    const overdueImpl = await ctx.services.recognition.overdueImplementations(s.consortium.id, ctx.services.recognition.clockNow());
    return {
      consortium: s.consortium,
      policy: s.consortium.policy,
      from: s.from,
      to: s.to,
      members: s.members.map((m) => Object.assign(new MemberStats(), m, { jurisdictionCode: m.jurisdiction, implementationsOverdue: overdueImpl.get(m.jurisdiction) ?? 0 })),
      overdueDisputes: await ctx.services.disputes.overdueCount(s.consortium.id, ctx.services.disputes.clockNow()),
      escalatedApplications: await ctx.services.emergency.escalatedCount(s.consortium.id),
    };
  }
}

@Resolver(() => MemberStats)
export class MemberStatsResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  async jurisdiction(@Root() m: MemberStats, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.jurisdictionCode))!;
  }
}
