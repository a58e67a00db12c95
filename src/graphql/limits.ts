/**
 * Abuse limits on every operation (OWASP GraphQL cheat sheet): depth, aliases and
 * directives (graphql-armor), tokens (graphql-js's parser), and a cost with list multipliers
 * (graphql-query-complexity): a field with a `first` argument costs `first` times its
 * children, any other list field ten times; page sizes are capped at 100 elsewhere.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 4000,
  maxCost: 200_000,
  /** A list field without `first` is assumed to hold this many items. */
  listFactor: 10,
  defaultPage: 20,
  maxBatch: 10,
};

export function armor() {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    maxTokens: { enabled: false }, // graphql-js counts tokens while parsing (parseOptions), so syntax errors stay GRAPHQL_PARSE_FAILED
    costLimit: { enabled: false }, // the cost below knows about list sizes
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Lists whose size is known better than the default factor: one cell per member (≤ 50), a few entries per cell. */
const LIST_SIZES: Record<string, number> = {
  'ConcordanceRow.cells': 50,
  'ConcordanceCell.entries': 3,
  'HarmonizedItem.controls': 50,
  'HarmonizedItem.members': 50,
};

const listEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const known = LIST_SIZES[`${type.name}.${field.name}`];
  if (known) return 1 + childComplexity * known;
  // A connection's edges are already counted `first` times by the field that returns it.
  if (field.name === 'edges' && type.name.endsWith('Connection')) return 1 + childComplexity;
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : LIMITS.defaultPage;
    return 1 + childComplexity * first;
  }
  if (isListType(getNullableType(field.type)) && getNamedType(field.type)) return 1 + childComplexity * LIMITS.listFactor;
  return undefined;
};

function variablesCoerce(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  try {
    return !getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }).errors;
  } catch {
    return false; // graphql-js throws once the error limit is reached
  }
}

/** Cached costs: per parsed document (Apollo reuses it from its document cache), per operation name and the variables that set it. */
const COST_CACHE_KEYS_PER_DOCUMENT = 256;
const COST_CACHE_MAX_KEY = 2048;

/**
 * The variables a cost can depend on: those inside a `first` argument (listEstimator reads
 * it) or a directive's arguments (@skip and @include remove fields). Any other variable —
 * an item's code, a cursor — leaves the cost unchanged.
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value !== 'first') return;
      visit(node.value, { Variable: (v) => void names.add(v.name.value) });
    },
    Directive(node) {
      visit(node, { Variable: (v) => void names.add(v.name.value) });
    },
  });
  return [...names].sort();
}

export function costPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  // The cost of an operation depends only on the document, the operation and the variables
  // that set it (costVariables): computed once per combination (a profile showed it at ~5 %
  // of a simple read's CPU). Small keys only, a bounded number per document. A request whose
  // variables do not coerce is costed afresh each time and its result is never kept: it
  // must not stand for a later request with the same cost variables.
  const cache = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let perDocument = cache.get(document);
          if (!perDocument) cache.set(document, (perDocument = { variables: costVariables(document), costs: new Map<string, number>() }));
          const values: Record<string, unknown> = request.variables ?? {};
          // An omitted variable (its default applies) and one sent as null are different keys.
          const set = perDocument.variables.filter((name) => name in values).map((name) => [name, values[name]]);
          const key = `${request.operationName ?? ''}\u0000${JSON.stringify(set)}`;
          const known = key.length <= COST_CACHE_MAX_KEY ? perDocument.costs.get(key) : undefined;
          const cost = known ?? costOf(schema, document, request.operationName, request.variables);
          if (known === undefined && cost !== 'skip' && key.length <= COST_CACHE_MAX_KEY) {
            if (perDocument.costs.size >= COST_CACHE_KEYS_PER_DOCUMENT) perDocument.costs.clear();
            perDocument.costs.set(key, cost);
          }
          // Variables that do not coerce are left to execution, which refuses them as
          // BAD_USER_INPUT before anything runs.
          if (cost === 'skip') return;
          if (cost > LIMITS.maxCost) {
            throw new GraphQLError(`query cost ${cost} exceeds the limit of ${LIMITS.maxCost}: ask for fewer items (first) or fewer nested lists`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, limit: LIMITS.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The cost of an operation, or 'skip' when its variables do not coerce; any other failure to cost is a refusal. */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number | 'skip' {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (operation && !variablesCoerce(schema, operation, variables ?? {})) return 'skip';
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (err) {
    throw new GraphQLError(`the query is too large to cost: ${err instanceof Error ? err.message : 'refused'}`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: LIMITS.maxCost, http: { status: 400 } },
    });
  }
}
