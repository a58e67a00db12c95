/**
 * The authorization matrix: every Query, Mutation and Subscription field of the built
 * schema, run as every role, judged against the operation catalogue of who may do what
 * (test/support/operation-catalogue.ts, which names the roles and who "right" and "other"
 * are for each operation). The table below says how to call each operation here.
 *
 * Judgement: a denied role gets UNAUTHENTICATED (anonymous) or FORBIDDEN, and its call
 * appends nothing to the audit trail; an allowed role succeeds (no error at all).
 * Denied roles run first, on the same fixture; then each allowed role runs on a fixture
 * of its own (the first reuses the one the denied roles could not touch).
 *
 * Subscriptions are judged by what is delivered: the allowed roles hear the triggered
 * event; a denied role is refused at subscribe time (UNAUTHENTICATED/FORBIDDEN) or hears
 * nothing. Fixtures are made through the API.
 */
import { parse, subscribe, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';
import { handleOf, OPERATIONS, ROLES, rootFields, type RoleKey } from '../support/operation-catalogue';
import {
  CONSORTIUM_IDS,
  CREATE_CONTROL_LIST,
  CREATE_CONTROL_LIST_VERSION_AND_LIST,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  RESPOND_TO_RECOGNITION_REQUEST,
  UPSERT_CONTROL_ENTRIES,
} from '../support/operations';
import { workflowFixtures } from '../support/workflow-fixtures';
import { authorizationTable, T0, type Rule } from '../support/authorization-table';
import { createTestApp, errorCode, seededPrincipal, type GqlResult, type TestApp } from '../support/test-app';

let t: TestApp;
let schema: GraphQLSchema;
let consortiumId: string;

// --- fixtures, through the API (test/support/workflow-fixtures.ts) -------------------------------

const fx = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'AZM', prefix: 'AZ' });
const { ok, ch, entry, grant, fileRequest, constituted, authorization, draft, webhook } = fx;

/** Shared, read-only fixtures for the queries. */
const shared: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ start: T0 });
  schema = await buildAppSchema();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await ok(`mutation { createTaxonomyNode(input: { code: "AZM", label: "Matrix root", kind: EQUIPMENT }) { code } }`, {}, 'secretariat');
  await ok(
    `mutation { createTaxonomyNode(input: { code: "AZM.FERM", label: "Matrix fermenters", kind: EQUIPMENT, parentCode: "AZM" }) { code } }`,
    {},
    'secretariat',
  );
  const v = await ok(
    CREATE_CONTROL_LIST_VERSION_AND_LIST,
    { i: { jurisdiction: 'CH', listName: 'Matrix CH list', instrument: 'Matrix ordinance', label: 'v1', coverage: ['AZM'] } },
    'ch-regulator',
  );
  ch.mainListId = v.createControlListVersion.list.id;
  ch.publishedVersionId = v.createControlListVersion.id;
  const up = await ok(UPSERT_CONTROL_ENTRIES, { v: ch.publishedVersionId, e: [entry('AZ-1')] }, 'ch-regulator');
  ch.entryId = up.upsertControlEntries[0].id;
  await ok(PUBLISH_CONTROL_LIST_VERSION, { id: ch.publishedVersionId }, 'ch-regulator');
  const pub = await ok(CREATE_CONTROL_LIST, { i: { jurisdiction: 'CH', listName: 'Matrix CH publications', label: 'v0' } }, 'ch-regulator');
  ch.pubListId = pub.createControlListVersion.list.id;
  const ag = await ok(`{ controlLists(jurisdiction: "AG") { versions { id status } } }`, {}, 'analyst');
  const agVersions = ag.controlLists.flatMap((l: any) => l.versions);
  shared.agFrom = agVersions.find((x: any) => x.status === 'SUPERSEDED').id;
  shared.agTo = agVersions.find((x: any) => x.status === 'PUBLISHED').id;
  shared.decision = await grant();
  shared.request = await fileRequest('de', ['FR']);
  shared.dispute = await constituted();
  shared.webhook = await webhook();
  // A DRAFT entry of CH mapped onto AZM.FERM (only CH's regulators and the secretariat may see it).
  shared.draft = await draft();
  const draftEntries = await ok(
    `query($v: ID!) { controlListVersion(id: $v) { entries(first: 5) { edges { node { id } } } } }`,
    { v: shared.draft },
    'ch-regulator',
  );
  shared.draftEntry = draftEntries.controlListVersion.entries.edges[0].node.id;
  await ok(PROPOSE_MAPPING, { i: { entryId: shared.draftEntry, taxonomyCode: 'AZM.FERM', relation: 'EXACT' } }, 'ch-regulator');
  // A resolved recognition request: its outcome is in the public register.
  const resolved = await fileRequest('de', ['FR']);
  await ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId: resolved, decision: 'RECOGNIZE' } }, 'fr-regulator');
  shared.authorization = await authorization();
});

afterAll(() => t.close());

const TABLE = authorizationTable({ t: () => t, consortiumId: () => consortiumId, shared, fx });

// --- running the matrix -------------------------------------------------------------------------

const auditCount = async () => Number((await t.ds.query('SELECT count(*)::int AS n FROM audit_event'))[0].n);

interface Check {
  op: string;
  role: RoleKey;
  allowed: boolean;
  got: string;
}
/** Allowed calls whose answer revealed (or withheld) exactly what the table declares. */
const reveals: { op: string; role: RoleKey; seen: boolean }[] = [];

async function runOperation(op: string, rule: Rule): Promise<Check[]> {
  const checks: Check[] = [];
  const { allowed: may } = OPERATIONS[op];
  const denied = ROLES.filter((r) => !may.includes(r));
  const allowed = ROLES.filter((r) => may.includes(r));
  let vars = rule.vars ? await rule.vars() : {};
  const before = await auditCount();
  for (const role of denied) {
    const r = await t.gql(rule.doc, vars, handleOf(op, role));
    checks.push({ op, role, allowed: false, got: errorCode(r) ?? (r.errors ? 'NO_CODE' : 'OK') });
  }
  const after = await auditCount();
  if (after !== before) checks.push({ op, role: denied[0], allowed: false, got: `denied calls appended ${after - before} audit event(s)` });
  for (const [i, role] of allowed.entries()) {
    if (i > 0 && rule.vars && op.startsWith('Mutation.')) vars = await rule.vars();
    const r: GqlResult = await t.gql(rule.doc, vars, handleOf(op, role));
    let got = r.errors ? `${errorCode(r) ?? 'NO_CODE'}: ${r.errors[0].message}` : 'OK';
    if (got === 'OK' && rule.reveals) {
      const seen = rule.reveals.check(r.data, vars);
      const may = rule.reveals.roles.includes(role);
      if (seen !== may) got = `OK, but it ${seen ? 'reveals' : 'hides'} ${rule.reveals.what} (declared: ${may ? 'reveals' : 'hides'})`;
      else reveals.push({ op, role, seen });
    }
    checks.push({ op, role, allowed: true, got });
  }
  return checks;
}

async function runSubscription(op: string, rule: Rule): Promise<Check[]> {
  const vars = rule.vars ? await rule.vars() : {};
  const document = parse(rule.doc);
  const heard = new Map<RoleKey, unknown[]>();
  const refused = new Map<RoleKey, string>();
  const iterators: AsyncIterator<unknown>[] = [];
  for (const role of ROLES) {
    const handle = handleOf(op, role);
    const result = await subscribe({ schema, document, variableValues: vars, contextValue: t.app.createContext(handle ? seededPrincipal(handle) : null) });
    if (!(Symbol.asyncIterator in result)) {
      const errors = (result as { errors?: readonly { extensions?: { code?: string } }[] }).errors ?? [];
      refused.set(role, errors[0]?.extensions?.code ?? 'NO_CODE');
      continue;
    }
    const it = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    iterators.push(it);
    const got: unknown[] = [];
    heard.set(role, got);
    void (async () => {
      for (;;) {
        const next = await it.next().catch(() => ({ done: true, value: undefined }));
        if (next.done) return;
        got.push(next.value);
      }
    })();
  }
  await new Promise((r) => setTimeout(r, 150)); // the iterators are listening
  await rule.trigger!();
  const until = Date.now() + 5000;
  while (Date.now() < until && !OPERATIONS[op].allowed.every((r) => (heard.get(r)?.length ?? 0) > 0)) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300)); // time for a wrongly delivered event to arrive
  for (const it of iterators) await it.return?.();
  return ROLES.map((role) => {
    const allowed = OPERATIONS[op].allowed.includes(role);
    if (refused.has(role)) return { op, role, allowed, got: refused.get(role)! };
    const events = heard.get(role)!;
    const errored = events.find((e: any) => e.errors);
    if (errored) return { op, role, allowed, got: `event with errors: ${JSON.stringify((errored as any).errors)}` };
    return { op, role, allowed, got: events.length ? 'HEARD' : 'SILENT' };
  });
}

it('every operation of the schema is in the table, and every role gets exactly what the table declares', async () => {
  const fields = rootFields(schema);
  // A new operation missing from the catalogue or the table (or a stale row) fails here.
  expect(Object.keys(OPERATIONS).sort()).toEqual(fields);
  expect(Object.keys(TABLE).sort()).toEqual(fields);

  const checks: Check[] = [];
  for (const [op, rule] of Object.entries(TABLE)) {
    t.clock.set(T0);
    checks.push(...(op.startsWith('Subscription.') ? await runSubscription(op, rule) : await runOperation(op, rule)));
  }

  const wrong = checks.filter((c) => {
    const sub = c.op.startsWith('Subscription.');
    if (c.allowed) return c.got !== (sub ? 'HEARD' : 'OK');
    const expected = OPERATIONS[c.op].concealedAs?.[c.role] ?? (c.role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    return !(c.got === expected || (sub && c.got === 'SILENT'));
  });
  expect(
    wrong.map((c) => `${c.op} as ${c.role} (${handleOf(c.op, c.role) ?? 'anonymous'}): ${c.allowed ? 'allowed' : 'denied'} by the table, got ${c.got}`),
  ).toEqual([]);

  const operations = Object.keys(TABLE).length;
  const matrix = checks.filter((c) => !c.got.startsWith('denied calls appended'));
  const denied = matrix.filter((c) => !c.allowed).length;
  const silent = matrix.filter((c) => c.got === 'SILENT').length;
  const concealed = matrix.filter((c) => !c.allowed && c.got === 'NOT_FOUND').length;
  process.stdout.write(
    `\nauthorization matrix: ${operations} operations × ${ROLES.length} roles = ${matrix.length} checks, ${denied} denied as declared` +
      ` (${concealed} by concealment as NOT_FOUND, ${silent} subscriptions by hearing nothing);` +
      ` ${reveals.length} allowed answers checked for what they reveal (drafts, licence parties, a panelist's reach), ${reveals.filter((x) => !x.seen).length} withheld as declared\n`,
  );
});
