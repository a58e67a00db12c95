import 'reflect-metadata';
import { GraphQLObjectType, lexicographicSortSchema, type GraphQLField, printSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from '../modules/auth/auth-checker';
import type { ControlEntry } from '../modules/control-lists/control-entry.entity';
import type { MappingStatus } from '../modules/taxonomy/taxonomy.enums';
import type { EntryMapping } from '../modules/taxonomy/entry-mapping.entity';
import { ControlEntryMappingsResolver, EntryMappingResolver } from '../modules/taxonomy/taxonomy.resolver';
import { ConcordanceResolver } from '../modules/harmonized/harmonized.resolver';
import type { ConcordanceCell } from '../modules/harmonized/harmonized.types';
import type { Context } from '../graphql/context';
import { selectedFields, selectsOnly } from '../graphql/selection';
import { LEAN_MAPPING_FIELDS } from '../modules/taxonomy/taxonomy.loaders';
import type { ConnectionShape } from '../shared/pagination';
import { resolvers } from './modules';
import { DateTimeScalar } from '../graphql/scalars';
import { validateArgument } from '../graphql/validation';

let cached: Promise<GraphQLSchema> | undefined;

const unusedPubSub = {
  publish(): void {
    throw new Error("publish through the instance's event stream (context.pubSub)");
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error("subscribe through the instance's event stream (context.pubSub)");
  },
};

/** The type-graphql schema; needs no database. Built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: resolvers as NonEmptyArray<(typeof resolvers)[number]>,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument, // class-validator, loaded once (src/graphql/validation.ts)
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Subscriptions read each server instance's own stream from the context (see
    // notifications.resolver.ts); type-graphql still wants a PubSub at build time.
    pubSub: unusedPubSub,
  }).then(directNestedResolvers);
  return cached;
}

/**
 * Nested fields resolved once per item of a page (each entry's mappings, each mapping's
 * node) call their resolver methods directly: type-graphql's wrapper — parameter lookup,
 * an asynchronous argument check, a promise per call — cost more than the loader behind
 * them (profiled on a page of 100 entries with their mappings). The methods stay the one
 * definition; these fields carry no authorization rule and their arguments are enums that
 * graphql-js has already checked.
 */
function directNestedResolvers(schema: GraphQLSchema): GraphQLSchema {
  const entries = new ControlEntryMappingsResolver();
  const mappings = new EntryMappingResolver();
  // A page of controlEntries whose entries' mappings are selected reads them (the same one
  // batched statement, through the same loader) before it is returned, so each entry's
  // mappings field answers at once instead of with a promise per entry.
  // When every selection of those mappings asks only for LEAN_MAPPING_FIELDS, only their columns are read (kept apart: a
  // selection asking for more never gets a lean mapping).
  const pageMappings = new WeakMap<Context, Map<string, EntryMapping[] | Error>>();
  const leanPageMappings = new WeakMap<Context, Map<string, EntryMapping[] | Error>>();
  const controlEntries = field(schema, 'Query', 'controlEntries');
  const page = controlEntries.resolve!;
  controlEntries.resolve = async (source, args, ctx: Context, info) => {
    const connection = (await page(source, args, ctx, info)) as ConnectionShape<ControlEntry>;
    if (connection.edges.length && selectedFields(info, ['edges', 'node']).has('mappings')) {
      const lean = [...selectedFields(info, ['edges', 'node', 'mappings'])].every((f) => f === '__typename' || LEAN_MAPPING_FIELDS.has(f));
      const ids = connection.edges.map((e) => e.node.id);
      const lists = await (lean ? ctx.loaders.mappingsByEntryLean : ctx.loaders.mappingsByEntry).loadMany(ids);
      const byContext = lean ? leanPageMappings : pageMappings;
      let known = byContext.get(ctx);
      if (!known) byContext.set(ctx, (known = new Map<string, EntryMapping[] | Error>()));
      for (const [i, id] of ids.entries()) known.set(id, lists[i]);
    }
    return connection;
  };
  setResolver(schema, 'ControlEntry', 'mappings', (e: ControlEntry, args: { status?: MappingStatus | null }, ctx, info) => {
    const known = (selectsOnly(info, LEAN_MAPPING_FIELDS) ? leanPageMappings.get(ctx)?.get(e.id) : undefined) ?? pageMappings.get(ctx)?.get(e.id);
    if (known === undefined) return entries.mappings(e, ctx, args.status ?? undefined);
    if (known instanceof Error) throw known;
    return args.status ? known.filter((m) => m.status === args.status) : known;
  });
  setResolver(schema, 'EntryMapping', 'node', (m: EntryMapping, _args, ctx, info) => mappings.node(m, ctx, info));
  // The cells of a concordance page (100 rows × every member): their member and entries fields resolve
  // from what the page loaded, synchronously; none takes arguments or carries an authorization rule.
  const cells = new ConcordanceResolver();
  setResolver(schema, 'ConcordanceCell', 'jurisdiction', (c: ConcordanceCell, _args, ctx) => cells.jurisdiction(c, ctx));
  setResolver(schema, 'ConcordanceCell', 'adopts', (c: ConcordanceCell, _args, ctx) => cells.adopts(c, ctx));
  setResolver(schema, 'ConcordanceCell', 'adoptedBy', (c: ConcordanceCell, _args, ctx) => cells.adoptedBy(c, ctx));
  setResolver(schema, 'ConcordanceCell', 'licensedBy', (c: ConcordanceCell, _args, ctx) => cells.licensedBy(c, ctx));
  setResolver(schema, 'ConcordanceCell', 'listJurisdictions', (c: ConcordanceCell, _args, ctx) => cells.listJurisdictions(c, ctx));
  setResolver(schema, 'ConcordanceCell', 'entries', (c: ConcordanceCell, _args, ctx, info) => cells.entries(c, ctx, info));
  // A jurisdiction is selected once per cell of a concordance page: its stored fields are read as they are (graphql-js's default resolver).
  for (const name of ['code', 'name', 'kind', 'adoptionNote']) field(schema, 'Jurisdiction', name).resolve = undefined;
  lazyTotalCounts(schema);
  return schema;
}

/**
 * A connection's `totalCount` may hold a count that runs when awaited (lazyCount). The
 * compiled executor reads a field without a resolver as a plain value, so each connection's
 * totalCount gets a resolver: its result is awaited like any resolver's.
 */
function lazyTotalCounts(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const total = type.getFields().totalCount as GraphQLField<ConnectionShape<unknown>, Context> | undefined;
    if (total && !total.resolve && 'edges' in type.getFields()) total.resolve = (connection) => connection.totalCount;
  }
}

function field(schema: GraphQLSchema, type: string, name: string): GraphQLField<unknown, Context> {
  const f = (schema.getType(type) as GraphQLObjectType<unknown, Context> | undefined)?.getFields()[name];
  if (!f) throw new Error(`${type}.${name} is not in the schema`);
  return f;
}

function setResolver<TSource, TArgs>(schema: GraphQLSchema, type: string, name: string, resolve: GraphQLFieldResolver<TSource, Context, TArgs>): void {
  field(schema, type, name).resolve = resolve as GraphQLFieldResolver<unknown, Context>;
}

export const SCHEMA_HEADER =
  '# -----------------------------------------------\n# Accord GraphQL schema — generated by `npm run schema:emit`; do not edit.\n# -----------------------------------------------\n\n';

/** The schema as SDL, sorted, with the generated-file header: what schema/schema.graphql holds. */
export async function printAppSchema(): Promise<string> {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n';
}
