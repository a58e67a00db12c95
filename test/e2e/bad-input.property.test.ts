/**
 * Bad input, property-based (fast-check): random and hostile values — empty, huge (≥ 100k
 * characters), unicode (RTL, emoji, combining marks, lone surrogates), NUL and control
 * characters, SQL and script fragments, wrong types, unknown and foreign ids, out-of-range
 * numbers, far-past and far-future dates, forged cursors — thrown at every mutation and
 * every query argument (filters, lookups, pages), through variables over HTTP, as a
 * client sends them, each as the principal who may call the operation (the first role
 * test/support/operation-catalogue.ts allows, unless an operation below names another), so
 * the input gets past the role check and reaches validation.
 *
 * For every call: the answer is a success, or errors that each carry a coded
 * `extensions.code` from the allowed list (never INTERNAL_SERVER_ERROR, never none); the
 * server keeps answering; a rejected call (and any read) leaves the database exactly as
 * it was (row count and a hash of the rows of every table, and the audit chain head); the
 * audit chain stays valid. Most runs make one field hostile (so a failure names its
 * field); some make several. Before the random runs, every field gets the known
 * troublemakers (NUL, a lone surrogate, year 0, forged cursors).
 *
 * Runs per operation: BAD_INPUT_RUNS (default 40 for mutations, 30 for reads); the seed
 * is fixed (BAD_INPUT_SEED to change it) so a failure reproduces.
 */
import fc from 'fast-check';
import { getOperationAST, getVariableValues, parse, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { hashAuditEvent } from '../../src/modules/audit/audit-chain';
import { callerOf, OPERATIONS, operationOf, rootFields } from '../support/operation-catalogue';
import {
  AUDIT_CHAIN_STATUS_DETAIL,
  CONSORTIUM_IDS,
  CREATE_CONTROL_LIST,
  CREATE_CONTROL_LIST_VERSION,
  CREATE_CONTROL_LIST_VERSION_AND_LIST,
  FILE_HUMANITARIAN_WAIVER,
  PUBLISH_CONTROL_LIST_VERSION,
  REGISTER_LOCAL_WEBHOOK,
  REVIEW_MAPPING,
  TYPENAME,
  UPSERT_CONTROL_ENTRIES,
} from '../support/operations';
import { pid, workflowFixtures } from '../support/workflow-fixtures';
import { badInputOps } from '../support/bad-input-ops';
import { createTestApp, type TestApp } from '../support/test-app';
import { b64, FOREIGN_IDS, KEEP, OMIT, type Op, hostile } from '../support/hostile-values';

const RUNS_MUTATION = Number(process.env.BAD_INPUT_RUNS ?? 40);
const RUNS_READ = Number(process.env.BAD_INPUT_RUNS ?? 30);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20260302);

const ALLOWED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'INVALID_TRANSITION',
  'CONFLICT',
  'DEADLINE_PASSED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_COMPLEX',
  'PAYLOAD_TOO_LARGE',
]);

type Vars = Record<string, any>;
type Ctx = Record<string, any>;
let t: TestApp;
let base: string;
let consortiumId: string;
const tokens = new Map<string, string>();
const T0 = '2026-03-02T09:00:00.000Z';

// --- applying a run to the valid variables ---------------------------------------------------------

function setPath(target: Vars, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: any = target;
  for (const [i, k] of keys.slice(0, -1).entries()) {
    if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[k];
  }
  const last = keys[keys.length - 1];
  if (value === OMIT) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
}

function describeValue(v: unknown): string {
  if (v === OMIT) return '(omitted)';
  if (typeof v === 'string') return v.length > 60 ? `${JSON.stringify(v.slice(0, 12))}… (${v.length} chars)` : JSON.stringify(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 60)}… (${s.length} chars of JSON)` : s;
}

type Mutation = Record<string, unknown>;

/** A private copy of a generated value (constants are shared between runs; JSON keeps an own `__proto__` key). */
const fresh = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v);

function runArbitrary(op: Op): fc.Arbitrary<Mutation> {
  const paths = Object.keys(op.fields);
  if (!paths.length) return fc.constant({}); // no argument to spoil: the call itself, repeated
  const single = fc.constantFrom(...paths).chain((p) => hostile(op.fields[p]).map((v) => ({ [p]: v })));
  const several = fc.record(Object.fromEntries(paths.map((p) => [p, fc.option(hostile(op.fields[p]), { nil: KEEP, freq: 2 })]))) as fc.Arbitrary<Mutation>;
  return fc.oneof({ arbitrary: single, weight: 3 }, { arbitrary: several, weight: 1 });
}

/**
 * Known troublemakers tried on every field before the random runs (fast-check `examples`):
 * NUL, a lone surrogate, year 0, and cursors JavaScript accepts but PostgreSQL may not.
 */
const LONE_SURROGATE = 'lone \uDFFF surrogate';
function examples(op: Op): [Mutation][] {
  const out: [Mutation][] = [];
  for (const [path, kind] of Object.entries(op.fields)) {
    const values: unknown[] =
      kind === 'text' || kind === 'code' || kind === 'id'
        ? ['a\u0000b', LONE_SURROGATE]
        : kind === 'texts' || kind === 'codes' || kind === 'ids'
          ? [['a\u0000b'], [LONE_SURROGATE]]
          : kind === 'date'
            ? ['0000-01-01']
            : kind === 'cursor'
              ? [
                  b64(['1', '00000000-0000-0000-0000-000000000000']),
                  b64(['+275760-09-13T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
                  b64(1e21),
                  b64(2 ** 63),
                ]
              : kind === 'content'
                ? [JSON.stringify([{ ...entry('BX-8'), title: LONE_SURROGATE }]), 'a\u0000b']
                : [];
    for (const v of values) out.push([{ [path]: v }]);
  }
  return out;
}

// --- the database snapshot -------------------------------------------------------------------------

let snapshotSql = '';
async function snapshot(): Promise<string> {
  const [row] = await t.ds.query(snapshotSql);
  return JSON.stringify(row);
}

/**
 * The audit events appended since the last look, each recomputed as auditChainStatus
 * does: an event whose stored content no longer matches its hash breaks the chain.
 */
let lastSeq = 0;
async function brokenNewEvents(): Promise<string[]> {
  const events = await t.ds.getRepository(AuditEvent).createQueryBuilder('e').where('e.seq > :s', { s: lastSeq }).orderBy('e.seq', 'ASC').getMany();
  const broken = events.filter((e) => hashAuditEvent(e) !== e.hash).map((e) => `audit event ${e.seq} (${e.action}) does not match its hash once stored`);
  if (events.length) lastSeq = Number(events[events.length - 1].seq);
  return broken;
}
async function skipNewEvents(): Promise<void> {
  lastSeq = Number((await t.ds.query('SELECT coalesce(max(seq), 0) AS s FROM audit_event'))[0].s);
}

/** What graphql-js says of the variables (a client-side check, to name the cause when the server answers wrongly). */
let schema: GraphQLSchema;
function coercionError(doc: string, variables: Vars): string | undefined {
  const operation = getOperationAST(parse(doc));
  const { errors } = getVariableValues(schema, operation?.variableDefinitions ?? [], variables);
  return errors?.[0]?.message;
}

// --- HTTP ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  body?: any;
  raw: string;
}

async function post(query: string, variables: Vars, as: string | null): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${tokens.get(as)}`;
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const raw = await res.text();
  try {
    return { status: res.status, body: JSON.parse(raw), raw };
  } catch {
    return { status: res.status, raw };
  }
}

// --- fixtures, through the API -------------------------------------------------------------------

const fx = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'BXI', prefix: 'BX' });
const { uniq, ok, ch, entry, grant, fileRequest, constituted, declaration, authorization, proposed } = fx;

const shared: Ctx = {};
let originalPolicy: Record<string, unknown> = {};

/** Rebuilding a fixture costs several calls: at most this many rebuilds per operation. */
const MAX_REFRESHES = 8;
/** A humanitarian waiver DE sponsors. */
const waiverInput = () => ({
  consortiumId,
  programme: `Programme ${uniq()}`,
  beneficiaries: [{ name: 'Field Lab', country: 'KE' }],
  taxonomyCodes: ['BXI'],
  destinations: ['KE'],
  validFrom: '2026-03-01',
  validTo: '2026-12-31',
  conditions: ['quarterly checks'],
  reportingEveryDays: 30,
});
const waiver = async (): Promise<string> => (await ok(FILE_HUMANITARIAN_WAIVER, { i: waiverInput() }, 'de-regulator')).fileHumanitarianWaiver.id;

// --- the operations ------------------------------------------------------------------------------------

const OPS: Op[] = badInputOps({
  t: () => t,
  consortiumId: () => consortiumId,
  originalPolicy: () => originalPolicy,
  shared,
  fx,
  waiver,
  waiverInput,
});

// --- running ---------------------------------------------------------------------------------------------

/** A read: a Query the catalogue does not mark as writing (it must leave the database as it was). */
function reads(op: Op): boolean {
  const name = operationOf(op.field);
  return name.startsWith('Query.') && !OPERATIONS[name].writes;
}

let tried = 0;
let internal = 0;
const operationsRun = new Set<string>();

beforeAll(async () => {
  // The rate limit is not under test here (request-limits.test.ts covers it).
  t = await createTestApp({ start: T0, env: { RATE_LIMIT_PER_MINUTE: '0' } });
  schema = await buildAppSchema();
  base = await t.listen();
  for (const handle of ['de-regulator', 'fr-regulator', 'nl-regulator', 'ch-regulator', 'gb-regulator', 'secretariat', 'analyst', 'panelist-nz'])
    tokens.set(handle, await t.token(handle));
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  originalPolicy = (
    await t.ok<any>(
      `query($c: ID!) { consortium(id: $c) { policy { recognitionReviewDays maxClockStopDays maxClockStops silenceAtDeadline emergencyReviewHours maxProvisionalDays monitoringEveryDays postApprovalReviewDays disputeConsultationDays panelSize appealWindowDays deadlineWarningDays recognitionImplementationDays emergencyWindDownDays } } }`,
      { c: consortiumId },
    )
  ).consortium.policy;

  await ok(`mutation { createTaxonomyNode(input: { code: "BXI", label: "Bad input root", kind: EQUIPMENT }) { code } }`, {}, 'secretariat');
  await ok(
    `mutation { createTaxonomyNode(input: { code: "BXI.FERM", label: "Bad input fermenters", kind: EQUIPMENT, parentCode: "BXI" }) { code } }`,
    {},
    'secretariat',
  );
  const v1 = await ok(
    CREATE_CONTROL_LIST_VERSION_AND_LIST,
    { i: { jurisdiction: 'CH', listName: 'Bad input CH list', label: 'v1', coverage: ['BXI'] } },
    'ch-regulator',
  );
  ch.mainListId = v1.createControlListVersion.list.id;
  ch.olderVersionId = v1.createControlListVersion.id;
  await ok(UPSERT_CONTROL_ENTRIES, { v: ch.olderVersionId, e: [entry('BX-1')] }, 'ch-regulator');
  await ok(PUBLISH_CONTROL_LIST_VERSION, { id: ch.olderVersionId }, 'ch-regulator');
  const v2 = await ok(CREATE_CONTROL_LIST_VERSION, { i: { listId: ch.mainListId, label: 'v2', copyFromCurrent: true, coverage: ['BXI'] } }, 'ch-regulator');
  ch.publishedVersionId = v2.createControlListVersion.id;
  const up = await ok(UPSERT_CONTROL_ENTRIES, { v: ch.publishedVersionId, e: [{ ...entry('BX-1'), tier: 'ENHANCED' }, entry('BX-2')] }, 'ch-regulator');
  await ok(PUBLISH_CONTROL_LIST_VERSION, { id: ch.publishedVersionId }, 'ch-regulator');
  ch.entryId = up.upsertControlEntries[0].id;
  ch.pubListId = (
    await ok(CREATE_CONTROL_LIST, { i: { jurisdiction: 'CH', listName: 'Bad input CH drafts', label: 'v0' } }, 'ch-regulator')
  ).createControlListVersion.list.id;
  await ok(REVIEW_MAPPING, { id: await proposed() }, 'secretariat');

  shared.decision = await grant();
  shared.endUser = (
    await ok(`query($id: ID!) { licenceDecision(id: $id) { endUser { id } } }`, { id: shared.decision }, 'de-regulator')
  ).licenceDecision.endUser.id;
  shared.request = await fileRequest('de', ['FR']);
  shared.dispute = await constituted();
  shared.declaration = await declaration();
  shared.authorization = await authorization();
  shared.webhook = (await ok(REGISTER_LOCAL_WEBHOOK, {}, 'gb-regulator')).registerWebhook.webhook.id;
  FOREIGN_IDS.push(
    consortiumId,
    shared.decision,
    shared.request,
    shared.dispute,
    shared.declaration,
    shared.authorization,
    shared.webhook,
    ch.entryId,
    ch.publishedVersionId,
    pid('secretariat'),
    shared.decision.toUpperCase(),
  );

  const tables: { table_name: string }[] = await t.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables.length).toBeGreaterThan(20);
  snapshotSql = `SELECT ${tables
    .map((x) => `(SELECT json_build_array(count(*), coalesce(sum(hashtextextended(r::text, 0)::numeric), 0)) FROM "${x.table_name}" r) AS "${x.table_name}"`)
    .join(', ')}, (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1) AS audit_head`;
});

afterAll(async () => {
  process.stdout.write(`\nbad inputs tried: ${tried} across ${operationsRun.size} operations, ${internal} internal errors\n`);
  await t.close();
});

it('covers every mutation and every argument of every query (a new one fails here until it is added above)', () => {
  expect(Object.keys(OPERATIONS).sort()).toEqual(rootFields(schema));
  const missing: string[] = [];
  const passed = (field: string, arg: string) => OPS.some((op) => new RegExp(`\\b${field}\\(([^()]*\\b${arg}: \\$[^()]*)\\)`).test(op.doc));
  for (const type of [schema.getMutationType()!, schema.getQueryType()!]) {
    for (const field of Object.values(type.getFields())) {
      if (type === schema.getMutationType() && !OPS.some((op) => op.field === field.name)) missing.push(`Mutation.${field.name}`);
      for (const arg of field.args) if (!passed(field.name, arg.name)) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  expect(missing).toEqual([]);
});

describe.each(OPS.map((op) => [reads(op) ? `read ${op.name}` : `mutation ${op.name}`, op] as const))('%s', (_label, op) => {
  it('answers every hostile input with a coded error or a legitimate success, and a rejected call changes nothing', async () => {
    t.clock.set(T0);
    operationsRun.add(op.name);
    const problems: string[] = [];
    const known = examples(op);
    let ctx: Ctx = op.fixture ? await op.fixture() : {};
    let refreshes = 0;
    await skipNewEvents();
    let before = await snapshot();
    await fc.assert(
      fc.asyncProperty(runArbitrary(op), async (mutation) => {
        tried += 1;
        const variables = structuredClone(op.base(ctx));
        for (const [path, value] of Object.entries(mutation)) if (value !== KEEP) setPath(variables, path, fresh(value));
        const what = Object.entries(mutation)
          .filter(([, v]) => v !== KEEP)
          .map(([p, v]) => `${p}=${describeValue(v)}`)
          .join(', ');
        let answer: Answer;
        try {
          answer = await post(op.doc, variables, op.as === undefined ? callerOf(op.field) : op.as);
        } catch (err) {
          problems.push(`${what} → the server did not answer: ${(err as Error).message}`);
          return true;
        }
        const errors: any[] | undefined = answer.body?.errors;
        if (!answer.body) {
          problems.push(`${what} → HTTP ${answer.status}, not JSON: ${answer.raw.slice(0, 200)}`);
          return true;
        }
        const bad = (errors ?? []).filter((e) => !ALLOWED_CODES.has(e?.extensions?.code));
        if (bad.length) {
          if (bad.some((e) => e?.extensions?.code === 'INTERNAL_SERVER_ERROR')) internal += 1;
          const coercion = coercionError(op.doc, JSON.parse(JSON.stringify(variables)));
          const cause = coercion ? ` [the variables do not coerce (${coercion.slice(0, 120)}): expected BAD_USER_INPUT]` : '';
          problems.push(`${what} → ${bad.map((e) => `${e?.extensions?.code ?? 'NO CODE'} "${String(e?.message).slice(0, 160)}"`).join('; ')}${cause}`);
        }
        if (!errors && answer.body.data === undefined) problems.push(`${what} → neither data nor errors`);
        const succeeded = answer.body.data?.[op.field] !== null && answer.body.data?.[op.field] !== undefined && !op.rejectedInData?.(answer.body.data);
        const after = await snapshot();
        if (!succeeded || reads(op)) {
          if (after !== before)
            problems.push(`${what} → ${reads(op) ? 'a read' : `rejected (${errors?.[0]?.extensions?.code ?? 'in data'})`} but the database changed`);
          before = after;
        } else {
          for (const b of await brokenNewEvents()) problems.push(`${what} → accepted, but ${b}: the audit chain is broken`);
          if (op.afterSuccess) await op.afterSuccess();
          if (op.refresh && op.fixture && refreshes < MAX_REFRESHES) {
            refreshes += 1;
            ctx = await op.fixture();
          }
          await skipNewEvents();
          before = await snapshot();
        }
        return true;
      }),
      // fast-check counts the examples in numRuns: the random runs come on top of them.
      { numRuns: known.length + (reads(op) ? RUNS_READ : RUNS_MUTATION), seed: SEED, endOnFailure: true, examples: known },
    );
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect((await post(TYPENAME, {}, null)).body?.data).toEqual({ __typename: 'Query' });
    expect([...new Set(problems)]).toEqual([]);
  });
});

it('the audit chain is still valid after every operation above (auditChainStatus)', async () => {
  const r = await post(AUDIT_CHAIN_STATUS_DETAIL, {}, 'analyst');
  expect(r.body?.data?.auditChainStatus).toMatchObject({ valid: true, firstBrokenEventId: null });
});
