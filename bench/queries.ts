/**
 * The operations the bench sends, and how their variables are drawn. The selections are
 * what a client of each view asks for; the floor (bench/floor.ts) answers the same
 * selections of harmonizedItem and concordance byte-for-byte in content.
 */
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLEnumType, type GraphQLSchema, type GraphQLOutputType } from 'graphql';
import { ADJECTIVES, NOUNS } from './words';

export const ITEM = `query BenchItem($code: String!, $c: ID) { harmonizedItem(code: $code, consortiumId: $c) {
  node { code label }
  mostRestrictiveTier unilateral
  controls { jurisdiction { code } listJurisdiction { code } relation tier entry { id controlNumber title } parameters { name comparator value unit } }
  members { jurisdiction { code } status tier }
  divergences { kind jurisdictions detail }
} }`;

export const CONCORDANCE = `query BenchConcordance($c: ID!, $p: String, $first: Int, $after: String) {
  concordance(consortiumId: $c, taxonomyPrefix: $p, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { node { code label } cells { jurisdiction { code } status controlled tier entries { controlNumber } } } }
  }
}`;

export const SEARCH = `query BenchSearch($text: String!, $first: Int, $after: String) { controlEntries(filter: { text: $text }, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id controlNumber title tier hsCodes jurisdiction { code } } }
} }`;

/** assessTransaction: what each member requires for one item with a parameter, the risk and the proposed tier. */
export const ASSESS = `query BenchAssess($input: TransactionInput!) { assessTransaction(input: $input) {
  id proposedTier risk { score level factors { name value weight } }
  perMember { jurisdiction { code } requirement reference catchAllTriggers matches { entry { controlNumber } applies thresholds { name met } } }
} }`;

/** An export of one item of `code` with a volume, from DE to KE, for research, to a named end user. */
export function assessInput(code: string, litres = 50): Record<string, unknown> {
  return {
    input: {
      exportingJurisdiction: 'DE',
      destination: 'KE',
      endUse: 'RESEARCH',
      endUser: { name: 'Bench Research Institute', country: 'KE' },
      items: [{ taxonomyCode: code, parameters: [{ name: 'total internal volume', value: litres, unit: 'L' }] }],
    },
  };
}

export const RESPOND = `mutation BenchRespond($input: RecognitionResponseInput!) { respondToRecognitionRequest(input: $input) { id status } }`;

export const REQUESTS = `query BenchRequests($first: Int, $status: RecognitionStatus) { mutualRecognitionRequests(first: $first, filter: { status: $status }) {
  totalCount edges { node { id status requestingJurisdiction { code } concernedJurisdictions { code } responses { decision } } }
} }`;

/**
 * Full-text search terms: common nouns (≈5 % of entries each), adjective + noun phrases,
 * a one-entry model token, exact control numbers and typos (trigram similarity).
 */
export function searchTerms(memberCodes: string[], entriesPerList: number): string[] {
  const terms: string[] = [];
  NOUNS.forEach((n, i) => terms.push(n, `${ADJECTIVES[i % ADJECTIVES.length]} ${n}`));
  for (let k = 0; k < 12; k++) {
    const j = (k * 7) % memberCodes.length;
    const i = (k * 977) % entriesPerList;
    terms.push(`bx${j}k${i}`);
    terms.push(`${memberCodes[j]}.${1 + (i % 9)}${String.fromCharCode(65 + (Math.floor(i / 9) % 5))}${String(Math.floor(i / 45)).padStart(3, '0')}`);
  }
  terms.push('fermentr', 'centrifge', 'cytomter', 'bioreacter', 'autoclav', 'isolatr');
  terms.push('aerosol containment', 'pathogenic microorganisms', 'flow rate', 'nucleic acid');
  return terms;
}

/**
 * A search drawn at random so that repeats are rare (the response cache must not make the
 * row): a common noun (≈5 % of entries each) on a random page with a random page size, an
 * adjective + noun phrase on a random page, a one-entry model token, an exact control number,
 * or a typo of a noun (trigram similarity) — tens of thousands of distinct requests.
 */
export function drawSearch(rand: () => number, memberCodes: string[], entriesPerList: number): { text: string; first: number; after: string | null } {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const int = (n: number) => Math.floor(rand() * n);
  const page = (pages: number, first: number) => {
    const k = int(pages);
    return k === 0 ? null : Buffer.from(JSON.stringify(k * first - 1)).toString('base64url');
  };
  const k = rand();
  if (k < 0.3) {
    const first = 10 + int(21);
    return { text: pick(NOUNS), first, after: page(10, first) };
  }
  if (k < 0.5) return { text: `${pick(ADJECTIVES)} ${pick(NOUNS)}`, first: 20, after: page(5, 20) };
  if (k < 0.7) return { text: `bx${int(memberCodes.length)}k${int(entriesPerList)}`, first: 20, after: null };
  if (k < 0.9) {
    const i = int(entriesPerList);
    return {
      text: `${pick(memberCodes)}.${1 + (i % 9)}${String.fromCharCode(65 + (Math.floor(i / 9) % 5))}${String(Math.floor(i / 45)).padStart(3, '0')}`,
      first: 20,
      after: null,
    };
  }
  const noun = pick(NOUNS).split(' ')[0];
  const at = 1 + int(noun.length - 2);
  return { text: noun.slice(0, at) + noun.slice(at + 1), first: 10 + int(21), after: null };
}

export const DECISIONS = [
  { decision: 'RECOGNIZE' },
  { decision: 'RECOGNIZE' },
  { decision: 'RECOGNIZE' },
  { decision: 'RECOGNIZE_WITH_CONDITIONS', conditions: ['post-shipment verification'], rationale: 'Recognized subject to end-use checks (bench).' },
  { decision: 'DECLINE', rationale: 'Criteria 2 and 4 are not met (bench).', criteria: ['C2', 'C4'] },
];

/**
 * A query for `publicRegister` built from the schema when the field exists: `first: 20`
 * when it takes `first`, scalar and enum fields of its items (through a connection's
 * edges/node). Null (with the reason) when it does not exist or needs arguments the bench
 * cannot guess.
 */
export function publicRegisterQuery(schema: GraphQLSchema): { query: string | null; note: string } {
  const field = schema.getQueryType()?.getFields().publicRegister;
  if (!field) return { query: null, note: 'publicRegister is not in the schema: skipped' };
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  if (required.length) return { query: null, note: `publicRegister needs ${required.map((a) => a.name).join(', ')}: skipped` };
  const unwrap = (t: GraphQLOutputType): GraphQLOutputType => (t instanceof GraphQLNonNull || t instanceof GraphQLList ? unwrap(t.ofType) : t);
  const scalars = (t: GraphQLObjectType) =>
    Object.values(t.getFields())
      .filter((f) => f.args.every((a) => !(a.type instanceof GraphQLNonNull)))
      .filter((f) => {
        const u = unwrap(f.type);
        return u instanceof GraphQLScalarType || u instanceof GraphQLEnumType;
      })
      .map((f) => f.name);
  const type = unwrap(field.type);
  if (!(type instanceof GraphQLObjectType)) return { query: null, note: 'publicRegister returns a scalar: skipped' };
  const args = field.args.some((a) => a.name === 'first') ? '(first: 20)' : '';
  const edges = type.getFields().edges;
  let selection: string;
  if (edges) {
    const edge = unwrap(edges.type) as GraphQLObjectType;
    const node = unwrap(edge.getFields().node.type) as GraphQLObjectType;
    selection = `${type.getFields().totalCount ? 'totalCount ' : ''}edges { cursor node { ${scalars(node).join(' ')} } }`;
  } else selection = scalars(type).join(' ');
  return { query: `query BenchRegister { publicRegister${args} { ${selection} } }`, note: `publicRegister${args} selected from the schema` };
}
