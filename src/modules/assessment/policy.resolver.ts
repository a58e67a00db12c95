/**
 * The risk policy published with the consortium's policy (`transparencyStats.policy.risk`,
 * `consortia.policy.risk`) and the tier deviations per member in the transparency
 * statistics. Additive resolvers on types owned by other modules.
 */
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Role } from '../../shared/role';
import type { Context } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { Consortium, ConsortiumPolicy } from '../jurisdictions/consortium.entity';
import { TransparencyStats } from '../register/register.types';
import { RiskFactorName, RiskLevel } from './assess';

@ObjectType({ description: 'The weight of a risk factor.' })
export class RiskFactorWeight {
  @Field(() => RiskFactorName, { description: 'Factor.' })
  factor: RiskFactorName;

  @Field(() => Float, { description: 'Weight.' })
  weight: number;
}

@ObjectType({ description: 'The lowest score of a risk level.' })
export class RiskLevelThreshold {
  @Field(() => RiskLevel, { description: 'Level.' })
  level: RiskLevel;

  @Field(() => Int, { description: 'Lowest score of the level.' })
  minScore: number;
}

@ObjectType({ description: 'The consortium\'s risk policy for transaction assessments: weights and thresholds are published data, not constants.' })
export class RiskPolicyView {
  @Field(() => [RiskFactorWeight], { description: 'Factor weights.' })
  weights: RiskFactorWeight[];

  @Field(() => [RiskLevelThreshold], { description: 'Lowest score of each level (LOW below the first).' })
  levelThresholds: RiskLevelThreshold[];

  @Field(() => Int, { description: 'From this score STANDARD is proposed (below: DECLARATION when no member requires an individual licence).' })
  standardFromScore: number;

  @Field(() => Int, { description: 'From this score ENHANCED is proposed (also for a WMD-related end use or a presumption of denial).' })
  enhancedFromScore: number;

  @Field(() => [Int], { description: 'Days after an ENHANCED grant when post-shipment verifications are due.' })
  postShipmentCheckDays: number[];

  @Field(() => Float, { description: 'Name similarity (same country) from which end users count as near-identical.' })
  nearDuplicateSimilarity: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published (null: the defaults apply).' })
  publishedAt: Date | null;
}

@ObjectType({ description: 'How often a member decided at a tier other than the proposed one.' })
export class MemberTierDeviation {
  jurisdictionCode: string;

  @Field(() => Int, { description: 'Decisions in the period made against a transaction assessment.' })
  assessedDecisions: number;

  @Field(() => Int, { description: 'Of those, decided at another tier than the proposed one (with a reason).' })
  deviations: number;

  @Field(() => Float, { nullable: true, description: 'deviations / assessedDecisions (null when none).' })
  deviationRate: number | null;
}

type WithConsortium = ConsortiumPolicy & { consortiumId?: string };

@InputType({ description: 'A factor\'s weight.' })
export class RiskFactorWeightInput {
  @Field(() => RiskFactorName, { description: 'Factor.' })
  factor: RiskFactorName;

  @Field(() => Float, { description: 'Weight, 0 to 1000.' })
  weight: number;
}

@InputType({ description: 'A change to the risk policy: only the fields given change.' })
export class RiskPolicyInput {
  @Field(() => [RiskFactorWeightInput], { nullable: true, description: 'Factor weights.' })
  weights?: RiskFactorWeightInput[];

  @Field(() => Int, { nullable: true, description: 'Lowest score of MEDIUM.' })
  mediumFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'Lowest score of HIGH.' })
  highFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'Lowest score of CRITICAL.' })
  criticalFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'From this score STANDARD is proposed.' })
  standardFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'From this score ENHANCED is proposed.' })
  enhancedFromScore?: number;

  @Field(() => [Int], { nullable: true, description: 'Days after an ENHANCED grant when post-shipment verifications are due.' })
  postShipmentCheckDays?: number[];

  @Field(() => Float, { nullable: true, description: 'Name similarity (0.1–1) from which end users of one country count as near-identical.' })
  nearDuplicateSimilarity?: number;
}

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
  @Mutation(() => RiskPolicyView, { description: 'Publish a change to a consortium\'s risk policy (weights and thresholds of transaction assessments; secretariat). Audited with its rationale.' })
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

  @FieldResolver(() => [MemberTierDeviation], { description: 'Per member: decisions made against a transaction assessment and how often the decided tier differed from the proposed one.' })
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
