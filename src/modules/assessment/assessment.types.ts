import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { LicensingTier } from '../control-lists/control-list.enums';
import { LicensingRequirement } from '../licensing/licensing.enums';
import { RecognitionRequest } from '../recognition/recognition-request.entity';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import { EndUseCategory, RiskFactorName, RiskLevel } from './assessment.enums';

@ObjectType({ description: 'A threshold of an entry checked against the given parameters.' })
export class ThresholdCheck {
  @Field({ description: 'What is measured.' })
  name: string;

  @Field({ description: 'The threshold, e.g. "≥ 20 L".' })
  required: string;

  @Field(() => String, { nullable: true, description: 'The value given (null: not given).' })
  given: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Met, not met, or null when not given.' })
  met: boolean | null;
}

@ObjectType({ description: "An entry of a member's list an item may fall under." })
export class TransactionEntryMatch {
  entryId: string;
  listJurisdictionCode: string;

  @Field({ description: 'The item (taxonomy code).' })
  taxonomyCode: string;

  @Field({ description: "The node the entry is mapped onto: the item's node or an ancestor." })
  viaTaxonomyCode: string;

  @Field(() => MappingRelation, { description: 'How the entry relates to that node.' })
  relation: MappingRelation;

  @Field(() => [ThresholdCheck], { description: 'Each threshold: met, not met, not given.' })
  thresholds: ThresholdCheck[];

  @Field({ description: 'False when a given parameter is outside a threshold: the entry does not reach the item.' })
  applies: boolean;

  @Field(() => LicensingRequirement, { nullable: true, description: 'The requirement for this entry and destination (null when it does not apply).' })
  requirement: LicensingRequirement | null;

  @Field(() => String, { nullable: true, description: 'Legal reference of the deciding rule.' })
  reference: string | null;
}

@ObjectType({ description: "A humanitarian waiver that applies (its sponsor's or a recognizing member's)." })
export class ApplicableWaiver {
  @Field(() => ID, { description: 'Waiver id.' })
  id: string;
}

@ObjectType({ description: 'What one member requires for the transaction, and why.' })
export class MemberRequirement {
  jurisdictionCode: string;

  @Field(() => LicensingRequirement, { description: 'The requirement (most restrictive over the items, catch-all included).' })
  requirement: LicensingRequirement;

  @Field(() => String, { nullable: true, description: 'Legal reference(s), e.g. "EU001 (Reg. 2021/821 Art. 12(1)(d), Annex II Section A)".' })
  reference: string | null;

  @Field(() => [String], { description: 'Links to the legal texts and sources of the rules used.' })
  referenceUrls: string[];

  @Field(() => String, { nullable: true, description: 'Lowest confidence of the rules used: confirmed or secondary (null: no rule used).' })
  confidence: string | null;

  @Field(() => [String], { description: 'Why, in plain sentences.' })
  explanation: string[];

  @Field(() => [TransactionEntryMatch], { description: 'The entries the items may fall under, with their thresholds.' })
  matches: TransactionEntryMatch[];

  @Field(() => [String], {
    description: 'Catch-all triggers: WMD-related or military end use, a denial on record for this or a near-identical end user, an embargoed destination.',
  })
  catchAllTriggers: string[];

  @Field(() => [RecognitionRequest], {
    description: 'Recognitions by this member that apply (of a licence for this end user and items, or of its verification); members only.',
  })
  applicableRecognitions: RecognitionRequest[];

  @Field(() => [ApplicableWaiver], {
    description: 'Humanitarian waivers that apply for this member (it sponsors or recognized them) to this end user, destination and items; members only.',
  })
  applicableWaivers: ApplicableWaiver[];
}

@ObjectType({ description: 'A factor of the risk assessment.' })
export class RiskFactor {
  @Field(() => RiskFactorName, { description: 'Factor.' })
  name: RiskFactorName;

  @Field(() => Float, { description: 'Value in [0, 1] (1: riskiest).' })
  value: number;

  @Field(() => Float, { description: 'Weight (consortium policy).' })
  weight: number;

  @Field(() => [String], { description: 'What the value rests on.' })
  evidence: string[];
}

@ObjectType({ description: 'The risk of a transaction.' })
export class RiskAssessment {
  @Field(() => Int, { description: 'Score 0–100: the weighted mean of the factors.' })
  score: number;

  @Field(() => RiskLevel, { description: 'Level by the policy thresholds.' })
  level: RiskLevel;

  @Field(() => [RiskFactor], { description: 'The factors.' })
  factors: RiskFactor[];
}

@ObjectType({ description: 'What each member requires for a proposed export, the risk and a proposed tier.' })
export class TransactionAssessment {
  @Field(() => ID, { description: 'Id (a licence decision may refer to it as assessmentId).' })
  id: string;

  exportingJurisdictionCode: string;

  @Field({ description: 'Destination (ISO 3166-1 alpha-2).' })
  destination: string;

  @Field(() => EndUseCategory, { description: 'Declared end use.' })
  endUse: EndUseCategory;

  @Field(() => LicensingTier, {
    description: 'The proposed tier: DECLARATION (simplified), STANDARD, ENHANCED (exhaustive review, post-shipment verification).',
  })
  proposedTier: LicensingTier;

  @Field(() => [String], { description: 'Why this tier.' })
  tierReasons: string[];

  @Field(() => [String], { description: 'The assessment in plain sentences.' })
  explanation: string[];

  @Field(() => RiskAssessment, { description: 'The risk.' })
  risk: RiskAssessment;

  @Field(() => [MemberRequirement], { description: 'Per consortium member.' })
  perMember: MemberRequirement[];

  @Field(() => DateTimeScalar, { description: 'When it was computed.' })
  assessedAt: Date;
}

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

@ObjectType({ description: "The consortium's risk policy for transaction assessments: weights and thresholds are published data, not constants." })
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
