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
  ADD_DISPUTE_SUBMISSION,
  ATTACH_DATA_GOVERNANCE,
  AUDIT_CHAIN_STATUS_DETAIL,
  CAST_PANEL_VOTE,
  CONSORTIUM_IDS,
  CONSTITUTE_PANEL,
  CREATE_AUDIT_CHECKPOINT,
  CREATE_CONTROL_LIST,
  CREATE_CONTROL_LIST_VERSION,
  CREATE_CONTROL_LIST_VERSION_AND_LIST,
  CREATE_TAXONOMY_NODE,
  DECIDE_FAST_TRACK_APPLICATION,
  DECLARE_EMERGENCY,
  END_EMERGENCY,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  FILE_HUMANITARIAN_WAIVER,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  JOIN_DISPUTE_AS_THIRD_PARTY,
  LIST_DIFF,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  RECORD_DENIAL_CONSULTATION,
  RECORD_LICENCE_DECISION,
  REGISTER_LOCAL_WEBHOOK,
  REGISTER_WEBHOOK,
  REQUEST_PANEL,
  REQUEST_RECOGNITION_INFORMATION,
  RESPOND_TO_RECOGNITION_REQUEST,
  REVIEW_MAPPING,
  SUBMIT_MUTUAL_RECOGNITION_REQUEST,
  TYPENAME,
  UPSERT_CONTROL_ENTRIES,
  VERIFY_END_USER,
} from '../support/operations';
import { PANEL, pid, workflowFixtures } from '../support/workflow-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { b64, FOREIGN_IDS, KEEP, type Kind, OMIT, type Op, enumOf, hostile } from '../support/hostile-values';

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

const {
  uniq,
  ok,
  ch,
  entry,
  grant,
  fileRequest,
  declinedResponse,
  dispute,
  panelRequested,
  constituted,
  heard,
  ruled,
  recognized,
  declaration,
  application,
  authorization,
  draft,
  node,
  proposed,
} = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'BXI', prefix: 'BX' });

const shared: Ctx = {};
let originalPolicy: Record<string, unknown> = {};

const DISPUTE_STATUSES = [
  'APPEALED',
  'APPEAL_RULING_ISSUED',
  'CLOSED',
  'CONSULTATION',
  'DELIBERATION',
  'FILED',
  'PANEL_CONSTITUTED',
  'PANEL_REQUESTED',
  'RULING_ISSUED',
  'SETTLED',
  'SUBMISSIONS',
  'WITHDRAWN',
];
const RECOGNITION_STATUSES = ['CLOCK_STOPPED', 'DECLINED', 'DRAFT', 'LAPSED', 'PARTIALLY_RECOGNIZED', 'RECOGNIZED', 'SUBMITTED', 'UNDER_REVIEW', 'WITHDRAWN'];
/** Rebuilding a fixture costs several calls: at most this many rebuilds per operation. */
const MAX_REFRESHES = 8;
const PAGE = { first: 'int' as Kind, after: 'cursor' as Kind };
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

const OPS: Op[] = [
  // Mutations
  {
    name: 'addDisputeSubmission',
    field: 'addDisputeSubmission',
    fixture: async () => ({ id: await constituted() }),
    doc: ADD_DISPUTE_SUBMISSION,
    base: (c) => ({ i: { disputeId: c.id, title: 'Brief', body: 'Our case', confidentiality: 'PUBLIC' } }),
    fields: { i: 'object', 'i.disputeId': 'id', 'i.title': 'text', 'i.body': 'text', 'i.confidentiality': enumOf('PUBLIC', 'PARTIES_AND_PANEL', 'PANEL_ONLY') },
  },
  {
    name: 'appealRuling',
    field: 'appealRuling',
    fixture: async () => ({ id: await ruled() }),
    refresh: true,
    doc: `mutation($id: ID!, $g: String!) { appealRuling(id: $id, grounds: $g) { id } }`,
    base: (c) => ({ id: c.id, g: 'misread criterion 2' }),
    fields: { id: 'id', g: 'text' },
  },
  {
    name: 'castPanelVote',
    field: 'castPanelVote',
    fixture: async () => ({ id: await heard() }),
    refresh: true,
    doc: CAST_PANEL_VOTE,
    base: (c) => ({ i: { disputeId: c.id, vote: 'UPHOLD', reasoning: 'stands' } }),
    fields: {
      i: 'object',
      'i.disputeId': 'id',
      'i.vote': enumOf('UPHOLD', 'OVERTURN', 'REMAND'),
      'i.reasoning': 'text',
      'i.securityExceptionAssessment': 'text',
    },
  },
  {
    name: 'completePostApprovalReview',
    field: 'completePostApprovalReview',
    fixture: async () => ({ id: await authorization() }),
    refresh: true,
    doc: `mutation($i: PostApprovalReviewInput!) { completePostApprovalReview(input: $i) { id } }`,
    base: (c) => ({ i: { authorizationId: c.id, outcome: 'CONFIRM', rationale: 'clean' } }),
    fields: { i: 'object', 'i.authorizationId': 'id', 'i.outcome': enumOf('CONFIRM', 'REVOKE', 'CONVERT_TO_STANDARD'), 'i.rationale': 'text' },
  },
  {
    name: 'constitutePanel',
    field: 'constitutePanel',
    fixture: async () => ({ id: await panelRequested() }),
    refresh: true,
    doc: CONSTITUTE_PANEL,
    base: (c) => ({ id: c.id, p: PANEL.map(pid) }),
    fields: { id: 'id', p: 'ids', 'p.0': 'id', 'p.2': 'id' },
  },
  {
    name: 'createControlListVersion',
    field: 'createControlListVersion',
    doc: CREATE_CONTROL_LIST_VERSION,
    base: () => ({ i: { listId: ch.mainListId, label: `v${uniq()}` } }),
    fields: {
      i: 'object',
      'i.listId': 'id',
      'i.jurisdiction': 'code',
      'i.listName': 'text',
      'i.instrument': 'text',
      'i.label': 'text',
      'i.effectiveFrom': 'date',
      'i.source': 'text',
      'i.coverage': 'codes',
      'i.copyFromCurrent': 'bool',
    },
  },
  {
    name: 'createTaxonomyNode',
    field: 'createTaxonomyNode',
    doc: CREATE_TAXONOMY_NODE,
    base: () => ({ i: { code: `BXI.C${uniq()}`, label: 'x', kind: 'EQUIPMENT', parentCode: 'BXI' } }),
    fields: {
      i: 'object',
      'i.code': 'code',
      'i.label': 'text',
      'i.description': 'text',
      'i.kind': enumOf('EQUIPMENT', 'MATERIAL', 'SOFTWARE'),
      'i.parentCode': 'code',
      'i.hsCodes': 'texts',
    },
  },
  {
    name: 'decideFastTrackApplication',
    field: 'decideFastTrackApplication',
    fixture: async () => ({ id: await application() }),
    refresh: true,
    doc: DECIDE_FAST_TRACK_APPLICATION,
    base: (c) => ({ i: { applicationId: c.id, approve: true, rationale: 'urgent', conditions: ['no re-export'], monitoringEveryDays: 30 } }),
    fields: {
      i: 'object',
      'i.applicationId': 'id',
      'i.approve': 'bool',
      'i.rationale': 'text',
      'i.conditions': 'texts',
      'i.conditions.0': 'text',
      'i.monitoringEveryDays': 'int',
    },
  },
  {
    name: 'declareEmergency',
    field: 'declareEmergency',
    doc: DECLARE_EMERGENCY,
    base: () => ({
      i: {
        consortiumId,
        title: `Outbreak ${uniq()}`,
        taxonomyCodes: ['BXI'],
        jurisdictions: ['DE'],
        startsAt: '2026-03-02T09:00:00Z',
        endsAt: '2026-12-31T00:00:00Z',
      },
    }),
    fields: {
      i: 'object',
      'i.consortiumId': 'id',
      'i.title': 'text',
      'i.taxonomyCodes': 'codes',
      'i.taxonomyCodes.0': 'code',
      'i.jurisdictions': 'codes',
      'i.jurisdictions.0': 'code',
      'i.startsAt': 'datetime',
      'i.endsAt': 'datetime',
      'i.affectedDestinations': 'codes',
      'i.affectedDestinations.0': 'code',
      'i.trigger': 'text',
    },
  },
  {
    name: 'declarePanelConflict',
    field: 'declarePanelConflict',
    fixture: async () => ({ id: await dispute() }),
    doc: `mutation($id: ID!, $note: String!) { declarePanelConflict(disputeId: $id, note: $note) { id } }`,
    base: (c) => ({ id: c.id, note: 'advised a party' }),
    fields: { id: 'id', note: 'text' },
  },
  {
    // No standing once the panel is appointed: every call is refused and writes nothing.
    name: 'declarePanelConflict on a case whose panel sits',
    field: 'declarePanelConflict',
    fixture: async () => ({ id: await constituted() }),
    doc: `mutation($id: ID!, $note: String!) { declarePanelConflict(disputeId: $id, note: $note) { id grounds } }`,
    base: (c) => ({ id: c.id, note: 'advised a party' }),
    fields: { id: 'id', note: 'text' },
  },
  {
    name: 'endEmergency',
    field: 'endEmergency',
    fixture: async () => ({ id: await declaration() }),
    refresh: true,
    doc: END_EMERGENCY,
    base: (c) => ({ id: c.id }),
    fields: { id: 'id' },
  },
  {
    name: 'fileDispute',
    field: 'fileDispute',
    fixture: async () => ({ id: await declinedResponse() }),
    refresh: true,
    doc: FILE_DISPUTE,
    base: (c) => ({ i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: c.id, grounds: 'g' } }),
    fields: {
      i: 'object',
      'i.contestedKind': enumOf('RECOGNITION_RESPONSE', 'PROVISIONAL_AUTHORIZATION', 'MAPPING_REVIEW', 'DENIAL_CONSULTATION', 'LICENCE_DECISION'),
      'i.contestedId': 'id',
      'i.grounds': 'text',
      'i.idempotencyKey': 'text',
    },
  },
  {
    name: 'fileDispute (LICENCE_DECISION on behalf of an institution)',
    field: 'fileDispute',
    fixture: async () => ({ id: await grant('fr-regulator', { outcome: 'DENIED', rationale: 'risk' }) }),
    refresh: true,
    doc: FILE_DISPUTE,
    base: (c) => ({
      i: { contestedKind: 'LICENCE_DECISION', contestedId: c.id, grounds: 'inconsistent', onBehalfOf: { name: 'Research Institute', country: 'DE' } },
    }),
    fields: { i: 'object', 'i.contestedId': 'id', 'i.grounds': 'text', 'i.onBehalfOf': 'object', 'i.onBehalfOf.name': 'text', 'i.onBehalfOf.country': 'code' },
  },
  {
    name: 'joinDisputeAsThirdParty',
    field: 'joinDisputeAsThirdParty',
    fixture: async () => ({ id: await panelRequested() }),
    refresh: true,
    doc: JOIN_DISPUTE_AS_THIRD_PARTY,
    base: (c) => ({ id: c.id }),
    fields: { id: 'id' },
  },
  {
    name: 'invokeSecurityException',
    field: 'invokeSecurityException',
    fixture: async () => ({ id: await constituted() }),
    refresh: true,
    doc: `mutation($id: ID!, $s: String!) { invokeSecurityException(id: $id, statement: $s) { id } }`,
    base: (c) => ({ id: c.id, s: 'essential security interests' }),
    fields: { id: 'id', s: 'text' },
  },
  {
    name: 'fileFastTrackApplication',
    field: 'fileFastTrackApplication',
    fixture: async () => ({ id: await declaration() }),
    doc: FILE_FAST_TRACK_APPLICATION,
    base: (c) => ({
      i: {
        declarationId: c.id,
        applicant: 'SafeLab',
        endUser: { name: 'Field Hospital', country: 'KE', identifiers: ['LEI:1'] },
        destination: 'KE',
        taxonomyCodes: ['BXI.FERM'],
        justification: 'j',
        requestedUntil: '2026-06-01T00:00:00Z',
      },
    }),
    fields: {
      i: 'object',
      'i.declarationId': 'id',
      'i.applicant': 'text',
      'i.endUser': 'object',
      'i.endUser.name': 'text',
      'i.endUser.country': 'code',
      'i.endUser.identifiers': 'texts',
      'i.destination': 'code',
      'i.taxonomyCodes': 'codes',
      'i.justification': 'text',
      'i.requestedUntil': 'datetime',
      'i.idempotencyKey': 'text',
      'i.quantity': 'float',
      'i.quantityUnit': 'text',
    },
  },
  {
    name: 'fileHumanitarianWaiver',
    field: 'fileHumanitarianWaiver',
    doc: FILE_HUMANITARIAN_WAIVER,
    base: () => ({ i: waiverInput() }),
    fields: {
      i: 'object',
      'i.consortiumId': 'id',
      'i.programme': 'text',
      'i.beneficiaries': 'list',
      'i.beneficiaries.0': 'object',
      'i.beneficiaries.0.name': 'text',
      'i.beneficiaries.0.country': 'code',
      'i.beneficiaries.0.identifiers': 'texts',
      'i.taxonomyCodes': 'codes',
      'i.taxonomyCodes.0': 'code',
      'i.destinations': 'codes',
      'i.destinations.0': 'code',
      'i.validFrom': 'date',
      'i.validTo': 'date',
      'i.conditions': 'texts',
      'i.reportingEveryDays': 'int',
      'i.beneficiariesPublic': 'bool',
      'i.idempotencyKey': 'text',
    },
  },
  {
    name: 'attachDataGovernance',
    field: 'attachDataGovernance',
    fixture: async () => ({ id: await grant() }),
    doc: ATTACH_DATA_GOVERNANCE,
    base: (c) => ({
      i: {
        subjectKind: 'LICENCE_DECISION',
        subjectId: c.id,
        materials: ['HUMAN_SPECIMEN', 'GENOMIC_DATA'],
        consentBasis: 'BROAD',
        ethicsApprovalRef: 'EC-2026-17',
        transferMechanism: 'SCC',
        pseudonymised: true,
        storageCountry: 'KE',
        retentionUntil: '2030-01-01',
        benefitSharing: 'NAGOYA_PIC_MAT',
      },
    }),
    fields: {
      i: 'object',
      'i.subjectKind': enumOf('LICENCE_DECISION', 'RECOGNITION_REQUEST', 'FAST_TRACK_APPLICATION', 'HUMANITARIAN_WAIVER'),
      'i.subjectId': 'id',
      'i.materials': 'list',
      'i.materials.0': enumOf('HUMAN_SPECIMEN', 'PATHOGEN_ISOLATE', 'GENOMIC_DATA', 'CLINICAL_DATA'),
      'i.consentBasis': enumOf('BROAD', 'SPECIFIC', 'ETHICS_WAIVER'),
      'i.ethicsApprovalRef': 'text',
      'i.transferMechanism': enumOf('ADEQUACY', 'SCC', 'DEROGATION', 'NOT_PERSONAL_DATA'),
      'i.pseudonymised': 'bool',
      'i.storageCountry': 'code',
      'i.retentionUntil': 'date',
      'i.benefitSharing': enumOf('NAGOYA_PIC_MAT', 'PIP_SMTA2', 'PABS', 'NONE'),
    },
  },
  {
    name: 'recognizeHumanitarianWaiver',
    field: 'recognizeHumanitarianWaiver',
    fixture: async () => ({ id: await waiver() }),
    refresh: true,
    doc: `mutation($id: ID!, $c: [String!]) { recognizeHumanitarianWaiver(id: $id, conditions: $c) { id } }`,
    base: (c) => ({ id: c.id, c: ['FR end-use statement'] }),
    fields: { id: 'id', c: 'texts' },
  },
  {
    name: 'revokeHumanitarianWaiver',
    field: 'revokeHumanitarianWaiver',
    fixture: async () => ({ id: await waiver() }),
    refresh: true,
    doc: `mutation($id: ID!, $r: String!) { revokeHumanitarianWaiver(id: $id, reason: $r) { id } }`,
    base: (c) => ({ id: c.id, r: 'programme closed' }),
    fields: { id: 'id', r: 'text' },
  },
  {
    name: 'fileMutualRecognitionRequest',
    field: 'fileMutualRecognitionRequest',
    fixture: async () => ({ id: await grant() }),
    doc: FILE_MUTUAL_RECOGNITION_REQUEST,
    base: (c) => ({ i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: c.id, concernedJurisdictions: ['FR'], justification: 'j' } }),
    fields: {
      i: 'object',
      'i.consortiumId': 'id',
      'i.subjectKind': enumOf('LICENCE_DECISION', 'END_USER_VERIFICATION', 'CLASSIFICATION'),
      'i.subjectId': 'id',
      'i.concernedJurisdictions': 'codes',
      'i.concernedJurisdictions.0': 'code',
      'i.justification': 'text',
      'i.draft': 'bool',
      'i.idempotencyKey': 'text',
      'i.effect': enumOf('REEXPORT_AUTHORISATION_WAIVED', 'END_USER_VETTING_ACCEPTED', 'CLASSIFICATION_ADOPTED'),
      'i.effectValidUntil': 'date',
    },
  },
  {
    name: 'importLicensingRules',
    field: 'importLicensingRules',
    doc: `mutation($i: ImportLicensingRulesInput!) { importLicensingRules(input: $i) { ok errors { line field } } }`,
    base: () => ({
      i: {
        jurisdiction: 'CH',
        format: 'JSON',
        content: JSON.stringify([
          {
            key: `CH-B-${uniq()}`,
            controlNumbers: ['BX-1'],
            requirement: 'INDIVIDUAL_LICENCE',
            priority: 20,
            reference: 'bad input',
            confidence: 'confirmed',
            source: 'bad input <https://example.org>',
          },
        ]),
      },
    }),
    fields: { i: 'object', 'i.jurisdiction': 'code', 'i.format': enumOf('CSV', 'JSON'), 'i.content': 'content' },
    rejectedInData: (d) => d?.importLicensingRules?.ok === false,
  },
  {
    name: 'importControlList',
    field: 'importControlList',
    doc: `mutation($i: ImportControlListInput!) { importControlList(input: $i) { ok errors { line field } } }`,
    base: () => ({ i: { listId: ch.pubListId, label: `import ${uniq()}`, format: 'JSON', content: JSON.stringify([entry('BX-7')]) } }),
    fields: {
      i: 'object',
      'i.content': 'content',
      'i.format': enumOf('CSV', 'JSON'),
      'i.listId': 'id',
      'i.jurisdiction': 'code',
      'i.listName': 'text',
      'i.label': 'text',
      'i.instrument': 'text',
      'i.effectiveFrom': 'date',
      'i.source': 'text',
      'i.coverage': 'codes',
    },
    rejectedInData: (d) => d?.importControlList?.ok === false,
  },
  {
    name: 'proposeMapping',
    field: 'proposeMapping',
    fixture: async () => ({ code: await node() }),
    refresh: true,
    doc: PROPOSE_MAPPING,
    base: (c) => ({ i: { entryId: ch.entryId, taxonomyCode: c.code, relation: 'EXACT', note: 'same item' } }),
    fields: { i: 'object', 'i.entryId': 'id', 'i.taxonomyCode': 'code', 'i.relation': enumOf('EXACT', 'BROADER', 'NARROWER'), 'i.note': 'text' },
  },
  {
    name: 'provideRecognitionInformation',
    field: 'provideRecognitionInformation',
    refresh: true,
    fixture: async () => {
      const id = await fileRequest('de', ['FR']);
      await ok(REQUEST_RECOGNITION_INFORMATION, { id }, 'fr-regulator');
      return { id };
    },
    doc: `mutation($id: ID!, $a: String!) { provideRecognitionInformation(requestId: $id, answer: $a) { id } }`,
    base: (c) => ({ id: c.id, a: 'Site visits' }),
    fields: { id: 'id', a: 'text' },
  },
  {
    name: 'publishControlListVersion',
    field: 'publishControlListVersion',
    fixture: async () => ({ id: await draft() }),
    refresh: true,
    doc: PUBLISH_CONTROL_LIST_VERSION,
    base: (c) => ({ id: c.id }),
    fields: { id: 'id' },
  },
  {
    name: 'recordRecognitionImplementation',
    field: 'recordRecognitionImplementation',
    fixture: async () => ({ id: await recognized() }),
    doc: `mutation($id: ID!, $a: String!, $d: Date!) { recordRecognitionImplementation(requestId: $id, actReference: $a, effectiveFrom: $d) { id } }`,
    base: (c) => ({ id: c.id, a: 'Décret 2026-7', d: '2026-04-01' }),
    fields: { id: 'id', a: 'text', d: 'date' },
  },
  {
    name: 'extendProvisionalAuthorization',
    field: 'extendProvisionalAuthorization',
    fixture: async () => ({ id: await authorization('2026-05-01T00:00:00Z') }),
    refresh: true,
    doc: `mutation($id: ID!, $u: DateTime!, $r: String!) { extendProvisionalAuthorization(id: $id, until: $u, rationale: $r) { id } }`,
    base: (c) => ({ id: c.id, u: '2026-06-01T00:00:00Z', r: 'outbreak continues' }),
    fields: { id: 'id', u: 'datetime', r: 'text' },
  },
  {
    name: 'amendProvisionalAuthorizationConditions',
    field: 'amendProvisionalAuthorizationConditions',
    fixture: async () => ({ id: await authorization() }),
    doc: `mutation($id: ID!, $c: [String!]!, $r: String!) { amendProvisionalAuthorizationConditions(id: $id, conditions: $c, rationale: $r) { id } }`,
    base: (c) => ({ id: c.id, c: ['no re-export'], r: 'incident' }),
    fields: { id: 'id', c: 'texts', 'c.0': 'text', r: 'text' },
  },
  {
    name: 'recordDenialConsultation',
    field: 'recordDenialConsultation',
    fixture: async () => ({ id: await grant('fr-regulator', { outcome: 'DENIED', rationale: 'diversion' }) }),
    doc: RECORD_DENIAL_CONSULTATION,
    base: (c) => ({ i: { denialId: c.id, summary: 'consulted', outcome: 'PROCEED' } }),
    fields: { i: 'object', 'i.denialId': 'id', 'i.summary': 'text', 'i.outcome': enumOf('PROCEED', 'REFRAIN') },
  },
  {
    name: 'recordLicenceDecision',
    field: 'recordLicenceDecision',
    doc: RECORD_LICENCE_DECISION,
    base: () => ({
      i: {
        applicant: `A ${uniq()}`,
        endUser: { name: 'Uni', country: 'SG', identifiers: ['LEI:1'] },
        destination: 'SG',
        taxonomyCodes: ['BXI.FERM'],
        outcome: 'GRANTED_WITH_CONDITIONS',
        conditions: ['end-use check'],
        rationale: 'ok',
        validUntil: '2027-01-01',
        confidential: false,
      },
    }),
    fields: {
      i: 'object',
      'i.applicant': 'text',
      'i.endUser': 'object',
      'i.endUser.name': 'text',
      'i.endUser.country': 'code',
      'i.endUser.identifiers': 'texts',
      'i.endUserId': 'id',
      'i.destination': 'code',
      'i.taxonomyCodes': 'codes',
      'i.outcome': enumOf('GRANTED', 'DENIED', 'GRANTED_WITH_CONDITIONS'),
      'i.conditions': 'texts',
      'i.rationale': 'text',
      'i.validUntil': 'date',
      'i.confidential': 'bool',
      'i.idempotencyKey': 'text',
      'i.tier': enumOf('DECLARATION', 'STANDARD', 'ENHANCED'),
      'i.tierDeviationReason': 'text',
      'i.assessmentId': 'id',
    },
  },
  { name: 'createAuditCheckpoint', field: 'createAuditCheckpoint', doc: CREATE_AUDIT_CHECKPOINT, base: () => ({}), fields: {} },
  {
    name: 'registerWebhook',
    field: 'registerWebhook',
    as: 'gb-regulator',
    doc: REGISTER_WEBHOOK,
    base: () => ({ i: { url: 'http://127.0.0.1:9/hook', events: ['DISPUTE_UPDATED'], secret: 'a-very-secret-signing-key' } }),
    fields: { i: 'object', 'i.url': 'text', 'i.events': 'texts', 'i.secret': 'text' },
  },
  {
    name: 'removeControlEntries',
    field: 'removeControlEntries',
    fixture: async () => ({ id: await draft() }),
    doc: `mutation($v: ID!, $c: [String!]!) { removeControlEntries(versionId: $v, controlNumbers: $c) }`,
    base: (c) => ({ v: c.id, c: ['BX-9'] }),
    fields: { v: 'id', c: 'texts', 'c.0': 'text' },
  },
  {
    name: 'requestPanel',
    field: 'requestPanel',
    fixture: async () => ({ id: await dispute() }),
    refresh: true,
    doc: REQUEST_PANEL,
    base: (c) => ({ id: c.id }),
    fields: { id: 'id' },
  },
  {
    name: 'requestRecognitionInformation',
    field: 'requestRecognitionInformation',
    fixture: async () => ({ id: await fileRequest('de', ['FR']) }),
    refresh: true,
    doc: `mutation($id: ID!, $q: String!) { requestRecognitionInformation(requestId: $id, question: $q) { id } }`,
    base: (c) => ({ id: c.id, q: 'Which checks?' }),
    fields: { id: 'id', q: 'text' },
  },
  {
    name: 'respondToRecognitionRequest',
    field: 'respondToRecognitionRequest',
    fixture: async () => ({ id: await fileRequest('de', ['FR', 'NL']) }),
    refresh: true,
    doc: RESPOND_TO_RECOGNITION_REQUEST,
    base: (c) => ({
      i: { requestId: c.id, decision: 'RECOGNIZE_WITH_CONDITIONS', conditions: ['check at 6 months'], rationale: 'as agreed', criteria: ['criterion 1'] },
    }),
    fields: {
      i: 'object',
      'i.requestId': 'id',
      'i.decision': enumOf('RECOGNIZE', 'DECLINE', 'RECOGNIZE_WITH_CONDITIONS'),
      'i.conditions': 'texts',
      'i.criteria': 'texts',
      'i.rationale': 'text',
    },
  },
  {
    name: 'reviewMapping',
    field: 'reviewMapping',
    fixture: async () => ({ id: await proposed() }),
    refresh: true,
    doc: `mutation($id: ID!, $d: MappingDecision!, $note: String) { reviewMapping(id: $id, decision: $d, note: $note) { id } }`,
    base: (c) => ({ id: c.id, d: 'REJECT', note: 'not equivalent' }),
    fields: { id: 'id', d: enumOf('ACCEPT', 'REJECT'), note: 'text' },
  },
  {
    name: 'setWebhookActive',
    field: 'setWebhookActive',
    doc: `mutation($id: ID!, $a: Boolean!) { setWebhookActive(id: $id, active: $a) { id } }`,
    base: () => ({ id: shared.webhook, a: false }),
    fields: { id: 'id', a: 'bool' },
  },
  {
    name: 'settleDispute',
    field: 'settleDispute',
    fixture: async () => ({ id: await dispute() }),
    refresh: true,
    doc: `mutation($id: ID!, $terms: String!) { settleDispute(id: $id, terms: $terms) { id } }`,
    base: (c) => ({ id: c.id, terms: 'agreed' }),
    fields: { id: 'id', terms: 'text' },
  },
  {
    name: 'submitMonitoringReport',
    field: 'submitMonitoringReport',
    fixture: async () => ({ id: await authorization() }),
    doc: `mutation($i: MonitoringReportInput!) { submitMonitoringReport(input: $i) { id } }`,
    base: (c) => ({
      i: {
        authorizationId: c.id,
        endUseVerified: true,
        incidents: 'none',
        shipments: [{ quantity: 4, unit: 'units', shippedOn: '2026-03-01', description: 'isolators' }],
      },
    }),
    fields: {
      i: 'object',
      'i.authorizationId': 'id',
      'i.endUseVerified': 'bool',
      'i.incidents': 'text',
      'i.shipments': 'list',
      'i.shipments.0.quantity': 'float',
      'i.shipments.0.shippedOn': 'date',
      'i.shipments.0.unit': 'text',
      'i.shipments.0.description': 'text',
    },
  },
  {
    name: 'submitMutualRecognitionRequest',
    field: 'submitMutualRecognitionRequest',
    fixture: async () => ({ id: await fileRequest('de', ['FR'], true) }),
    refresh: true,
    doc: SUBMIT_MUTUAL_RECOGNITION_REQUEST,
    base: (c) => ({ id: c.id }),
    fields: { id: 'id' },
  },
  {
    name: 'updateRiskPolicy',
    field: 'updateRiskPolicy',
    doc: `mutation($c: ID!, $i: RiskPolicyInput!, $r: String!) { updateRiskPolicy(consortiumId: $c, input: $i, rationale: $r) { enhancedFromScore } }`,
    base: () => ({
      c: consortiumId,
      i: { enhancedFromScore: 65, weights: [{ factor: 'SOPHISTICATION', weight: 10 }], postShipmentCheckDays: [30, 90, 180], nearDuplicateSimilarity: 0.6 },
      r: 'review of the weights',
    }),
    fields: {
      c: 'id',
      r: 'text',
      i: 'object',
      'i.weights': 'list',
      'i.weights.0.factor': enumOf('SOPHISTICATION', 'END_USE_PLAUSIBILITY'),
      'i.weights.0.weight': 'float',
      'i.mediumFromScore': 'int',
      'i.highFromScore': 'int',
      'i.criticalFromScore': 'int',
      'i.standardFromScore': 'int',
      'i.enhancedFromScore': 'int',
      'i.postShipmentCheckDays': 'list',
      'i.nearDuplicateSimilarity': 'float',
    },
  },
  {
    name: 'updateConsortiumPolicy',
    field: 'updateConsortiumPolicy',
    doc: `mutation($c: ID!, $i: ConsortiumPolicyInput!, $r: String!) { updateConsortiumPolicy(consortiumId: $c, input: $i, rationale: $r) { id } }`,
    base: () => ({ c: consortiumId, i: { deadlineWarningDays: 7 }, r: 'review of the clocks' }),
    fields: {
      c: 'id',
      r: 'text',
      i: 'object',
      'i.recognitionReviewDays': 'int',
      'i.maxClockStopDays': 'int',
      'i.maxClockStops': 'int',
      'i.silenceAtDeadline': enumOf('NO_ANSWER', 'LAPSE', 'DEEMED_RECOGNIZED', 'DEEMED_DECLINED'),
      'i.recognitionImplementationDays': 'int',
      'i.emergencyWindDownDays': 'int',
      'i.emergencyReviewHours': 'int',
      'i.maxProvisionalDays': 'int',
      'i.monitoringEveryDays': 'int',
      'i.postApprovalReviewDays': 'int',
      'i.disputeConsultationDays': 'int',
      'i.panelSize': 'int',
      'i.appealWindowDays': 'int',
      'i.deadlineWarningDays': 'int',
    },
    afterSuccess: async () =>
      void (await ok(
        `mutation($c: ID!, $i: ConsortiumPolicyInput!) { updateConsortiumPolicy(consortiumId: $c, input: $i, rationale: "restore") { id } }`,
        { c: consortiumId, i: originalPolicy },
        'secretariat',
      )),
  },
  {
    name: 'upsertControlEntries',
    field: 'upsertControlEntries',
    fixture: async () => ({ id: await draft(undefined, false) }),
    doc: UPSERT_CONTROL_ENTRIES,
    base: (c) => ({
      v: c.id,
      e: [
        {
          ...entry('BX-3'),
          exclusions: [{ kind: 'VACCINE', description: 'vaccines' }],
          reasonsForControl: ['CB'],
          regimeReferences: ['AG'],
          notes: 'n',
          parentNumber: 'BX',
          source: 's',
          tierIllustrative: false,
        },
      ],
    }),
    fields: {
      v: 'id',
      e: 'list',
      'e.0.controlNumber': 'text',
      'e.0.title': 'text',
      'e.0.text': 'text',
      'e.0.tier': enumOf('STANDARD', 'ENHANCED', 'DECLARATION'),
      'e.0.hsCodes': 'texts',
      'e.0.parameters.0.name': 'text',
      'e.0.parameters.0.value': 'float',
      'e.0.parameters.0.unit': 'text',
      'e.0.parameters.0.comparator': enumOf('GTE', 'LT'),
      'e.0.exclusions.0.description': 'text',
      'e.0.exclusions.0.kind': enumOf('VACCINE', 'OTHER'),
      'e.0.reasonsForControl': 'texts',
      'e.0.regimeReferences': 'texts',
      'e.0.notes': 'text',
      'e.0.parentNumber': 'text',
      'e.0.source': 'text',
      'e.0.tierIllustrative': 'bool',
    },
  },
  {
    name: 'verifyEndUser',
    field: 'verifyEndUser',
    doc: VERIFY_END_USER,
    base: () => ({ i: { endUser: { name: 'Verified Lab', country: 'SG', identifiers: ['DUNS:1'] }, note: 'site visit', validUntil: '2027-01-01' } }),
    fields: {
      i: 'object',
      'i.endUser': 'object',
      'i.endUser.name': 'text',
      'i.endUser.country': 'code',
      'i.endUser.identifiers': 'texts',
      'i.endUserId': 'id',
      'i.note': 'text',
      'i.validUntil': 'date',
    },
  },
  {
    name: 'withdrawDispute',
    field: 'withdrawDispute',
    fixture: async () => ({ id: await dispute() }),
    refresh: true,
    doc: `mutation($id: ID!, $r: String!) { withdrawDispute(id: $id, reason: $r) { id } }`,
    base: (c) => ({ id: c.id, r: 'resolved' }),
    fields: { id: 'id', r: 'text' },
  },
  {
    name: 'withdrawMutualRecognitionRequest',
    field: 'withdrawMutualRecognitionRequest',
    fixture: async () => ({ id: await fileRequest('de', ['FR']) }),
    refresh: true,
    doc: `mutation($id: ID!, $r: String!) { withdrawMutualRecognitionRequest(id: $id, reason: $r) { id } }`,
    base: (c) => ({ id: c.id, r: 'no longer needed' }),
    fields: { id: 'id', r: 'text' },
  },

  // Reads: filters, lookups and pages (they never change the database)
  {
    name: 'controlEntries(filter)',
    field: 'controlEntries',
    doc: `query($f: ControlEntryFilter, $first: Int, $after: String) { controlEntries(filter: $f, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`,
    base: () => ({ f: { text: 'fermenters', jurisdiction: 'CH', tier: 'STANDARD', hsCode: '8419', taxonomyCode: 'BXI' }, first: 5 }),
    fields: {
      f: 'object',
      'f.text': 'text',
      'f.jurisdiction': 'code',
      'f.tier': enumOf('STANDARD', 'ENHANCED'),
      'f.hsCode': 'text',
      'f.taxonomyCode': 'code',
      'f.versionId': 'id',
      ...PAGE,
    },
  },
  {
    name: 'disputeCases(filter)',
    field: 'disputeCases',
    as: 'secretariat',
    doc: `query($f: DisputeFilter, $first: Int, $after: String) { disputeCases(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { status: 'CONSULTATION', party: 'DE', panelist: pid('panelist-nz') }, first: 5 }),
    fields: { f: 'object', 'f.status': enumOf(...DISPUTE_STATUSES), 'f.party': 'code', 'f.panelist': 'id', ...PAGE },
  },
  {
    name: 'fastTrackApplications(filter)',
    field: 'fastTrackApplications',
    doc: `query($f: FastTrackFilter, $first: Int, $after: String) { fastTrackApplications(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { status: 'SUBMITTED', jurisdiction: 'DE', overdue: false, declarationId: shared.declaration }, first: 5 }),
    fields: {
      f: 'object',
      'f.status': enumOf('SUBMITTED', 'APPROVED', 'REFUSED'),
      'f.jurisdiction': 'code',
      'f.overdue': 'bool',
      'f.declarationId': 'id',
      ...PAGE,
    },
  },
  {
    name: 'licenceDecisions(filter)',
    field: 'licenceDecisions',
    as: 'de-regulator',
    doc: `query($f: LicenceDecisionFilter, $first: Int, $after: String) { licenceDecisions(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { jurisdiction: 'DE', outcome: 'GRANTED', taxonomyCode: 'BXI.FERM', endUserId: shared.endUser }, first: 5 }),
    fields: { f: 'object', 'f.jurisdiction': 'code', 'f.outcome': enumOf('GRANTED', 'DENIED'), 'f.taxonomyCode': 'code', 'f.endUserId': 'id', ...PAGE },
  },
  {
    name: 'dataGovernanceAttestations',
    field: 'dataGovernanceAttestations',
    doc: `query($k: GovernedSubjectKind!, $id: ID!) { dataGovernanceAttestations(subjectKind: $k, subjectId: $id) { id redacted } }`,
    base: () => ({ k: 'LICENCE_DECISION', id: '00000000-0000-4000-8000-000000000000' }),
    fields: { k: enumOf('LICENCE_DECISION', 'HUMANITARIAN_WAIVER'), id: 'id' },
  },
  {
    name: 'consistencyReport',
    field: 'consistencyReport',
    doc: `query($c: ID!, $from: Date, $to: Date, $p: String) { consistencyReport(consortiumId: $c, from: $from, to: $to, taxonomyPrefix: $p) { kind } }`,
    base: () => ({ c: consortiumId, from: '2026-01-01', to: '2026-12-31', p: 'BXI' }),
    fields: { c: 'id', from: 'date', to: 'date', p: 'code' },
  },
  {
    name: 'destinationStats',
    field: 'destinationStats',
    doc: `query($c: ID!, $g: DestinationGrouping!) { destinationStats(consortiumId: $c, groupBy: $g) { group } }`,
    base: () => ({ c: consortiumId, g: 'REGION' }),
    fields: { c: 'id', g: enumOf('REGION', 'INCOME_GROUP') },
  },
  {
    name: 'endUserMatches',
    field: 'endUserMatches',
    doc: `query($n: String!, $c: String) { endUserMatches(name: $n, country: $c) { score } }`,
    base: () => ({ n: 'Field Lab', c: 'KE' }),
    fields: { n: 'text', c: 'code' },
  },
  {
    name: 'humanitarianWaivers(filter)',
    field: 'humanitarianWaivers',
    doc: `query($f: HumanitarianWaiverFilter, $first: Int, $after: String) { humanitarianWaivers(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { consortiumId, sponsor: 'DE', status: 'ACTIVE', recognizedBy: 'FR' }, first: 5 }),
    fields: {
      f: 'object',
      'f.consortiumId': 'id',
      'f.sponsor': 'code',
      'f.status': enumOf('FILED', 'ACTIVE', 'REVOKED', 'EXPIRED'),
      'f.recognizedBy': 'code',
      ...PAGE,
    },
  },
  {
    name: 'mutualRecognitionRequests(filter)',
    field: 'mutualRecognitionRequests',
    as: 'fr-regulator',
    doc: `query($f: RecognitionRequestFilter, $first: Int, $after: String) { mutualRecognitionRequests(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { status: 'SUBMITTED', requesting: 'DE', concerned: 'FR', subjectKind: 'LICENCE_DECISION', consortiumId }, first: 5 }),
    fields: {
      f: 'object',
      'f.status': enumOf(...RECOGNITION_STATUSES),
      'f.requesting': 'code',
      'f.concerned': 'code',
      'f.subjectKind': enumOf('LICENCE_DECISION', 'CLASSIFICATION'),
      'f.consortiumId': 'id',
      ...PAGE,
    },
  },
  {
    name: 'provisionalAuthorizations(filter)',
    field: 'provisionalAuthorizations',
    doc: `query($f: ProvisionalAuthorizationFilter, $first: Int, $after: String) { provisionalAuthorizations(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { status: 'ACTIVE', jurisdiction: 'DE', dueWithinDays: 30, declarationId: shared.declaration }, first: 5 }),
    fields: {
      f: 'object',
      'f.status': enumOf('ACTIVE', 'SUSPENDED', 'EXPIRED'),
      'f.jurisdiction': 'code',
      'f.dueWithinDays': 'int',
      'f.declarationId': 'id',
      ...PAGE,
    },
  },
  {
    name: 'publicRegister(kind, consortiumId)',
    field: 'publicRegister',
    doc: `query($k: RegisterKind, $c: ID, $first: Int, $after: String) { publicRegister(kind: $k, consortiumId: $c, first: $first, after: $after) { totalCount } }`,
    base: () => ({ k: 'EMERGENCY_DECLARATION', c: consortiumId, first: 5 }),
    fields: { k: enumOf('EMERGENCY_DECLARATION', 'RECOGNITION_OUTCOME'), c: 'id', ...PAGE },
  },
  {
    name: 'auditTrail(subject)',
    field: 'auditTrail',
    as: 'de-regulator',
    doc: `query($t: String, $s: ID, $first: Int, $after: String) { auditTrail(subjectType: $t, subjectId: $s, first: $first, after: $after) { totalCount } }`,
    base: () => ({ t: 'RecognitionRequest', s: shared.request, first: 5 }),
    fields: { t: 'text', s: 'id', ...PAGE },
  },
  {
    name: 'auditCheckpoints(first, after)',
    field: 'auditCheckpoints',
    doc: `query($first: Int, $after: String) { auditCheckpoints(first: $first, after: $after) { totalCount } }`,
    base: () => ({ first: 5 }),
    fields: { ...PAGE },
  },
  {
    name: 'concordance(taxonomyPrefix)',
    field: 'concordance',
    doc: `query($c: ID!, $p: String, $first: Int, $after: String, $d: Date) { concordance(consortiumId: $c, taxonomyPrefix: $p, first: $first, after: $after, asOf: $d) { totalCount } }`,
    base: () => ({ c: consortiumId, p: 'BXI', first: 5, d: '2026-03-02' }),
    fields: { c: 'id', p: 'code', d: 'date', ...PAGE },
  },
  {
    name: 'controlLists(jurisdiction)',
    field: 'controlLists',
    doc: `query($j: String) { controlLists(jurisdiction: $j) { id } }`,
    base: () => ({ j: 'DE' }),
    fields: { j: 'code' },
  },
  {
    name: 'principals(role, jurisdiction)',
    field: 'principals',
    doc: `query($r: Role, $j: String) { principals(role: $r, jurisdiction: $j) { id } }`,
    base: () => ({ r: 'REGULATOR', j: 'DE' }),
    fields: { r: enumOf('REGULATOR', 'PANELIST', 'PUBLIC'), j: 'code' },
  },
  {
    name: 'emergencyDeclarations(activeOnly)',
    field: 'emergencyDeclarations',
    doc: `query($a: Boolean) { emergencyDeclarations(activeOnly: $a) { id } }`,
    base: () => ({ a: true }),
    fields: { a: 'bool' },
  },
  {
    name: 'recognitionsApplicable',
    field: 'recognitionsApplicable',
    as: 'de-regulator',
    doc: `query($x: String!, $c: String!, $u: ID) { recognitionsApplicable(exportingJurisdiction: $x, taxonomyCode: $c, endUserId: $u) { id } }`,
    base: () => ({ x: 'DE', c: 'BXI.FERM' }),
    fields: { x: 'code', c: 'code', u: 'id' },
  },
  {
    name: 'transparencyStats(from, to)',
    field: 'transparencyStats',
    doc: `query($c: ID!, $from: DateTime, $to: DateTime) { transparencyStats(consortiumId: $c, from: $from, to: $to) { members { answers medianDaysToAnswer } } }`,
    base: () => ({ c: consortiumId, from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }),
    fields: { c: 'id', from: 'datetime', to: 'datetime' },
  },
  {
    name: 'taxonomy(parentCode)',
    field: 'taxonomy',
    doc: `query($p: String) { taxonomy(parentCode: $p) { code } }`,
    base: () => ({ p: 'BXI' }),
    fields: { p: 'code' },
  },
  {
    name: 'taxonomyNode(code) and mappings(status)',
    field: 'taxonomyNode',
    doc: `query($c: String!, $s: MappingStatus) { taxonomyNode(code: $c) { code mappings(status: $s) { id } } }`,
    base: () => ({ c: 'BXI.FERM', s: 'ACCEPTED' }),
    fields: { c: 'code', s: enumOf('ACCEPTED', 'STALE') },
  },
  {
    name: 'webhookDeliveries(webhookId)',
    field: 'webhookDeliveries',
    doc: `query($w: ID!, $first: Int, $after: String) { webhookDeliveries(webhookId: $w, first: $first, after: $after) { totalCount } }`,
    base: () => ({ w: shared.webhook, first: 5 }),
    fields: { w: 'id', ...PAGE },
  },
  {
    name: 'harmonizedItem(code, consortiumId)',
    field: 'harmonizedItem',
    doc: `query($code: String!, $c: ID, $d: Date) { harmonizedItem(code: $code, consortiumId: $c, asOf: $d) { unilateral } }`,
    base: () => ({ code: 'BXI.FERM', c: consortiumId, d: '2026-03-02' }),
    fields: { code: 'code', c: 'id', d: 'date' },
  },
  {
    name: 'countryGroups(jurisdiction)',
    field: 'countryGroups',
    doc: `query($j: String) { countryGroups(jurisdiction: $j) { code } }`,
    base: () => ({ j: 'EU' }),
    fields: { j: 'code' },
  },
  {
    name: 'licensingRules(jurisdiction, controlNumber)',
    field: 'licensingRules',
    doc: `query($j: String, $n: String) { licensingRules(jurisdiction: $j, controlNumber: $n) { ruleKey } }`,
    base: () => ({ j: 'DE', n: '2B352.b' }),
    fields: { j: 'code', n: 'text' },
  },
  {
    // A query that stores the assessment it computed (a decision may name it), so checked like a mutation.
    name: 'assessTransaction(input)',
    field: 'assessTransaction',
    as: 'de-regulator',
    doc: `query($i: TransactionInput!) { assessTransaction(input: $i) { id proposedTier perMember { requirement } } }`,
    base: () => ({
      i: {
        exportingJurisdiction: 'DE',
        destination: 'KE',
        endUse: 'RESEARCH',
        endUser: { name: 'Uni', country: 'SG' },
        items: [{ taxonomyCode: 'BXI.FERM', parameters: [{ name: 'total internal volume', value: 50, unit: 'L' }], quantity: 1 }],
      },
    }),
    fields: {
      i: 'object',
      'i.exportingJurisdiction': 'code',
      'i.destination': 'code',
      'i.endUse': enumOf('RESEARCH', 'MILITARY', 'WMD_RELATED', 'UNKNOWN'),
      'i.endUseText': 'text',
      'i.endUser': 'object',
      'i.endUser.name': 'text',
      'i.endUser.country': 'code',
      'i.endUserId': 'id',
      'i.consortiumId': 'id',
      'i.items': 'list',
      'i.items.0.taxonomyCode': 'code',
      'i.items.0.parameters.0.name': 'text',
      'i.items.0.parameters.0.value': 'float',
      'i.items.0.parameters.0.unit': 'text',
      'i.items.0.quantity': 'float',
    },
  },
  {
    name: 'gapAnalysis(from, to)',
    field: 'gapAnalysis',
    doc: `query($a: String!, $b: String!, $d: Date) { gapAnalysis(from: $a, to: $b, asOf: $d) { unknownInTo { code } } }`,
    base: () => ({ a: 'CH', b: 'US', d: '2026-03-02' }),
    fields: { a: 'code', b: 'code', d: 'date' },
  },
  {
    name: 'listDiff(versions)',
    field: 'listDiff',
    doc: LIST_DIFF,
    base: () => ({ a: ch.olderVersionId, b: ch.publishedVersionId }),
    fields: { a: 'id', b: 'id' },
  },
  {
    name: 'controlListVersion(id) and entries(page)',
    field: 'controlListVersion',
    as: 'ch-regulator',
    doc: `query($id: ID!, $first: Int, $after: String) { controlListVersion(id: $id) { id entries(first: $first, after: $after) { totalCount } } }`,
    base: () => ({ id: ch.publishedVersionId, first: 5 }),
    fields: { id: 'id', ...PAGE },
  },
  {
    name: 'lookups by id',
    field: 'consortium',
    as: 'secretariat',
    doc: `query($c: ID!, $d: ID!, $r: ID!, $x: ID!) { consortium(id: $c) { id } licenceDecision(id: $d) { id } mutualRecognitionRequest(id: $r) { id } disputeCase(id: $x) { id } }`,
    base: () => ({ c: consortiumId, d: shared.decision, r: shared.request, x: shared.dispute }),
    fields: { c: 'id', d: 'id', r: 'id', x: 'id' },
  },
  // Who may read what: the same hostile values through the visibility rules —
  // the draft rule behind mappings, entries and their pages; a panelist's reach; the audit rule.
  {
    name: 'taxonomyNode mappings → entry → version → entries(page), anonymous',
    field: 'taxonomyNode',
    doc: `query($c: String!, $s: MappingStatus, $first: Int, $after: String) { taxonomyNode(code: $c) { mappings(status: $s) { entry { version { entries(first: $first, after: $after) { totalCount } } mappings { node { code } } } successorEntry { id } } } }`,
    base: () => ({ c: 'BXI.FERM', s: 'ACCEPTED', first: 5 }),
    fields: { c: 'code', s: enumOf('ACCEPTED', 'PROPOSED', 'STALE'), ...PAGE },
  },
  {
    name: 'lookups by id as a panelist',
    field: 'licenceDecision',
    as: 'panelist-nz',
    doc: `query($d: ID!, $r: ID!, $x: ID!) { licenceDecision(id: $d) { id } mutualRecognitionRequest(id: $r) { id auditTrail { seq } } disputeCase(id: $x) { id submissions { title } } }`,
    base: () => ({ d: shared.decision, r: shared.request, x: shared.dispute }),
    fields: { d: 'id', r: 'id', x: 'id' },
  },
  {
    name: 'licenceDecisions(filter) as a panelist',
    field: 'licenceDecisions',
    as: 'panelist-nz',
    doc: `query($f: LicenceDecisionFilter, $first: Int, $after: String) { licenceDecisions(filter: $f, first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { jurisdiction: 'DE', outcome: 'GRANTED', taxonomyCode: 'BXI.FERM', endUserId: shared.endUser }, first: 5 }),
    fields: { f: 'object', 'f.jurisdiction': 'code', 'f.outcome': enumOf('GRANTED', 'DENIED'), 'f.taxonomyCode': 'code', 'f.endUserId': 'id', ...PAGE },
  },
  {
    name: 'provisionalAuthorizations(filter) as a panelist',
    field: 'provisionalAuthorizations',
    as: 'panelist-nz',
    doc: `query($f: ProvisionalAuthorizationFilter, $first: Int, $after: String) { provisionalAuthorizations(filter: $f, first: $first, after: $after) { totalCount } fastTrackApplications(first: $first, after: $after) { totalCount } mutualRecognitionRequests(first: $first, after: $after) { totalCount } }`,
    base: () => ({ f: { status: 'ACTIVE', jurisdiction: 'DE', dueWithinDays: 30, declarationId: shared.declaration }, first: 5 }),
    fields: {
      f: 'object',
      'f.status': enumOf('ACTIVE', 'SUSPENDED', 'EXPIRED'),
      'f.jurisdiction': 'code',
      'f.dueWithinDays': 'int',
      'f.declarationId': 'id',
      ...PAGE,
    },
  },
  {
    name: 'auditTrail(subject) as a panelist',
    field: 'auditTrail',
    as: 'panelist-nz',
    doc: `query($t: String, $s: ID, $first: Int, $after: String) { auditTrail(subjectType: $t, subjectId: $s, first: $first, after: $after) { totalCount } }`,
    base: () => ({ t: 'DisputeCase', s: shared.dispute, first: 5 }),
    fields: { t: 'text', s: 'id', ...PAGE },
  },
];

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
