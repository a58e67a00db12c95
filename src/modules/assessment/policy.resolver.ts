/**
 * The risk policy published with the consortium's policy (`transparencyStats.policy.risk`,
 * `consortia.policy.risk`) and the tier deviations per member in the transparency
 * statistics. Additive resolvers on types owned by other modules.
 */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../../shared/role';
import type { Context } from '../../graphql/context';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { Consortium, ConsortiumPolicy } from '../jurisdictions/consortium.entity';
import { TransparencyStats } from '../register/register.types';
import { RiskFactorName, RiskLevel } from './assessment.enums';
import { RiskPolicyInput } from './assessment.inputs';
import { MemberTierDeviation, RiskPolicyView } from './assessment.types';

type WithConsortium = ConsortiumPolicy & { consortiumId?: string };

function view(r: Awaited<ReturnType<Context['services']['assessment']['policy']>>): RiskPolicyView {
  return {
    weights: Object.values(RiskFactorName).map((factor) => ({ factor, weight: r.weights[factor] ?? 0 })),
    levelThresholds: [
      { level: RiskLevel.MEDIUM, minScore: r.levelThresholds.MEDIUM },
      { level: RiskLevel.HIGH, minScore: r.levelThresholds.HIGH },
      { level: RiskLevel.CRITICAL, minScore: r.levelThresholds.CRITICAL },
    ],
    standardFromScore: r.standardFromScore,
    enhancedFromScore: r.enhancedFromScore,
    postShipmentCheckDays: r.postShipmentCheckDays,
    nearDuplicateSimilarity: r.nearDuplicateSimilarity,
    publishedAt: r.publishedAt,
  };
}

@Resolver(() => ConsortiumPolicy)
export class ConsortiumPolicyRiskResolver {
  @FieldResolver(() => RiskPolicyView, { nullable: true, description: 'The risk policy of transaction assessments.' })
  async risk(@Root() p: WithConsortium, @Ctx() ctx: Context): Promise<RiskPolicyView | null> {
    if (!p.consortiumId) return null;
    return view(await ctx.services.assessment.policy(p.consortiumId));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => RiskPolicyView, {
    description: "Publish a change to a consortium's risk policy (weights and thresholds of transaction assessments; secretariat). Audited with its rationale.",
  })
  async updateRiskPolicy(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Arg('input', () => RiskPolicyInput) input: RiskPolicyInput,
    @Arg('rationale', () => String) rationale: string,
    @Ctx() ctx: Context,
  ): Promise<RiskPolicyView> {
    return view(await ctx.services.assessment.updatePolicy(ctx.principal, consortiumId, input, rationale));
  }
}

@Resolver(() => Consortium)
export class ConsortiumPolicyCarrierResolver {
  @FieldResolver(() => ConsortiumPolicy, { description: 'The published policy.' })
  policy(@Root() c: Consortium): ConsortiumPolicy {
    return Object.assign(c.policy, { consortiumId: c.id });
  }
}

@Resolver(() => TransparencyStats)
export class TransparencyStatsAssessmentResolver {
  @FieldResolver(() => ConsortiumPolicy, { description: 'The policy in force (clocks and criteria, and the risk policy).' })
  policy(@Root() s: TransparencyStats): ConsortiumPolicy {
    return Object.assign(s.policy, { consortiumId: s.consortium.id });
  }

  @FieldResolver(() => [MemberTierDeviation], {
    description: 'Per member: decisions made against a transaction assessment and how often the decided tier differed from the proposed one.',
  })
  async tierDeviations(@Root() s: TransparencyStats, @Ctx() ctx: Context): Promise<MemberTierDeviation[]> {
    const rows = await ctx.services.assessment.tierDeviations(s.consortium.id, s.from, s.to);
    return rows.map((r) => Object.assign(new MemberTierDeviation(), r));
  }
}

@Resolver(() => MemberTierDeviation)
export class MemberTierDeviationResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  async jurisdiction(@Root() m: MemberTierDeviation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.jurisdictionCode))!;
  }
}
