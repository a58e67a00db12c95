/**
 * Compiled execution: each distinct operation is compiled once by graphql-jit into a
 * function that walks its selection set, instead of graphql-js interpreting the document
 * field by field on every request. On a concordance page (100 rows × 40 members, ~4,000
 * cells) that interpretation was the largest share of the server's CPU.
 *
 * Apollo Server 5 takes a custom executor only through its gateway interface; the schema
 * is handed over unchanged, and parsing, validation, the query limits and the error format
 * stay Apollo's. Compiled operations are kept per document and operation name, least
 * recently used first out, at most MAX_COMPILED of them; an operation graphql-jit cannot
 * compile is answered by graphql-js.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Distinct operations kept compiled (a compiled operation is a few kB of generated code). */
export const MAX_COMPILED = 1000;

type Compiled = CompiledQuery | null;
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
  /** Operations currently kept compiled. */
  size(): number;
}

export function compiledExecutor(max = MAX_COMPILED): CompiledExecutor {
  // Keyed by the parsed document (Apollo caches documents by query text) and the operation name.
  const byDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();
  // Recency across documents, for the bound: Map keeps insertion order.
  const recent = new Map<string, { document: DocumentNode; name: string }>();
  const ids = new WeakMap<DocumentNode, number>();
  let nextId = 0;

  function compiled(schema: GraphQLSchema, document: DocumentNode, name: string): Compiled {
    let id = ids.get(document);
    if (id === undefined) ids.set(document, (id = nextId++));
    const key = `${id}\u0000${name}`;
    let perName = byDocument.get(document);
    const known = perName?.get(name);
    if (known !== undefined) {
      recent.delete(key);
      recent.set(key, { document, name });
      return known;
    }
    const result = compileQuery(schema, document, name || undefined, { disablingCapturingStackErrors: true });
    const entry = isCompiledQuery(result) ? result : null;
    if (!perName) byDocument.set(document, (perName = new Map()));
    perName.set(name, entry);
    recent.set(key, { document, name });
    while (recent.size > max) {
      const [oldKey, old] = recent.entries().next().value as [string, { document: DocumentNode; name: string }];
      recent.delete(oldKey);
      byDocument.get(old.document)?.delete(old.name);
    }
    return entry;
  }

  return {
    execute(schema, document, operationName, context, variables) {
      const query = compiled(schema, document, operationName ?? '');
      const interpreted = () => execute({ schema, document, operationName, contextValue: context, variableValues: variables });
      if (!query) return interpreted();
      const result = query.query(undefined, context, variables);
      return result instanceof Promise ? result.then((r) => settled(r, interpreted)) : settled(result, interpreted);
    },
    size: () => recent.size,
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
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map(asGraphQLError) };
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
