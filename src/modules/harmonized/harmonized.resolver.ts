import { Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { checkDate } from '../../shared/validate';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { ControlEntry, Exclusion, Parameter } from '../control-lists/control-entry.entity';
import { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { CoverageStatus, DivergenceBasis, DivergenceKind } from './harmonize';
import { SLIM_ENTRY_FIELDS, type ConcordanceRowView, type GapReportView, type HarmonizedItemView } from './harmonized.service';

registerEnumType(CoverageStatus, {
  name: 'CoverageStatus',
  description: 'Whether a member controls an item.',
  valuesConfig: {
    CONTROLLED: { description: 'An accepted mapping of a published entry reaches the item.' },
    NOT_CONTROLLED: { description: 'The member\'s list has been mapped for this part of the taxonomy and does not control it.' },
    UNKNOWN: { description: 'The member\'s list has not been mapped for this part of the taxonomy.' },
  },
});
registerEnumType(DivergenceKind, {
  name: 'DivergenceKind',
  description: 'How members diverge on an item.',
  valuesConfig: {
    NOT_CONTROLLED: { description: 'Some members control it, others do not.' },
    TIER_DIFFERS: { description: 'Members license it at different tiers.' },
    THRESHOLD_DIFFERS: { description: 'Members control it above different thresholds.' },
    EXCLUSION_DIFFERS: { description: 'Members exclude different things from the control.' },
    UNILATERAL: { description: 'One member alone controls it; every other member is known not to.' },
    ONLY_KNOWN_CONTROLLER: { description: 'One member is the only one known to control it; some members\' lists have not been mapped there (UNKNOWN).' },
  },
});
registerEnumType(DivergenceBasis, {
  name: 'DivergenceBasis',
  description: 'What a divergence rests on.',
  valuesConfig: {
    RECORDED: { description: 'Recorded list facts.' },
    ILLUSTRATIVE: { description: 'Illustrative tiers (not a member\'s published licensing policy).' },
  },
});

/** A GraphQL Date (a Date at UTC midnight) as YYYY-MM-DD, within the years every store accepts; undefined when absent. */
function day(d?: Date | null): string | undefined {
  if (!d) return undefined;
  checkDate(d, 'asOf');
  return d.toISOString().slice(0, 10);
}

/** Resolves a jurisdiction code through the request's loader. */
async function jurisdiction(ctx: Context, code: string): Promise<Jurisdiction> {
  return (await ctx.loaders.jurisdiction.load(code))!;
}

@ObjectType({ description: 'One member\'s control of a harmonized item.' })
export class HarmonizedControl {
  jurisdictionCode: string;
  listJurisdictionCode: string;

  @Field(() => ControlEntry, { description: 'The controlling entry.' })
  entry: ControlEntry;

  @Field(() => MappingRelation, { description: 'How the entry relates to the item.' })
  relation: MappingRelation;

  @Field(() => LicensingTier, { description: 'The member\'s tier for the entry.' })
  tier: LicensingTier;

  @Field(() => [Parameter], { description: 'The entry\'s thresholds that concern this node (scoped ones concerning other nodes left out).' })
  parameters: Parameter[];

  @Field(() => [Exclusion], { description: 'The entry\'s exclusions that concern this node.' })
  exclusions: Exclusion[];

  @Field({ description: 'The taxonomy node the mapping is on: the item itself, or a descendant when a group node summarises its children.' })
  taxonomyCode: string;

  @Field({ description: 'True when the tier is illustrative rather than the member\'s published policy.' })
  tierIllustrative: boolean;

  @Field({ description: 'False when the entry\'s exclusions were not recorded (an empty list then means "unknown", not "none").' })
  exclusionsRecorded: boolean;
}

@ObjectType({ description: 'A member\'s status for an item.' })
export class MemberCoverage {
  jurisdictionCode: string;

  adoptsCode: string | null;
  adoptedByCodes: string[];
  licensedByCodes: string[];
  listJurisdictionCodes: string[];

  @Field(() => CoverageStatus, { description: 'Controlled, not controlled, or unknown.' })
  status: CoverageStatus;

  @Field(() => LicensingTier, { nullable: true, description: 'Most restrictive tier of its controls.' })
  tier: LicensingTier | null;

  @Field(() => [String], { description: 'For a group node controlled only through its children: the descendant nodes the member controls (empty when controlled on the node itself).' })
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

  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field(() => DateScalar, { description: 'The day answered for: the list versions in force that day.' })
  asOf: string;

  @Field(() => [HarmonizedControl], { description: 'Each member\'s controlling entries.' })
  controls: HarmonizedControl[];

  @Field(() => [MemberCoverage], { description: 'Every member\'s status.' })
  members: MemberCoverage[];

  @Field(() => [Divergence], { description: 'Divergences between members.' })
  divergences: Divergence[];

  @Field(() => LicensingTier, { nullable: true, description: 'The most restrictive tier any member applies.' })
  mostRestrictiveTier: LicensingTier | null;

  @Field({ description: 'True when one member alone controls the item and every other member is known not to (UNILATERAL).' })
  unilateral: boolean;
}

@ObjectType({ description: 'One member\'s cell in the concordance matrix.' })
export class ConcordanceCell {
  jurisdictionCode: string;
  /** The page's jurisdictions by code (preloaded by the concordance resolver). */
  refs?: Map<string, Jurisdiction>;

  adoptsCode: string | null;
  adoptedByCodes: string[];
  licensedByCodes: string[];
  listJurisdictionCodes: string[];

  @Field(() => CoverageStatus, { description: 'Controlled, not controlled, or unknown.' })
  status: CoverageStatus;

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

@ObjectType({ description: 'A taxonomy node with one cell per member.' })
export class ConcordanceRow {
  @Field(() => TaxonomyNode, { description: 'The item.' })
  node: TaxonomyNode;

  @Field(() => [ConcordanceCell], { description: 'One cell per member, in member order.' })
  cells: ConcordanceCell[];
}

@ObjectType({ description: 'A page of the concordance matrix (rows are taxonomy nodes).' })
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

  @Field(() => [TaxonomyNode], { description: 'Items `from` controls where `to`\'s list has not been mapped (not a divergence).' })
  unknownInTo: TaxonomyNode[];

  @Field(() => [TierDifference], { description: 'Items both control at different tiers.' })
  tierDifferences: TierDifference[];

  @Field(() => [ThresholdDifference], { description: 'Items both control above different thresholds.' })
  thresholdDifferences: ThresholdDifference[];
}

@Resolver(() => HarmonizedItem)
export class HarmonizedItemResolver {
  @Query(() => HarmonizedItem, { nullable: true, description: 'Who controls an item, at which threshold and tier, and where members diverge. consortiumId may be omitted when there is one consortium.' })
  async harmonizedItem(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: Context,
    @Arg('consortiumId', () => ID, { nullable: true }) consortiumId?: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer for this day (default today): the list versions in force that day.' }) asOf?: Date,
  ): Promise<HarmonizedItem | null> {
    const view = await ctx.services.harmonized.harmonizedItem(code.trim().toUpperCase(), consortiumId, day(asOf));
    return view ? toItem(view) : null;
  }

  @FieldResolver(() => Consortium, { description: 'The consortium whose members are compared.' })
  async consortium(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Promise<Consortium> {
    return (await ctx.loaders.consortium.load(item.consortiumId))!;
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members whose mapped lists do not control the item.' })
  uncontrolledIn(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return Promise.all(item.uncontrolledCodes.map((c) => jurisdiction(ctx, c)));
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members whose lists have not been mapped for this item.' })
  unknownIn(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return Promise.all(item.unknownCodes.map((c) => jurisdiction(ctx, c)));
  }
}

function toItem(v: HarmonizedItemView): HarmonizedItem {
  return Object.assign(new HarmonizedItem(), {
    node: v.node,
    asOf: v.asOf,
    consortiumId: v.consortiumId,
    controls: v.controls.map((c) =>
      Object.assign(new HarmonizedControl(), {
        jurisdictionCode: c.jurisdiction, listJurisdictionCode: c.listJurisdiction, entry: c.entry, relation: c.relation, tier: c.tier,
        taxonomyCode: c.nodeCode, parameters: c.parameters, exclusions: c.exclusions, tierIllustrative: c.entry.tierIllustrative,
        exclusionsRecorded: c.entry.exclusionsRecorded,
      }),
    ),
    members: v.members.map((m) => {
      const a = v.adoption.get(m.jurisdiction)!;
      return Object.assign(new MemberCoverage(), {
        jurisdictionCode: m.jurisdiction, status: m.status, tier: m.tier, viaChildren: m.viaChildren,
        adoptsCode: a.adopts, adoptedByCodes: a.adoptedBy, licensedByCodes: a.licensedBy,
        listJurisdictionCodes: [...new Set(m.controls.map((c) => c.listJurisdiction))].sort(),
      });
    }),
    uncontrolledCodes: v.uncontrolledIn,
    unknownCodes: v.unknownIn,
    divergences: v.divergences,
    mostRestrictiveTier: v.mostRestrictiveTier,
    unilateral: v.unilateral,
  });
}

@Resolver(() => HarmonizedControl)
export class HarmonizedControlResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  jurisdiction(@Root() c: HarmonizedControl, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return jurisdiction(ctx, c.jurisdictionCode);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list the entry is on (the EU for states that apply the EU list).' })
  listJurisdiction(@Root() c: HarmonizedControl, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return jurisdiction(ctx, c.listJurisdictionCode);
  }
}

type AdoptionFields = Pick<MemberCoverage, 'adoptsCode' | 'adoptedByCodes' | 'licensedByCodes' | 'listJurisdictionCodes'>;

@Resolver(() => MemberCoverage)
export class MemberCoverageResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  jurisdiction(@Root() m: MemberCoverage, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return jurisdiction(ctx, m.jurisdictionCode);
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The list this member applies instead of keeping its own (DE, FR and NL apply the EU list): its column adopts that list\'s answer, it is not an independent control.' })
  adopts(@Root() c: AdoptionFields, @Ctx() ctx: Context): Promise<Jurisdiction> | null {
    return c.adoptsCode ? jurisdiction(ctx, c.adoptsCode) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members that apply this member\'s list.' })
  adoptedBy(@Root() c: AdoptionFields, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return Promise.all(c.adoptedByCodes.map((j) => jurisdiction(ctx, j)));
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Who actually issues the licences for this column: the member itself, or for the EU the member states applying its list.' })
  licensedBy(@Root() c: AdoptionFields, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return Promise.all(c.licensedByCodes.map((j) => jurisdiction(ctx, j)));
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Whose lists the controls in this cell come from (another member\'s for an adopter).' })
  listJurisdictions(@Root() c: AdoptionFields, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return Promise.all(c.listJurisdictionCodes.map((j) => jurisdiction(ctx, j)));
  }
}

@Resolver(() => ConcordanceCell)
export class ConcordanceResolver {
  @Query(() => ConcordanceConnection, { description: 'The matrix of taxonomy nodes (optionally a subtree) × consortium members, paged over nodes.' })
  async concordance(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
    @Arg('taxonomyPrefix', () => String, { nullable: true }) taxonomyPrefix?: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer for this day (default today): the list versions in force that day.' }) asOf?: Date,
  ): Promise<ConnectionShape<ConcordanceRow>> {
    const conn = await ctx.services.harmonized.concordance(consortiumId, taxonomyPrefix, page.first, page.after, day(asOf), true);
    // The page's jurisdictions, loaded once (one batched statement, as the per-cell loads were):
    // each cell then resolves them synchronously — no promise per cell on a 4,000-cell page.
    const codes = new Set<string>();
    for (const e of conn.edges) for (const c of e.node.cells) {
      codes.add(c.jurisdiction);
      if (c.adoption.adopts) codes.add(c.adoption.adopts);
      for (const j of [...c.adoption.adoptedBy, ...c.adoption.licensedBy, ...c.listJurisdictions]) codes.add(j);
    }
    const loaded = await ctx.loaders.jurisdiction.loadMany([...codes]);
    const refs = new Map<string, Jurisdiction>();
    for (const j of loaded) if (j && !(j instanceof Error)) refs.set(j.code, j);
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: toRow(e.node, refs) })) };
  }

  @FieldResolver(() => [ControlEntry], { description: 'The controlling entries.' })
  entries(@Root() c: ConcordanceCell, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): ControlEntry[] | Promise<ControlEntry[]> {
    // A page's facts carry only the fields most selections ask for; other fields load the whole entries (one batched statement).
    if (!c.slim || !c.entries.length || slimSelection(info.fieldNodes)) return c.entries;
    return Promise.all(c.entries.map(async (e) => (await ctx.loaders.controlEntry.load(e.id)) ?? e));
  }

  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  jurisdiction(@Root() c: ConcordanceCell, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> {
    return c.refs?.get(c.jurisdictionCode) ?? jurisdiction(ctx, c.jurisdictionCode);
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The list this member applies instead of keeping its own (DE, FR and NL apply the EU list): its column adopts that list\'s answer, it is not an independent control.' })
  adopts(@Root() c: ConcordanceCell, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> | null {
    return c.adoptsCode ? (c.refs?.get(c.adoptsCode) ?? jurisdiction(ctx, c.adoptsCode)) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members that apply this member\'s list.' })
  adoptedBy(@Root() c: ConcordanceCell, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
    return jurisdictions(ctx, c.refs, c.adoptedByCodes);
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Who actually issues the licences for this column: the member itself, or for the EU the member states applying its list.' })
  licensedBy(@Root() c: ConcordanceCell, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
    return jurisdictions(ctx, c.refs, c.licensedByCodes);
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Whose lists the controls in this cell come from (another member\'s for an adopter).' })
  listJurisdictions(@Root() c: ConcordanceCell, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
    return jurisdictions(ctx, c.refs, c.listJurisdictionCodes);
  }
}

/** Whether a selection of entries asks only for SLIM_ENTRY_FIELDS (fragments count as more); computed once per field node list. */
const slimSelections = new WeakMap<readonly FieldNode[], boolean>();
function slimSelection(nodes: readonly FieldNode[]): boolean {
  let slim = slimSelections.get(nodes);
  if (slim === undefined) {
    slim = nodes.every((n) => (n.selectionSet?.selections ?? []).every((s) => s.kind === Kind.FIELD && SLIM_ENTRY_FIELDS.has(s.name.value)));
    slimSelections.set(nodes, slim);
  }
  return slim;
}

/** Jurisdictions by code: from the page's preloaded map when every one is there (synchronously), else through the loader. */
function jurisdictions(ctx: Context, refs: Map<string, Jurisdiction> | undefined, codes: string[]): Jurisdiction[] | Promise<Jurisdiction[]> {
  const found = refs ? codes.map((j) => refs.get(j)) : [];
  if (refs && found.every((j) => j)) return found as Jurisdiction[];
  return Promise.all(codes.map((j) => jurisdiction(ctx, j)));
}

function toRow(r: ConcordanceRowView, refs?: Map<string, Jurisdiction>): ConcordanceRow {
  return {
    node: r.node,
    cells: r.cells.map((c) =>
      Object.assign(new ConcordanceCell(), {
        refs,
        slim: true,
        jurisdictionCode: c.jurisdiction, status: c.status, controlled: c.status === CoverageStatus.UNKNOWN ? null : c.status === CoverageStatus.CONTROLLED,
        tier: c.tier, entries: c.entries, viaChildren: c.viaChildren,
        adoptsCode: c.adoption.adopts, adoptedByCodes: c.adoption.adoptedBy, licensedByCodes: c.adoption.licensedBy, listJurisdictionCodes: c.listJurisdictions,
      }),
    ),
  };
}

@Resolver(() => GapReport)
export class GapReportResolver {
  @Query(() => GapReport, { description: 'Member `from` against member `to`: what only `from` controls, and tier and threshold differences.' })
  async gapAnalysis(
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer for this day (default today): the list versions in force that day.' }) asOf?: Date,
  ): Promise<GapReport> {
    const r: GapReportView = await ctx.services.harmonized.gapAnalysis(from, to, day(asOf));
    return Object.assign(new GapReport(), { ...r, fromCode: r.from, toCode: r.to });
  }

  @FieldResolver(() => Jurisdiction, { description: 'The first member.' })
  from(@Root() r: GapReport, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return jurisdiction(ctx, r.fromCode);
  }

  @FieldResolver(() => Jurisdiction, { description: 'The second member.' })
  to(@Root() r: GapReport, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return jurisdiction(ctx, r.toCode);
  }
}
