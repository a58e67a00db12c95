import { Arg, Ctx, Field, FieldResolver, Float, ID, InputType, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import { EndUserInput } from '../decisions/decision.resolver';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { LicensingRequirement } from '../licensing/licensing.enums';
import { RecognitionRequest } from '../recognition/recognition-request.entity';
import { EndUseCategory, RiskFactorName, RiskLevel } from './assess';
import type { AssessmentView } from './assessment.service';

registerEnumType(EndUseCategory, {
  name: 'EndUseCategory',
  description: 'The declared end use of an export.',
  valuesConfig: {
    RESEARCH: { description: 'Research.' },
    VACCINE_PRODUCTION: { description: 'Vaccine production.' },
    DIAGNOSTICS: { description: 'Diagnostics.' },
    CLINICAL: { description: 'Clinical use.' },
    INDUSTRIAL: { description: 'Industrial production.' },
    MILITARY: { description: 'A military end use or end user (military catch-all controls).' },
    WMD_RELATED: { description: 'Related to chemical, biological or nuclear weapons or their delivery (WMD catch-all controls).' },
    UNKNOWN: { description: 'Not known.' },
  },
});
registerEnumType(RiskLevel, { name: 'RiskLevel', description: 'Level of a risk score, by the consortium\'s policy thresholds.' });
registerEnumType(RiskFactorName, {
  name: 'RiskFactorName',
  description: 'The factors of the risk assessment.',
  valuesConfig: {
    SEVERITY_OF_MISUSE: { description: 'From the items\' controls and reasons for control.' },
    DIVERSION_LIKELIHOOD: { description: 'Destination governance (sourced country groups) and the members\' denials to the destination.' },
    SOPHISTICATION: { description: 'How advanced the items are (the members\' tiers of the controlling entries).' },
    RECIPIENT_TRACK_RECORD: { description: 'Decisions and denials on record for the end user (members only).' },
    END_USE_PLAUSIBILITY: { description: 'The declared end use, and whether the end user is in the destination.' },
    COMPLIANCE_INFRASTRUCTURE: { description: 'Verifications of the end user on record (members only).' },
  },
});

@InputType({ description: 'A technical parameter of an item, e.g. total internal volume 50 L.' })
export class TransactionParameterInput {
  @Field({ description: 'What is measured (as named in the entries\' thresholds, e.g. "total internal volume").' })
  name: string;

  @Field(() => Float, { description: 'Value.' })
  value: number;

  @Field(() => String, { nullable: true, description: 'Unit (L, mL, m3, m2, cm2, L/h, m3/h …); converted to each threshold\'s unit.' })
  unit?: string;
}

@InputType({ description: 'An item of a transaction.' })
export class TransactionItemInput {
  @Field({ description: 'Taxonomy code, e.g. BIO.EQP.FERMENTER.' })
  taxonomyCode: string;

  @Field(() => [TransactionParameterInput], { nullable: true, description: 'Technical parameters, checked against each entry\'s thresholds.' })
  parameters?: TransactionParameterInput[];

  @Field(() => Float, { nullable: true, description: 'Quantity.' })
  quantity?: number;

  @Field(() => String, { nullable: true, description: 'Unit of the quantity.' })
  quantityUnit?: string;
}

@InputType({ description: 'A proposed export: exporting member, destination, end use, end user, items.' })
export class TransactionInput {
  @Field({ description: 'The exporting jurisdiction (a member code such as DE).' })
  exportingJurisdiction: string;

  @Field({ description: 'Destination country (ISO 3166-1 alpha-2).' })
  destination: string;

  @Field(() => EndUseCategory, { description: 'Declared end use.' })
  endUse: EndUseCategory;

  @Field(() => String, { nullable: true, description: 'End use in words.' })
  endUseText?: string;

  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field(() => ID, { nullable: true, description: 'Whose members are assessed (default: the only consortium).' })
  consortiumId?: string;

  @Field(() => [TransactionItemInput], { description: 'The items (at least one).' })
  items: TransactionItemInput[];
}

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

@ObjectType({ description: 'An entry of a member\'s list an item may fall under.' })
export class TransactionEntryMatch {
  entryId: string;
  listJurisdictionCode: string;

  @Field({ description: 'The item (taxonomy code).' })
  taxonomyCode: string;

  @Field({ description: 'The node the entry is mapped onto: the item\'s node or an ancestor.' })
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

@ObjectType({ description: 'A humanitarian waiver that applies (its sponsor\'s or a recognizing member\'s).' })
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

  @Field(() => [String], { description: 'Catch-all triggers: WMD-related or military end use, a denial on record for this or a near-identical end user, an embargoed destination.' })
  catchAllTriggers: string[];

  @Field(() => [RecognitionRequest], { description: 'Recognitions by this member that apply (of a licence for this end user and items, or of its verification); members only.' })
  applicableRecognitions: RecognitionRequest[];

  @Field(() => [ApplicableWaiver], { description: 'Humanitarian waivers that apply for this member (it sponsors or recognized them) to this end user, destination and items; members only.' })
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

  @Field(() => LicensingTier, { description: 'The proposed tier: DECLARATION (simplified), STANDARD, ENHANCED (exhaustive review, post-shipment verification).' })
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

@Resolver(() => TransactionAssessment)
export class AssessmentResolver {
  @Query(() => TransactionAssessment, {
    description: 'For a proposed export (items with parameters, destination, end use, end user): what each member requires and why, the risk and a proposed tier. Anyone may call it; anonymous callers get no end-user history.',
  })
  async assessTransaction(@Arg('input', () => TransactionInput) input: TransactionInput, @Ctx() ctx: Context): Promise<TransactionAssessment> {
    const a: AssessmentView = await ctx.services.assessment.assess(ctx.principal, input);
    const recognitionIds = [...new Set(a.perMember.flatMap((p) => p.applicableRecognitionIds))];
    const requests = recognitionIds.length ? await ctx.services.assessment.recognitions(recognitionIds) : [];
    return {
      id: a.id,
      exportingJurisdictionCode: a.exportingJurisdiction,
      destination: a.destination,
      endUse: a.endUse,
      proposedTier: a.proposedTier,
      tierReasons: a.risk.tierReasons,
      explanation: a.explanation,
      risk: { score: a.risk.score, level: a.risk.level, factors: a.risk.factors },
      assessedAt: a.createdAt,
      perMember: a.perMember.map((p) => ({
        jurisdictionCode: p.jurisdiction,
        requirement: p.requirement,
        reference: p.reference,
        referenceUrls: p.referenceUrls,
        confidence: p.confidence,
        explanation: p.explanation,
        catchAllTriggers: p.catchAllTriggers,
        applicableRecognitions: requests.filter((r) => p.applicableRecognitionIds.includes(r.id)),
        applicableWaivers: p.applicableWaiverIds.map((id) => ({ id })),
        matches: p.matches.map((m) => Object.assign(new TransactionEntryMatch(), {
          entryId: m.entryId, listJurisdictionCode: m.listJurisdiction, taxonomyCode: m.taxonomyCode, viaTaxonomyCode: m.viaCode, relation: m.relation,
          thresholds: m.thresholds, applies: m.applies, requirement: m.requirement, reference: m.reference,
        })),
      })),
    };
  }

  @FieldResolver(() => Jurisdiction, { description: 'The exporting jurisdiction.' })
  async exportingJurisdiction(@Root() a: TransactionAssessment, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(a.exportingJurisdictionCode))!;
  }
}

@Resolver(() => MemberRequirement)
export class MemberRequirementResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  async jurisdiction(@Root() m: MemberRequirement, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.jurisdictionCode))!;
  }
}

@Resolver(() => TransactionEntryMatch)
export class TransactionEntryMatchResolver {
  @FieldResolver(() => ControlEntry, { description: 'The entry.' })
  async entry(@Root() m: TransactionEntryMatch, @Ctx() ctx: Context): Promise<ControlEntry> {
    return (await ctx.loaders.controlEntry.load(m.entryId))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list the entry is on.' })
  async listJurisdiction(@Root() m: TransactionEntryMatch, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.listJurisdictionCode))!;
  }
}
