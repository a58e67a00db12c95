/**
 * Compiled execution (COMPILED_QUERIES, the default) answers exactly as graphql-js: the
 * same reads, sent as four callers to two servers over one database — one compiled, one
 * interpreted — give byte-identical bodies and the same HTTP status, errors included.
 */
import { getIntrospectionQuery } from 'graphql';
import { createDataSource } from '../../ormconfig';
import { createApp, type AccordApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, seededPrincipal, type TestApp } from '../support/test-app';

let t: TestApp;
let interpreted: AccordApp;
let consortiumId: string;

beforeAll(async () => {
  t = await createTestApp();
  const ds = createDataSource(t.databaseUrl);
  await ds.initialize();
  interpreted = await createApp({ dataSource: ds, config: { ...t.config, compiledQueries: false }, clock: t.clock, logger: createLogger('silent') });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(async () => {
  await interpreted.stop();
  await t.close();
});

const ITEM = `query($code: String!, $c: ID, $withDivergences: Boolean!) {
  item: harmonizedItem(code: $code, consortiumId: $c) {
    node { code label } mostRestrictiveTier unilateral
    controls { ...Control }
    members { jurisdiction { code } status tier }
    unknownIn { code } uncontrolledIn { code }
    divergences @include(if: $withDivergences) { kind jurisdictions detail basis }
  } }
  fragment Control on HarmonizedControl { jurisdiction { code } listJurisdiction { code } entry { controlNumber title } relation tier __typename }`;

const MISSING = '6f1c2a52-9c1e-4c8e-9a51-0d3c5f1e2b7a';

const READS: [name: string, query: string, variables?: () => Record<string, unknown>][] = [
  ['harmonizedItem', ITEM, () => ({ code: 'BIO.EQP.FERMENTER', c: consortiumId, withDivergences: true })],
  ['harmonizedItem, a directive off', ITEM, () => ({ code: 'BIO.EQP.FERMENTER', c: consortiumId, withDivergences: false })],
  [
    'concordance',
    `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "BIO", first: 20) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { node { code } cells { jurisdiction { code name } tier status entries { controlNumber } } } } } }`,
    () => ({ c: consortiumId }),
  ],
  [
    'controlEntries with mappings',
    `{ controlEntries(filter: { text: "fermenter" }, first: 5) { totalCount edges { cursor node { controlNumber title
      mappings { status relation taxonomyCode node { code } } accepted: mappings(status: ACCEPTED) { taxonomyCode } } } } }`,
  ],
  ['publicRegister', '{ publicRegister(first: 5) { totalCount edges { node { kind title subjectId } } } }'],
  ['jurisdictions and taxonomy', '{ jurisdictions { code name kind } taxonomy { code label kind } }'],
  ['introspection', getIntrospectionQuery()],
  // Errors: not found, not signed in, over a limit, variables that do not coerce, a hostile literal.
  ['a version not found', `{ controlEntries(filter: { versionId: "${MISSING}" }, first: 2) { totalCount } }`],
  ['an unknown node', ITEM, () => ({ code: 'NO.SUCH.NODE', c: consortiumId, withDivergences: true })],
  ['auditTrail', '{ auditTrail(first: 3) { totalCount edges { node { action } } } }'],
  ['a page over the limit', '{ controlEntries(filter: { text: "filter" }, first: 100000) { totalCount } }'],
  ['a variable that does not coerce', 'query($n: Int!) { controlEntries(first: $n) { totalCount } }', () => ({ n: 'many' })],
  ['a hostile literal', '{ controlEntries(filter: { text: "\\"); throw new Error(1); (\\"" }, first: 2) { totalCount edges { node { id } } } }'],
];

/** The reads before this index answer the analyst without errors. */
const ANSWERED = 7;

async function answer(app: AccordApp, query: string, variables: Record<string, unknown> | undefined, as: string | null) {
  const response = await app.apollo.executeOperation({ query, variables }, { contextValue: app.createContext(as ? seededPrincipal(as) : null) });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  return { status: response.http.status ?? 200, body: JSON.stringify(response.body.singleResult) };
}

describe('compiled execution', () => {
  it.each(READS.map(([name, query, variables], index) => ({ name, query, variables, index })))(
    '$name: the same answer as graphql-js, as every caller',
    async ({ query, variables, index }) => {
      for (const as of [null, 'analyst', 'de-regulator', 'secretariat']) {
        const vars = variables?.();
        const [compiled, plain] = [await answer(t.app, query, vars, as), await answer(interpreted, query, vars, as)];
        expect(compiled).toEqual(plain);
        if (as === 'analyst' && index < ANSWERED) expect(JSON.parse(compiled.body)).not.toHaveProperty('errors');
      }
    },
  );

  it('the reads above ran compiled on one server and interpreted on the other, each document compiled once', async () => {
    expect(t.app.executor).not.toBeNull();
    expect(interpreted.executor).toBeNull();
    const kept = t.app.executor!.size();
    expect(kept).toBeGreaterThanOrEqual(READS.length - 2); // two documents are each sent twice
    await answer(t.app, READS[0][1], READS[0][2]!(), 'analyst');
    expect(t.app.executor!.size()).toBe(kept);
  });

  it('errors keep their codes and a bad variable is a 400, as clients rely on', async () => {
    const notFound = JSON.parse((await answer(t.app, `{ controlEntries(filter: { versionId: "${MISSING}" }, first: 2) { totalCount } }`, {}, 'analyst')).body);
    expect(notFound.errors[0].extensions.code).toBe('NOT_FOUND');
    const anonymous = JSON.parse((await answer(t.app, '{ auditTrail(first: 3) { totalCount } }', undefined, null)).body);
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await answer(t.app, 'query($n: Int!) { controlEntries(first: $n) { totalCount } }', { n: 'many' }, 'analyst');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
