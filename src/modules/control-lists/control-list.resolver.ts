import type { GraphQLResolveInfo } from 'graphql';
import { skipValidation } from '../../graphql/validation';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CODE_ONLY, selectedFields, selectsOnly } from '../../graphql/selection';
import type { Context } from '../../graphql/context';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { ControlEntry } from './control-entry.entity';
import { ControlList } from './control-list.entity';
import { VersionStatus } from './control-list.enums';
import { ControlEntryFilter, ControlEntryInput, CreateControlListVersionInput, ImportControlListInput, isoDate } from './control-list.inputs';
import { mayReadVersion } from './visibility';
import { ControlEntryConnection, ImportResult, ListDiff } from './control-list.types';
import { ControlListVersion } from './control-list-version.entity';

@Resolver(() => ControlList)
export class ControlListResolver {
  @Query(() => [ControlList], { description: 'Control lists, optionally of one jurisdiction (an adopting state also sees the list it adopts).' })
  controlLists(@Ctx() ctx: Context, @Arg('jurisdiction', () => String, { nullable: true }) jurisdiction?: string): Promise<ControlList[]> {
    return ctx.services.listQueries.lists(jurisdiction);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list it is.' })
  async jurisdiction(@Root() l: ControlList, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(l.jurisdictionCode))!;
  }

  @FieldResolver(() => [ControlListVersion], { description: "Versions, newest first; drafts only for the list's own regulators and the secretariat." })
  async versions(@Root() l: ControlList, @Ctx() ctx: Context): Promise<ControlListVersion[]> {
    // The loader applies the draft rule already; the filter keeps this field right on its own.
    return (await ctx.loaders.versionsByList.load(l.id)).filter((v) => mayReadVersion(ctx.principal, v, l.jurisdictionCode));
  }

  @FieldResolver(() => ControlListVersion, { nullable: true, description: 'The version in force (PUBLISHED).' })
  async currentVersion(@Root() l: ControlList, @Ctx() ctx: Context): Promise<ControlListVersion | null> {
    return (await ctx.loaders.versionsByList.load(l.id)).find((v) => v.status === VersionStatus.PUBLISHED) ?? null;
  }
}

@Resolver(() => ControlListVersion)
export class ControlListVersionResolver {
  @Query(() => ControlListVersion, { nullable: true, description: "One version; a DRAFT only for its list's regulators and the secretariat." })
  controlListVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ControlListVersion | null> {
    return ctx.services.listQueries.version(ctx.principal, id);
  }

  @Query(() => ListDiff, { description: 'Entries added, removed and modified (field by field) between two versions.' })
  listDiff(@Arg('fromVersionId', () => ID) fromVersionId: string, @Arg('toVersionId', () => ID) toVersionId: string, @Ctx() ctx: Context): Promise<ListDiff> {
    return ctx.services.listQueries.diff(ctx.principal, fromVersionId, toVersionId).then((d) => ({
      ...d,
      modified: d.modified.map((m) => ({ controlNumber: m.controlNumber, before: m.fromEntry, after: m.toEntry, changes: m.changes })),
    }));
  }

  @FieldResolver(() => ControlList, { description: 'The list.' })
  async list(@Root() v: ControlListVersion, @Ctx() ctx: Context): Promise<ControlList> {
    return (await ctx.loaders.controlList.load(v.listId))!;
  }

  @FieldResolver(() => ControlEntryConnection, { description: 'Entries by control number.' })
  entries(@Root() v: ControlListVersion, @Args() page: PageArgs, @Ctx() ctx: Context): Promise<ConnectionShape<ControlEntry>> {
    return ctx.services.listQueries.versionEntries(v.id, page.first, page.after);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ControlListVersion, {
    description: "Create a DRAFT version (regulator of the list's jurisdiction; secretariat for regime lists), optionally copying the published one.",
  })
  createControlListVersion(
    @Arg('input', () => CreateControlListVersionInput) input: CreateControlListVersionInput,
    @Ctx() ctx: Context,
  ): Promise<ControlListVersion> {
    return ctx.services.lists.createVersion(ctx.principal, { ...input, effectiveFrom: isoDate(input.effectiveFrom) });
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => [ControlEntry], { description: 'Insert or replace entries (by control number) of a DRAFT version.' })
  upsertControlEntries(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('entries', () => [ControlEntryInput]) entries: ControlEntryInput[],
    @Ctx() ctx: Context,
  ): Promise<ControlEntry[]> {
    return ctx.services.lists.upsertEntries(
      ctx.principal,
      versionId,
      entries.map((e) => ({ ...e })),
    );
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => Int, { description: 'Remove entries (by control number) from a DRAFT version; returns how many were removed.' })
  removeControlEntries(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('controlNumbers', () => [String]) controlNumbers: string[],
    @Ctx() ctx: Context,
  ): Promise<number> {
    return ctx.services.lists.removeEntries(ctx.principal, versionId, controlNumbers);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ControlListVersion, {
    description:
      'Publish a DRAFT; the published version it replaces becomes SUPERSEDED and mappings of changed entries become STALE. With an effectiveFrom after today it becomes SCHEDULED and takes effect (supersedes the current version) on that day.',
  })
  publishControlListVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ControlListVersion> {
    return ctx.services.lists.publish(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ImportResult, {
    description: 'Import CSV or JSON into a new DRAFT version; when any row is invalid nothing is written and the rows are reported.',
  })
  async importControlList(@Arg('input', () => ImportControlListInput) input: ImportControlListInput, @Ctx() ctx: Context): Promise<ImportResult> {
    return ctx.services.lists.import(ctx.principal, { ...input, effectiveFrom: isoDate(input.effectiveFrom) });
  }
}

@Resolver(() => ControlEntry)
export class ControlEntryResolver {
  @Query(() => ControlEntryConnection, {
    description: 'Search entries of PUBLISHED versions (or of one version): full text, control number, HS code, tier, jurisdiction, taxonomy subtree.',
  })
  controlEntries(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    // first is checked by pageSize (BAD_USER_INPUT) in the query: no second, class-validator pass.
    @Args(() => PageArgs, { validateFn: skipValidation }) page: PageArgs,
    @Arg('filter', () => ControlEntryFilter, { nullable: true }) filter?: ControlEntryFilter,
  ): Promise<ConnectionShape<ControlEntry>> {
    // Counted only when totalCount is selected; only the columns of the selected fields are read.
    const top = selectedFields(info);
    const want = { totalCount: top.has('totalCount'), page: top.has('edges') || top.has('pageInfo'), fields: selectedFields(info, ['edges', 'node']) };
    return ctx.services.listQueries.search(ctx.principal, filter ?? {}, page.first, page.after, want);
  }

  @FieldResolver(() => ControlListVersion, { description: 'The version the entry belongs to.' })
  async version(@Root() e: ControlEntry, @Ctx() ctx: Context): Promise<ControlListVersion> {
    return (await ctx.loaders.controlListVersion.load(e.versionId))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list the entry is on.' })
  async jurisdiction(@Root() e: ControlEntry, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Jurisdiction> {
    // A page read it with the entry: `jurisdiction { code }` needs no read (the list's foreign key guarantees the row).
    if (e.listJurisdictionCode) {
      if (selectsOnly(info, CODE_ONLY)) return Object.assign(new Jurisdiction(), { code: e.listJurisdictionCode });
      return (await ctx.loaders.jurisdiction.load(e.listJurisdictionCode))!;
    }
    const v = (await ctx.loaders.controlListVersion.load(e.versionId))!;
    const l = (await ctx.loaders.controlList.load(v.listId))!;
    return (await ctx.loaders.jurisdiction.load(l.jurisdictionCode))!;
  }
}
