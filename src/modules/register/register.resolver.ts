import type { GraphQLResolveInfo } from 'graphql';
import { skipValidation } from '../../graphql/validation';
import { Arg, Args, Ctx, ID, Info, Query, Resolver, FieldResolver, Root } from 'type-graphql';
import { selectedFields } from '../../graphql/selection';
import type { Context } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { RegisterEntry } from './register-entry.entity';
import { RegisterKind } from './register.enums';
import { MemberStats, RegisterEntryConnection, TransparencyStats } from './register.types';

@Resolver(() => RegisterEntry)
export class RegisterResolver {
  @Query(() => RegisterEntryConnection, { description: 'The public register, newest first (anonymous callers welcome).' })
  publicRegister(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    // first is checked by pageSize (BAD_USER_INPUT) in the service: no second, class-validator pass.
    @Args(() => PageArgs, { validateFn: skipValidation }) page: PageArgs,
    @Arg('kind', () => RegisterKind, { nullable: true }) kind?: RegisterKind,
    @Arg('consortiumId', () => ID, { nullable: true }) consortiumId?: string,
  ): Promise<ConnectionShape<RegisterEntry>> {
    return ctx.services.register.list({ kind, consortiumId }, page.first, page.after, selectedFields(info, ['edges', 'node']));
  }

  @Query(() => TransparencyStats, {
    description:
      'Per member: time to answer recognition requests, recognition rate, lapses, emergency decisions in the window, disputes — over [from, to) (anonymous callers welcome).',
  })
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
      members: s.members.map((m) =>
        Object.assign(new MemberStats(), m, { jurisdictionCode: m.jurisdiction, implementationsOverdue: overdueImpl.get(m.jurisdiction) ?? 0 }),
      ),
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
