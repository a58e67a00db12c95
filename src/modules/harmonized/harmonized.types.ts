/** The harmonized views' GraphQL result types (plain object types, not entities). */
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { Connection } from '../../shared/pagination';
import { ControlEntry, Exclusion, Parameter } from '../control-lists/control-entry.entity';
import { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import type { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { CoverageStatus, DivergenceBasis, DivergenceKind } from './harmonized.enums';

@ObjectType({ description: "One member's control of a harmonized item." })
export class HarmonizedControl {
  jurisdictionCode: string;
  listJurisdictionCode: string;
  /** The item's jurisdictions, loaded with it: the member and list fields resolve from here without a promise each. */
  refs?: Map<string, Jurisdiction>;

  @Field(() => ControlEntry, { description: 'The controlling entry.' })
  entry: ControlEntry;

  @Field(() => MappingRelation, { description: 'How the entry relates to the item.' })
  relation: MappingRelation;

  @Field(() => LicensingTier, { description: "The member's tier for the entry." })
  tier: LicensingTier;

  @Field(() => [Parameter], { description: "The entry's thresholds that concern this node (scoped ones concerning other nodes left out)." })
  parameters: Parameter[];

  @Field(() => [Exclusion], { description: "The entry's exclusions that concern this node." })
  exclusions: Exclusion[];

  @Field({ description: 'The taxonomy node the mapping is on: the item itself, or a descendant when a group node summarises its children.' })
  taxonomyCode: string;

  @Field({ description: "True when the tier is illustrative rather than the member's published policy." })
  tierIllustrative: boolean;

  @Field({ description: 'False when the entry\'s exclusions were not recorded (an empty list then means "unknown", not "none").' })
  exclusionsRecorded: boolean;
}

/**
 * A member's column for an item: its status, and how it stands to the lists of others (the
 * member and adoption fields are resolved by MemberColumnResolver). Not in the schema itself
 * (no field returns it): MemberCoverage and ConcordanceCell inherit its fields.
 */
@ObjectType()
export abstract class MemberColumn {
  jurisdictionCode: string;
  /** Jurisdictions by code, preloaded for a whole concordance page or with an item (absent elsewhere: resolved through the loader). */
  refs?: Map<string, Jurisdiction>;

  adoptsCode: string | null;
  adoptedByCodes: string[];
  licensedByCodes: string[];
  listJurisdictionCodes: string[];

  @Field(() => CoverageStatus, { description: 'Controlled, not controlled, or unknown.' })
  status: CoverageStatus;
}

@ObjectType({ description: "A member's status for an item." })
export class MemberCoverage extends MemberColumn {
  @Field(() => LicensingTier, { nullable: true, description: 'Most restrictive tier of its controls.' })
  tier: LicensingTier | null;

  @Field(() => [String], {
    description: 'For a group node controlled only through its children: the descendant nodes the member controls (empty when controlled on the node itself).',
  })
  viaChildren: string[];
}

@ObjectType({ description: 'Where members diverge on an item.' })
export class Divergence {
  @Field(() => DivergenceKind, { description: 'Kind of divergence.' })
  kind: DivergenceKind;

  @Field(() => [String], { description: 'Jurisdiction codes concerned.' })
  jurisdictions: string[];

  @Field({ description: 'Human-readable detail, e.g. "total internal volume: ≥ 20 L (EU, DE); ≥ 100 L (JP)".' })
  detail: string;

  @Field(() => DivergenceBasis, { description: 'RECORDED when it rests on recorded list facts; ILLUSTRATIVE when it rests on illustrative tiers.' })
  basis: DivergenceBasis;
}

@ObjectType({ description: 'Who controls an item, at which threshold and tier, and where members diverge.' })
export class HarmonizedItem {
  consortiumId: string;
  uncontrolledCodes: string[];
  unknownCodes: string[];
  /** The item's jurisdictions, loaded with it (see HarmonizedControl.refs). */
  refs?: Map<string, Jurisdiction>;

  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field(() => DateScalar, { description: 'The day answered for: the list versions in force that day.' })
  asOf: string;

  @Field(() => [HarmonizedControl], { description: "Each member's controlling entries." })
  controls: HarmonizedControl[];

  @Field(() => [MemberCoverage], { description: "Every member's status." })
  members: MemberCoverage[];

  @Field(() => [Divergence], { description: 'Divergences between members.' })
  divergences: Divergence[];

  @Field(() => LicensingTier, { nullable: true, description: 'The most restrictive tier any member applies.' })
  mostRestrictiveTier: LicensingTier | null;

  @Field({ description: 'True when one member alone controls the item and every other member is known not to (UNILATERAL).' })
  unilateral: boolean;
}

// The matrix types' fields are plain properties read by graphql-js's default resolver (no type-graphql wrapper per cell).
@ObjectType({ description: "One member's cell in the concordance matrix.", simpleResolvers: true })
export class ConcordanceCell extends MemberColumn {
  @Field(() => Boolean, { nullable: true, description: 'Whether the member controls the item; null when unknown.' })
  controlled: boolean | null;

  @Field(() => LicensingTier, { nullable: true, description: 'Most restrictive tier.' })
  tier: LicensingTier | null;

  /** The controlling entries (field `entries`, resolved by ConcordanceResolver). */
  entries: ControlEntry[];
  /** The entries carry only SLIM_ENTRY_FIELDS. */
  slim?: boolean;

  @Field(() => [String], { description: 'For a group node controlled only through its children: the descendant nodes the member controls.' })
  viaChildren: string[];
}

@ObjectType({ description: 'A taxonomy node with one cell per member.', simpleResolvers: true })
export class ConcordanceRow {
  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field(() => [ConcordanceCell], { description: 'One cell per member, in member order.' })
  cells: ConcordanceCell[];
}

@ObjectType({ description: 'A page of the concordance matrix (rows are taxonomy nodes).', simpleResolvers: true })
export class ConcordanceConnection extends Connection(ConcordanceRow, 'Concordance') {}

@ObjectType({ description: 'An item both control, at different tiers.' })
export class TierDifference {
  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field(() => LicensingTier, { description: 'Tier in `from`.' })
  fromTier: LicensingTier;

  @Field(() => LicensingTier, { description: 'Tier in `to`.' })
  toTier: LicensingTier;
}

@ObjectType({ description: 'An item both control, above different thresholds.' })
export class ThresholdDifference {
  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field({ description: 'The parameter.' })
  parameter: string;

  @Field({ description: 'Threshold in `from`, e.g. "≥ 20 L".' })
  fromValue: string;

  @Field({ description: 'Threshold in `to`.' })
  toValue: string;
}

@ObjectType({ description: 'Member `from` against member `to`.' })
export class GapReport {
  fromCode: string;
  toCode: string;

  @Field(() => DateScalar, { description: 'The day answered for: the list versions in force that day.' })
  asOf: string;

  @Field(() => [TaxonomyNode], { description: 'Items `from` controls and `to` (mapped for them) does not.' })
  controlledOnlyInFrom: TaxonomyNode[];

  @Field(() => [TaxonomyNode], { description: 'Items `to` controls and `from` (mapped for them) does not.' })
  controlledOnlyInTo: TaxonomyNode[];

  @Field(() => [TaxonomyNode], { description: "Items `from` controls where `to`'s list has not been mapped (not a divergence)." })
  unknownInTo: TaxonomyNode[];

  @Field(() => [TierDifference], { description: 'Items both control at different tiers.' })
  tierDifferences: TierDifference[];

  @Field(() => [ThresholdDifference], { description: 'Items both control above different thresholds.' })
  thresholdDifferences: ThresholdDifference[];
}
