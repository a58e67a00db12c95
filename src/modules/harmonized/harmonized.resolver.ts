import { Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root, type ClassType } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { checkDate } from '../../shared/validate';
import { selectedFields } from '../../graphql/selection';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { CoverageStatus } from './harmonized.enums';
import { LEAN_OMITTED_FIELDS } from './harmonized.query';
import { SLIM_ENTRY_FIELDS, type ConcordanceRowView, type GapReportView, type HarmonizedItemView } from './harmonized.service';
import {
  ConcordanceCell,
  ConcordanceConnection,
  ConcordanceRow,
  GapReport,
  HarmonizedControl,
  HarmonizedItem,
  MemberColumn,
  MemberCoverage,
} from './harmonized.types';

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

@Resolver(() => HarmonizedItem)
export class HarmonizedItemResolver {
  @Query(() => HarmonizedItem, {
    nullable: true,
    description: 'Who controls an item, at which threshold and tier, and where members diverge. consortiumId may be omitted when there is one consortium.',
  })
  async harmonizedItem(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('consortiumId', () => ID, { nullable: true }) consortiumId?: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer for this day (default today): the list versions in force that day.' }) asOf?: Date,
  ): Promise<HarmonizedItem | null> {
    // The entries' long, rarely selected columns are read only when the selection asks for one of them.
    const lean = leanEntries(info);
    const view = await ctx.services.harmonized.harmonizedItem(code.trim().toUpperCase(), consortiumId, day(asOf), lean);
    if (!view) return null;
    // The members' jurisdictions came with the item: their fields resolve from them synchronously, and through the loader without another statement.
    const refs = new Map<string, Jurisdiction>();
    for (const j of view.jurisdictions) {
      refs.set(j.code, j);
      ctx.loaders.jurisdiction.prime(j.code, j);
    }
    return toItem(view, refs);
  }

  @FieldResolver(() => Consortium, { description: 'The consortium whose members are compared.' })
  async consortium(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Promise<Consortium> {
    return (await ctx.loaders.consortium.load(item.consortiumId))!;
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members whose mapped lists do not control the item.' })
  uncontrolledIn(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
    return jurisdictions(ctx, item.refs, item.uncontrolledCodes);
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members whose lists have not been mapped for this item.' })
  unknownIn(@Root() item: HarmonizedItem, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
    return jurisdictions(ctx, item.refs, item.unknownCodes);
  }
}

/** Whether an item's selection leaves out every LEAN_OMITTED_FIELDS of its controls' entries (fragments followed, @skip/@include as selected); once per field node list. */
const leanSelections = new WeakMap<readonly FieldNode[], boolean>();
function leanEntries(info: GraphQLResolveInfo): boolean {
  let lean = leanSelections.get(info.fieldNodes);
  if (lean === undefined) {
    const asked = selectedFields(info, ['controls', 'entry']);
    lean = ![...LEAN_OMITTED_FIELDS].some((f) => asked.has(f));
    leanSelections.set(info.fieldNodes, lean);
  }
  return lean;
}

function toItem(v: HarmonizedItemView, refs?: Map<string, Jurisdiction>): HarmonizedItem {
  return Object.assign(new HarmonizedItem(), {
    refs,
    node: v.node,
    asOf: v.asOf,
    consortiumId: v.consortiumId,
    controls: v.controls.map((c) =>
      Object.assign(new HarmonizedControl(), {
        refs,
        jurisdictionCode: c.jurisdiction,
        listJurisdictionCode: c.listJurisdiction,
        entry: c.entry,
        relation: c.relation,
        tier: c.tier,
        taxonomyCode: c.nodeCode,
        parameters: c.parameters,
        exclusions: c.exclusions,
        tierIllustrative: c.entry.tierIllustrative,
        exclusionsRecorded: c.entry.exclusionsRecorded,
      }),
    ),
    members: v.members.map((m) => {
      const a = v.adoption.get(m.jurisdiction)!;
      return Object.assign(new MemberCoverage(), {
        refs,
        jurisdictionCode: m.jurisdiction,
        status: m.status,
        tier: m.tier,
        viaChildren: m.viaChildren,
        adoptsCode: a.adopts,
        adoptedByCodes: a.adoptedBy,
        licensedByCodes: a.licensedBy,
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
  jurisdiction(@Root() c: HarmonizedControl, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> {
    return c.refs?.get(c.jurisdictionCode) ?? jurisdiction(ctx, c.jurisdictionCode);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list the entry is on (the EU for states that apply the EU list).' })
  listJurisdiction(@Root() c: HarmonizedControl, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> {
    return c.refs?.get(c.listJurisdictionCode) ?? jurisdiction(ctx, c.listJurisdictionCode);
  }
}

/**
 * The member and adoption fields of a member's column (MemberCoverage, ConcordanceCell): from the
 * jurisdictions preloaded for the page when there are, else through the loader.
 */
function MemberColumnResolver<T extends MemberColumn>(column: ClassType<T>) {
  @Resolver(() => column)
  abstract class ColumnResolver {
    @FieldResolver(() => Jurisdiction, { description: 'The member.' })
    jurisdiction(@Root() c: MemberColumn, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> {
      return c.refs?.get(c.jurisdictionCode) ?? jurisdiction(ctx, c.jurisdictionCode);
    }

    @FieldResolver(() => Jurisdiction, {
      nullable: true,
      description:
        "The list this member applies instead of keeping its own (DE, FR and NL apply the EU list): its column adopts that list's answer, it is not an independent control.",
    })
    adopts(@Root() c: MemberColumn, @Ctx() ctx: Context): Jurisdiction | Promise<Jurisdiction> | null {
      return c.adoptsCode ? (c.refs?.get(c.adoptsCode) ?? jurisdiction(ctx, c.adoptsCode)) : null;
    }

    @FieldResolver(() => [Jurisdiction], { description: "Members that apply this member's list." })
    adoptedBy(@Root() c: MemberColumn, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
      return jurisdictions(ctx, c.refs, c.adoptedByCodes);
    }

    @FieldResolver(() => [Jurisdiction], {
      description: 'Who actually issues the licences for this column: the member itself, or for the EU the member states applying its list.',
    })
    licensedBy(@Root() c: MemberColumn, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
      return jurisdictions(ctx, c.refs, c.licensedByCodes);
    }

    @FieldResolver(() => [Jurisdiction], { description: "Whose lists the controls in this cell come from (another member's for an adopter)." })
    listJurisdictions(@Root() c: MemberColumn, @Ctx() ctx: Context): Jurisdiction[] | Promise<Jurisdiction[]> {
      return jurisdictions(ctx, c.refs, c.listJurisdictionCodes);
    }
  }
  return ColumnResolver;
}

@Resolver(() => MemberCoverage)
export class MemberCoverageResolver extends MemberColumnResolver(MemberCoverage) {}

@Resolver(() => ConcordanceCell)
export class ConcordanceResolver extends MemberColumnResolver(ConcordanceCell) {
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
    for (const e of conn.edges)
      for (const c of e.node.cells) {
        codes.add(c.jurisdiction);
        if (c.adoption.adopts) codes.add(c.adoption.adopts);
        for (const j of c.adoption.adoptedBy) codes.add(j);
        for (const j of c.adoption.licensedBy) codes.add(j);
        for (const j of c.listJurisdictions) codes.add(j);
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
    // Plain objects (the cell's fields are plain properties and its resolvers take it as it is): one allocation per cell.
    cells: r.cells.map((c): ConcordanceCell => ({
      refs,
      slim: true,
      jurisdictionCode: c.jurisdiction,
      status: c.status,
      controlled: c.status === CoverageStatus.UNKNOWN ? null : c.status === CoverageStatus.CONTROLLED,
      tier: c.tier,
      entries: c.entries,
      viaChildren: c.viaChildren,
      adoptsCode: c.adoption.adopts,
      adoptedByCodes: c.adoption.adoptedBy,
      licensedByCodes: c.adoption.licensedBy,
      listJurisdictionCodes: c.listJurisdictions,
    })),
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
