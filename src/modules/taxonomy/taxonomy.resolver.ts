import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CODE_ONLY, selectsOnly } from '../../graphql/selection';
import { Role } from '../../shared/role';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { MappingDecision, MappingStatus } from './taxonomy.enums';
import { EntryMapping } from './entry-mapping.entity';
import { TaxonomyNode } from './taxonomy-node.entity';
import { ProposeMappingInput, TaxonomyNodeInput } from './taxonomy.inputs';

@Resolver(() => TaxonomyNode)
export class TaxonomyResolver {
  @Query(() => TaxonomyNode, { nullable: true, description: 'One node by code.' })
  taxonomyNode(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<TaxonomyNode | null> {
    return ctx.services.taxonomy.node(code.trim().toUpperCase());
  }

  @Query(() => [TaxonomyNode], { description: 'The children of a node, or the roots when parentCode is null.' })
  taxonomy(@Ctx() ctx: Context, @Arg('parentCode', () => String, { nullable: true }) parentCode?: string): Promise<TaxonomyNode[]> {
    return parentCode ? ctx.services.taxonomy.children(parentCode.trim().toUpperCase()) : ctx.services.taxonomy.roots();
  }

  @FieldResolver(() => TaxonomyNode, { nullable: true, description: 'Parent node.' })
  parent(@Root() n: TaxonomyNode, @Ctx() ctx: Context): Promise<TaxonomyNode | null> | null {
    return n.parentCode ? ctx.loaders.taxonomyNode.load(n.parentCode) : null;
  }

  @FieldResolver(() => [TaxonomyNode], { description: 'Child nodes.' })
  children(@Root() n: TaxonomyNode, @Ctx() ctx: Context): Promise<TaxonomyNode[]> {
    return ctx.loaders.taxonomyChildren.load(n.code);
  }

  @FieldResolver(() => [EntryMapping], { description: 'Mappings of list entries onto this node (all statuses unless one is given).' })
  async mappings(
    @Root() n: TaxonomyNode,
    @Ctx() ctx: Context,
    @Arg('status', () => MappingStatus, { nullable: true }) status?: MappingStatus,
  ): Promise<EntryMapping[]> {
    const all = await ctx.loaders.mappingsByNode.load(n.code);
    return status ? all.filter((m) => m.status === status) : all;
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => TaxonomyNode, { description: 'Add a node to the shared taxonomy (secretariat).' })
  createTaxonomyNode(@Arg('input', () => TaxonomyNodeInput) input: TaxonomyNodeInput, @Ctx() ctx: Context): Promise<TaxonomyNode> {
    return ctx.services.taxonomy.createNode(ctx.principal, input);
  }
}

@Resolver(() => EntryMapping)
export class EntryMappingResolver {
  @FieldResolver(() => ControlEntry, { description: 'The mapped entry.' })
  async entry(@Root() m: EntryMapping, @Ctx() ctx: Context): Promise<ControlEntry> {
    return (await ctx.loaders.controlEntry.load(m.entryId))!;
  }

  @FieldResolver(() => TaxonomyNode, { description: 'The taxonomy node.' })
  node(@Root() m: EntryMapping, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): TaxonomyNode | Promise<TaxonomyNode> {
    // The foreign key guarantees the node exists: `node { code }` needs no read (and no promise).
    if (selectsOnly(info, CODE_ONLY)) return Object.assign(new TaxonomyNode(), { code: m.taxonomyCode });
    return ctx.loaders.taxonomyNode.load(m.taxonomyCode) as Promise<TaxonomyNode>;
  }

  @FieldResolver(() => ControlEntry, { nullable: true, description: 'For a STALE mapping: the entry of the newer version that replaced the mapped one.' })
  successorEntry(@Root() m: EntryMapping, @Ctx() ctx: Context): Promise<ControlEntry | null> | null {
    return m.successorEntryId ? ctx.loaders.controlEntry.load(m.successorEntryId) : null;
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => EntryMapping, { description: "Propose a mapping of your own jurisdiction's entry onto a taxonomy node (the secretariat for regime lists)." })
  proposeMapping(@Arg('input', () => ProposeMappingInput) input: ProposeMappingInput, @Ctx() ctx: Context): Promise<EntryMapping> {
    return ctx.services.taxonomy.propose(ctx.principal, input);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => EntryMapping, { description: 'Accept or reject a proposed mapping (secretariat); a rejection needs a note.' })
  reviewMapping(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => MappingDecision) decision: MappingDecision,
    @Ctx() ctx: Context,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<EntryMapping> {
    return ctx.services.taxonomy.review(ctx.principal, id, decision, note);
  }
}

/** The taxonomy's side of a list entry: its mappings. */
@Resolver(() => ControlEntry)
export class ControlEntryMappingsResolver {
  @FieldResolver(() => [EntryMapping], {
    description: 'Mappings of this entry onto the taxonomy (all statuses unless one is given), oldest proposal first (then by id).',
  })
  mappings(
    @Root() e: ControlEntry,
    @Ctx() ctx: Context,
    @Arg('status', () => MappingStatus, { nullable: true }) status?: MappingStatus,
  ): Promise<EntryMapping[]> {
    const all = ctx.loaders.mappingsByEntry.load(e.id);
    return status ? all.then((ms) => ms.filter((m) => m.status === status)) : all;
  }
}
