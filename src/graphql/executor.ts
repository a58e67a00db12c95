/**
 * Compiled execution: each distinct operation is compiled once by graphql-jit into a
 * function that walks its selection set, instead of graphql-js interpreting the document
 * field by field on every request. On a concordance page (100 rows × 40 members, ~4,000
 * cells) it cut the server's CPU per page by about a quarter (`npm run bench`).
 *
 * Apollo Server 5 takes a custom executor only through its gateway interface; the schema
 * is handed over unchanged, and parsing, validation, the query limits and the error format
 * stay Apollo's. An operation is compiled the second time it comes (its first run is
 * graphql-js's), and kept per document and operation name, least recently used first out,
 * at most MAX_COMPILED documents; an operation graphql-jit cannot compile is answered by
 * graphql-js. Under this executor Apollo calls no plugin's `willResolveField` (Accord's
 * plugins use none; the cache-control plugin, which does, is off).
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery, type CompilerOptions } from 'graphql-jit';

/** Distinct documents kept compiled (a compiled concordance page query holds ~32 KiB of heap). */
export const MAX_COMPILED = 500;

type Compiled = CompiledQuery | null;
const SEEN = Symbol('seen');
type Compile = (schema: GraphQLSchema, document: DocumentNode, operationName?: string, options?: Partial<CompilerOptions>) => CompiledQuery | ExecutionResult;
type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

export interface CompiledExecutor {
  execute(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null,
    context: unknown,
    variables: Record<string, unknown>,
  ): Promise<ExecutionResult> | ExecutionResult;
  /** Documents currently kept (run once, or compiled). */
  size(): number;
}

/** `max`: documents kept; `compile`: graphql-jit's compileQuery (tests count its calls). */
export function compiledExecutor({ max = MAX_COMPILED, compile = compileQuery }: { max?: number; compile?: Compile } = {}): CompiledExecutor {
  // By parsed document (Apollo keeps one per query text), then operation name; least recently used first.
  // SEEN: run once, not compiled yet. An operation is compiled when it comes a second time, so a
  // one-off document (an ad hoc query, or a stream of distinct ones) costs no compilation.
  const kept = new Map<DocumentNode, Map<string, Compiled | typeof SEEN>>();

  function compiled(schema: GraphQLSchema, document: DocumentNode, name: string): Compiled {
    let perName = kept.get(document);
    if (perName) kept.delete(document);
    kept.set(document, (perName ??= new Map<string, Compiled | typeof SEEN>()));
    if (kept.size > max) kept.delete(kept.keys().next().value!);
    const entry = perName.get(name);
    if (entry === undefined) {
      perName.set(name, SEEN);
      return null;
    }
    if (entry !== SEEN) return entry;
    const result = compile(schema, document, name || undefined, { disablingCapturingStackErrors: true });
    const query = isCompiledQuery(result) ? result : null;
    perName.set(name, query);
    return query;
  }

  return {
    execute(schema, document, operationName, context, variables) {
      const query = compiled(schema, document, operationName ?? '');
      const interpreted = () => execute({ schema, document, operationName, contextValue: context, variableValues: variables });
      if (!query) return interpreted();
      const result = query.query(undefined, context, variables);
      return result instanceof Promise ? result.then((r) => settled(r, interpreted)) : settled(result, interpreted);
    },
    size: () => kept.size,
  };
}

/**
 * graphql-jit's result as graphql-js gives it. A result without `data` is a request error —
 * variables that do not coerce — found before any resolver ran: graphql-js answers it, so
 * the error names its variable definition and Apollo answers BAD_USER_INPUT with status 400.
 * Execution errors become graphql-js errors that keep the resolver's original error, which
 * src/graphql/format-error.ts turns into the public message and code.
 */
function settled(result: ExecutionResult, interpreted: () => ReturnType<typeof execute>): ReturnType<typeof execute> {
  if (!('data' in result)) return interpreted();
  const { errors, data, ...rest } = result;
  if (!errors?.length) return result;
  return { errors: errors.map(asGraphQLError), data, ...rest }; // graphql-js's order of keys
}

// graphql-jit's errors inherit from GraphQLError but leave `extensions` undefined where
// graphql-js and Apollo expect an object.
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const { message, path, originalError, extensions, locations } = error as {
    message: string;
    path?: readonly (string | number)[];
    originalError?: Error | null;
    extensions?: Record<string, unknown>;
    locations?: readonly SourceLocation[];
  };
  const converted = new GraphQLError(message, { path, originalError: originalError ?? undefined, extensions });
  if (locations) Object.defineProperty(converted, 'locations', { value: locations, enumerable: true });
  return converted;
}

/** The executor as Apollo's gateway: `new ApolloServer({ gateway: compiledGateway(schema) })`. */
export function compiledGateway(schema: GraphQLSchema, executor = compiledExecutor()): Gateway {
  const run: GatewayExecutor = async (request) =>
    executor.execute(request.schema, request.document, request.operationName, request.context, request.request.variables ?? {});
  return {
    async load() {
      return { executor: run };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
