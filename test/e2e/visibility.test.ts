/**
 * Who may read what: drafts of lists reach only their own
 * regulators and the secretariat on every path; the public register never names an end
 * user or applicant of a licence; panelists reach the cases they sit on.
 */
import { parse, subscribe, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';
import { RegisterWithoutLicenceParties1795709400000 } from '../../src/migrations/1795709400000-RegisterWithoutLicenceParties';
import { createNodes } from '../support/factories';
import {
  ADD_DISPUTE_SUBMISSION,
  APPEAL_RULING,
  CAST_PANEL_VOTE,
  CONSORTIUM_IDS,
  CONSTITUTE_PANEL,
  CREATE_CONTROL_LIST_VERSION,
  CREATE_CONTROL_LIST_VERSION_AND_LIST,
  DECIDE_FAST_TRACK_APPLICATION,
  DECLARE_EMERGENCY,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  RECORD_LICENCE_DECISION,
  REQUEST_PANEL,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
  REVIEW_MAPPING,
  UPSERT_CONTROL_ENTRIES,
  WITHDRAW_DISPUTE,
} from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';
import { PANEL, pid, workflowFixtures } from '../support/workflow-fixtures';

let t: TestApp;
let base: string;
let consortiumId: string;
const T0 = '2026-03-02T09:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp({ start: T0, env: { HARMONIZED_CACHE: 'true' } });
  await t.app.events!.ready;
  base = await t.listen();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(() => t.close());

async function post(query: string, variables: Record<string, unknown> = {}, as?: string): Promise<{ cache: string | null; body: any }> {
  const token = as ? await t.token(as) : undefined;
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { cache: res.headers.get('x-accord-cache'), body: await res.json() };
}

describe('drafts of control lists', () => {
  const secret = 'VIS-DRAFT-1';
  let draftVersionId: string;
  let draftEntryId: string;
  let publishedEntryId: string;

  beforeAll(async () => {
    await t.ok(`mutation { createTaxonomyNode(input: { code: "VIS", label: "Visibility", kind: EQUIPMENT }) { code } }`, {}, 'secretariat');
    await t.ok(
      `mutation { createTaxonomyNode(input: { code: "VIS.FERM", label: "Visibility fermenters", kind: EQUIPMENT, parentCode: "VIS" }) { code } }`,
      {},
      'secretariat',
    );
    const entry = (controlNumber: string, title: string) => ({ controlNumber, title, text: `${title} of 20 L or more`, tier: 'STANDARD' });
    // A published CH entry, mapped and accepted: the public way into the node.
    const v1 = await t.ok(
      CREATE_CONTROL_LIST_VERSION_AND_LIST,
      { i: { jurisdiction: 'CH', listName: 'Visibility list', label: 'v1', coverage: ['VIS'] } },
      'ch-regulator',
    );
    const up1 = await t.ok(UPSERT_CONTROL_ENTRIES, { v: v1.createControlListVersion.id, e: [entry('VIS-1', 'Published fermenters')] }, 'ch-regulator');
    publishedEntryId = up1.upsertControlEntries[0].id;
    await t.ok(PUBLISH_CONTROL_LIST_VERSION, { id: v1.createControlListVersion.id }, 'ch-regulator');
    const m1 = await t.ok(PROPOSE_MAPPING, { i: { entryId: publishedEntryId, taxonomyCode: 'VIS.FERM', relation: 'EXACT' } }, 'ch-regulator');
    await t.ok(REVIEW_MAPPING, { id: m1.proposeMapping.id }, 'secretariat');
    // The next version, still a DRAFT, with an unpublished entry mapped onto the same node.
    const v2 = await t.ok(
      CREATE_CONTROL_LIST_VERSION,
      { i: { listId: v1.createControlListVersion.list.id, label: 'v2 (draft)', copyFromCurrent: true } },
      'ch-regulator',
    );
    draftVersionId = v2.createControlListVersion.id;
    const up2 = await t.ok(UPSERT_CONTROL_ENTRIES, { v: draftVersionId, e: [entry(secret, 'Unannounced fermenters')] }, 'ch-regulator');
    draftEntryId = up2.upsertControlEntries[0].id;
    await t.ok(PROPOSE_MAPPING, { i: { entryId: draftEntryId, taxonomyCode: 'VIS.FERM', relation: 'EXACT' } }, 'ch-regulator');
  });

  // Every way the issue found to reach the draft, plus the neighbours of each.
  const PATHS: Record<string, string> = {
    'taxonomyNode.mappings.entry.version.entries': `{ taxonomyNode(code: "VIS.FERM") { mappings { entry { controlNumber title version { id status entries(first: 50) { edges { node { controlNumber } } } } } } } }`,
    'harmonizedItem.node.mappings': `{ harmonizedItem(code: "VIS.FERM") { node { mappings { entry { controlNumber version { status } } } } } }`,
    'ControlEntry.mappings.node.mappings': `{ controlEntries(filter: { jurisdiction: "CH", text: "VIS-1" }) { edges { node { mappings { node { mappings { entry { controlNumber title } } } } } } } }`,
    'concordance.node.mappings': `query($c: ID!) { concordance(consortiumId: $c, taxonomyPrefix: "VIS", first: 10) { edges { node { node { mappings { entry { controlNumber } } } } } } }`,
    'controlLists.versions': `{ controlLists(jurisdiction: "CH") { versions { id status label } } }`,
  };
  const leaks = (body: unknown) => /VIS-DRAFT-1|Unannounced|v2 \(draft\)|"DRAFT"/.test(JSON.stringify(body));

  it("reach no one but the list's own regulators and the secretariat, on any path, with the response cache on", async () => {
    const seen: Record<string, Record<string, boolean>> = {};
    // The owner asks first, so an answer with the draft is in the cache when the others ask.
    for (const as of ['ch-regulator', 'secretariat', undefined, 'analyst', 'de-regulator', 'panelist-nz']) {
      for (const [path, q] of Object.entries(PATHS)) {
        const r = await post(q, path.startsWith('concordance') ? { c: consortiumId } : {}, as);
        expect(r.body.errors).toBeUndefined();
        (seen[as ?? 'anonymous'] ??= {})[path] = leaks(r.body);
      }
    }
    const expected = (who: string) => Object.fromEntries(Object.keys(PATHS).map((p) => [p, who === 'ch-regulator' || who === 'secretariat']));
    for (const who of Object.keys(seen)) expect({ who, seen: seen[who] }).toEqual({ who, seen: expected(who) });
    // The published entry and its mapping stay public.
    const anon = await post(PATHS['taxonomyNode.mappings.entry.version.entries']);
    expect(anon.body.data.taxonomyNode.mappings.map((m: any) => m.entry.controlNumber)).toEqual(['VIS-1']);
  });

  it('an entry or version of a draft is not found by id either', async () => {
    for (const as of [null, 'analyst', 'de-regulator']) {
      const r = await t.gql(
        `query($v: ID!) { controlListVersion(id: $v) { id } controlEntries(filter: { versionId: $v }) { totalCount } }`,
        { v: draftVersionId },
        as,
      );
      expect(r.data?.controlListVersion ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const own = await t.ok(
      `query($v: ID!) { controlListVersion(id: $v) { entries(first: 10) { edges { node { controlNumber mappings { node { code } } } } } } }`,
      { v: draftVersionId },
      'ch-regulator',
    );
    expect(JSON.stringify(own)).toContain(secret);
  });

  it('once published, the entry and its mapping are public', async () => {
    await t.ok(PUBLISH_CONTROL_LIST_VERSION, { id: draftVersionId }, 'ch-regulator');
    const r = await post(PATHS['taxonomyNode.mappings.entry.version.entries']);
    expect(JSON.stringify(r.body)).toContain(secret);
  });
});

describe('the public register', () => {
  // Everything a licence's parties and destination could be recognised by.
  const NAMES =
    /Open Lab Vis|Exporter Vis|Hidden Lab Vis|Exporter Hidden|Field Clinic Vis|Applicant Vis|Institut Pasteur de Dakar|Seoul Vaccine Institute|McGill Cytometry Core|Regional Public Health Laboratory|Sartorius-style|Tokyo Bioreactor|Flowmetrics|Containment Systems GmbH|Oligo Rapid|"destination"|"endUser|"applicant/;
  const REGISTER = `query($first: Int) { publicRegister(first: $first) { edges { node { id kind title summary rationale jurisdictions details subjectId } } } }`;
  let openRequest: string;

  beforeAll(async () => {
    const request = async (name: string, applicant: string, confidential: boolean) => {
      const d = await t.ok(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant,
            endUser: { name, country: 'SG' },
            destination: 'SG',
            taxonomyCodes: ['VIS.FERM'],
            outcome: 'GRANTED',
            rationale: 'standard review',
            confidential,
          },
        },
        'de-regulator',
      );
      const r = await t.ok(
        FILE_MUTUAL_RECOGNITION_REQUEST,
        {
          i: {
            consortiumId,
            subjectKind: 'LICENCE_DECISION',
            subjectId: d.recordLicenceDecision.id,
            concernedJurisdictions: ['FR'],
            justification: 'same line',
          },
        },
        'de-regulator',
      );
      await t.ok(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId: r.fileMutualRecognitionRequest.id, decision: 'RECOGNIZE' } }, 'fr-regulator');
      return r.fileMutualRecognitionRequest.id as string;
    };
    openRequest = await request('Open Lab Vis', 'Exporter Vis', false);
    await request('Hidden Lab Vis', 'Exporter Hidden', true);
    // A provisional authorization: its destination and end user are licence details too.
    const decl = await t.ok(
      DECLARE_EMERGENCY,
      {
        i: { consortiumId, title: 'Visibility outbreak', taxonomyCodes: ['VIS'], jurisdictions: ['DE', 'FR'], endsAt: '2026-12-31T00:00:00Z' },
      },
      'secretariat',
    );
    const app = await t.ok(
      FILE_FAST_TRACK_APPLICATION,
      {
        i: {
          declarationId: decl.declareEmergency.id,
          applicant: 'Applicant Vis',
          endUser: { name: 'Field Clinic Vis', country: 'KE' },
          destination: 'KE',
          taxonomyCodes: ['VIS.FERM'],
          justification: 'isolation units',
        },
      },
      'de-regulator',
    );
    await t.ok(
      DECIDE_FAST_TRACK_APPLICATION,
      { i: { applicationId: app.fileFastTrackApplication.id, approve: true, rationale: 'urgent need' } },
      'de-regulator',
    );
  });

  it('names no end user, applicant or destination of a licence: neither new entries nor the seeded examples', async () => {
    const r = await t.ok<any>(REGISTER, { first: 100 });
    const entries = r.publicRegister.edges.map((e: any) => e.node);
    expect(entries.filter((e: any) => NAMES.test(JSON.stringify(e))).map((e: any) => `${e.kind}: ${e.title} | ${JSON.stringify(e.details)}`)).toEqual([]);
    // Outcomes are still there, with their items and answers.
    const open = entries.find((e: any) => e.subjectId === openRequest);
    expect(open.title).toBe('DE request for recognition of its licence for VIS.FERM: RECOGNIZED');
    expect(open.summary).toBe('FR: RECOGNIZE');
    expect(entries.some((e: any) => e.kind === 'PROVISIONAL_AUTHORIZATION' && e.title === 'DE provisional authorization for VIS.FERM')).toBe(true);
  });

  it('nor does the Atom feed', async () => {
    const xml = await (await fetch(`${base}/register.atom`)).text();
    expect((xml.match(/<entry>/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(xml).toContain('DE request for recognition of its licence for VIS.FERM: RECOGNIZED');
    expect(xml.match(NAMES)).toBeNull();
  });

  it('nor does the registerEntryPublished subscription', async () => {
    const schema: GraphQLSchema = await buildAppSchema();
    const result = await subscribe({
      schema,
      document: parse(`subscription { registerEntryPublished { kind title summary rationale details } }`),
      contextValue: t.app.createContext(null),
    });
    const it = (result as AsyncIterable<any>)[Symbol.asyncIterator]();
    const next = it.next();
    await new Promise((r) => setTimeout(r, 150)); // listening
    const d = await t.ok(
      RECORD_LICENCE_DECISION,
      {
        i: {
          applicant: 'Exporter Vis',
          endUser: { name: 'Open Lab Vis', country: 'SG' },
          destination: 'SG',
          taxonomyCodes: ['VIS.FERM'],
          outcome: 'GRANTED',
          rationale: 'ok',
        },
      },
      'de-regulator',
    );
    const r = await t.ok(
      FILE_MUTUAL_RECOGNITION_REQUEST,
      {
        i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: d.recordLicenceDecision.id, concernedJurisdictions: ['NL'], justification: 'j' },
      },
      'de-regulator',
    );
    await t.ok(
      RESPOND_TO_RECOGNITION_REQUEST_STATUS,
      { i: { requestId: r.fileMutualRecognitionRequest.id, decision: 'DECLINE', rationale: 'criterion 2' } },
      'nl-regulator',
    );
    const event = (await next).value;
    await it.return?.();
    expect(event.errors).toBeUndefined();
    expect(event.data.registerEntryPublished.title).toBe('DE request for recognition of its licence for VIS.FERM: DECLINED');
    expect(JSON.stringify(event).match(NAMES)).toBeNull();
  });

  it('a row stored before the rule: its details are withheld on read, and the migration scrubs its text', async () => {
    const [{ id }] = await t.ds.query(
      `INSERT INTO register_entry (kind, consortium_id, subject_id, title, summary, details, published_at)
       VALUES ('RECOGNITION_OUTCOME', $1, gen_random_uuid(), 'NL request for recognition of its licence for VIS.FERM, VIS to Old Lab Vis (SG): PARTIALLY_RECOGNIZED', 'FR: RECOGNIZE',
               '{"status":"PARTIALLY_RECOGNIZED","destination":"SG","endUser":{"name":"Old Lab Vis"},"answers":[{"jurisdiction":"FR","applicant":"Old Exporter"}]}', now() + interval '1 day')
       RETURNING id`,
      [consortiumId],
    );
    const read = async () => (await t.ok<any>(REGISTER, { first: 1 })).publicRegister.edges[0].node;
    const before = await read();
    expect(before.id).toBe(id);
    expect(before.details).toEqual({ status: 'PARTIALLY_RECOGNIZED', answers: [{ jurisdiction: 'FR' }] });
    const Migration = RegisterWithoutLicenceParties1795709400000;
    const qr = t.ds.createQueryRunner();
    try {
      await new Migration().up(qr);
    } finally {
      await qr.release();
    }
    const [row] = await t.ds.query('SELECT title, details FROM register_entry WHERE id = $1', [id]);
    expect(row.title).toBe('NL request for recognition of its licence for VIS.FERM, VIS: PARTIALLY_RECOGNIZED');
    expect(row.details).toEqual({ status: 'PARTIALLY_RECOGNIZED', answers: [{ jurisdiction: 'FR', applicant: 'Old Exporter' }] });
    await t.ds.query('DELETE FROM register_entry WHERE id = $1', [id]);
  });
});

describe('panelists reach the cases they sit on', () => {
  const fx = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'VIS', prefix: 'VP' });
  const gql = (doc: string, variables: Record<string, unknown>, as: string | null) => t.gql<any>(doc, variables, as);

  /** FR asks NL; NL declines; FR contests; both ask for a panel; nz, sg and no sit on it. */
  async function frVersusNl(): Promise<{ disputeId: string; requestId: string; decisionId: string }> {
    const decisionId = await fx.grant('fr-regulator');
    const requestId = (
      await fx.ok(
        FILE_MUTUAL_RECOGNITION_REQUEST,
        {
          i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: decisionId, concernedJurisdictions: ['NL'], justification: 'same line' },
        },
        'fr-regulator',
      )
    ).fileMutualRecognitionRequest.id;
    const r = await fx.ok(
      `mutation($i: RecognitionResponseInput!) { respondToRecognitionRequest(input: $i) { responses { id } } }`,
      { i: { requestId, decision: 'DECLINE', rationale: 'criterion 2' } },
      'nl-regulator',
    );
    const disputeId = (
      await fx.ok(
        FILE_DISPUTE,
        {
          i: {
            contestedKind: 'RECOGNITION_RESPONSE',
            contestedId: r.respondToRecognitionRequest.responses[0].id,
            grounds: 'FR grounds: confidential reasoning',
          },
        },
        'fr-regulator',
      )
    ).fileDispute.id;
    for (const as of ['fr-regulator', 'nl-regulator']) await fx.ok(REQUEST_PANEL, { id: disputeId }, as);
    await fx.ok(CONSTITUTE_PANEL, { id: disputeId, p: PANEL.map(pid) }, 'secretariat');
    return { disputeId, requestId, decisionId };
  }

  it('declaring a conflict: only on a case awaiting its panel, and a panelist not on the case gets its outline only', async () => {
    const CASE = `mutation($id: ID!) { declarePanelConflict(disputeId: $id, note: "advised a party") { id status grounds settlementTerms submissions { title } submissionCount votes { vote } rulings { outcome } ruling { outcome } panelists { id } timeline { action } } }`;
    const conflicts = async (id: string) => (await t.ds.query('SELECT count(*)::int AS n FROM dispute_conflict WHERE dispute_id = $1', [id]))[0].n;
    const awaiting = await fx.panelRequested();
    const r = await gql(CASE, { id: awaiting }, 'panelist-br');
    expect(r.errors).toBeUndefined();
    expect(r.data.declarePanelConflict).toEqual({
      id: awaiting,
      status: 'PANEL_REQUESTED',
      grounds: '',
      settlementTerms: null,
      submissions: [],
      submissionCount: 0,
      votes: [],
      rulings: [],
      ruling: null,
      panelists: [],
      timeline: [],
    });
    expect(await conflicts(awaiting)).toBe(1);
    // No standing: the panel is appointed, the case was ruled, or it is over.
    const constituted = await fx.constituted();
    const ruled = await fx.ruled();
    const withdrawn = await fx.dispute();
    await fx.ok(WITHDRAW_DISPUTE, { id: withdrawn }, 'de-regulator');
    for (const id of [constituted, ruled, withdrawn]) {
      const before = await t.ds.query('SELECT count(*)::int AS n FROM audit_event');
      const denied = await gql(CASE, { id }, 'panelist-br');
      expect({ id, code: denied.errors?.[0]?.extensions?.code, data: denied.data }).toEqual({ id, code: 'INVALID_TRANSITION', data: null });
      expect(await conflicts(id)).toBe(0);
      expect(await t.ds.query('SELECT count(*)::int AS n FROM audit_event')).toEqual(before);
    }
  });

  it('requests, decisions, applications and authorizations: only those its cases contest', async () => {
    const mine = await frVersusNl();
    const other = await fx.fileRequest('de', ['FR']);
    const otherDecision = await fx.grant('de-regulator');
    // A provisional authorization DE granted, contested by FR before the same panel; and one nobody contests.
    const contested = await fx.authorization();
    const uncontested = await fx.authorization();
    const authDispute = (
      await fx.ok(FILE_DISPUTE, { i: { contestedKind: 'PROVISIONAL_AUTHORIZATION', contestedId: contested, grounds: 'too broad' } }, 'fr-regulator')
    ).fileDispute.id;
    for (const as of ['fr-regulator', 'de-regulator']) await fx.ok(REQUEST_PANEL, { id: authDispute }, as);
    await fx.ok(CONSTITUTE_PANEL, { id: authDispute, p: PANEL.map(pid) }, 'secretariat');

    const READ = `query($r: ID!, $o: ID!, $d: ID!, $od: ID!) {
      mine: mutualRecognitionRequest(id: $r) { id } other: mutualRecognitionRequest(id: $o) { id }
      mineDecision: licenceDecision(id: $d) { id } otherDecision: licenceDecision(id: $od) { id }
      mutualRecognitionRequests(first: 100) { edges { node { id } } }
      licenceDecisions(first: 100) { edges { node { id } } }
      fastTrackApplications(first: 100) { edges { node { id authorization { id } } } }
      provisionalAuthorizations(first: 100) { edges { node { id } } } }`;
    const ids = (conn: any) => conn.edges.map((e: any) => e.node.id);
    const as = async (who: string) => {
      const r = await gql(READ, { r: mine.requestId, o: other, d: mine.decisionId, od: otherDecision }, who);
      expect(r.errors).toBeUndefined();
      const d = r.data;
      return {
        request: [!!d.mine, !!d.other],
        decision: [!!d.mineDecision, !!d.otherDecision],
        requests: [ids(d.mutualRecognitionRequests).includes(mine.requestId), ids(d.mutualRecognitionRequests).includes(other)],
        decisions: [ids(d.licenceDecisions).includes(mine.decisionId), ids(d.licenceDecisions).includes(otherDecision)],
        applications: [contested, uncontested].map((a) => d.fastTrackApplications.edges.some((e: any) => e.node.authorization?.id === a)),
        authorizations: [ids(d.provisionalAuthorizations).includes(contested), ids(d.provisionalAuthorizations).includes(uncontested)],
      };
    };
    const both = {
      request: [true, true],
      decision: [true, true],
      requests: [true, true],
      decisions: [true, true],
      applications: [true, true],
      authorizations: [true, true],
    };
    const onlyMine = {
      request: [true, false],
      decision: [true, false],
      requests: [true, false],
      decisions: [true, false],
      applications: [true, false],
      authorizations: [true, false],
    };
    const none = {
      request: [false, false],
      decision: [false, false],
      requests: [false, false],
      decisions: [false, false],
      applications: [false, false],
      authorizations: [false, false],
    };
    expect(await as('panelist-nz')).toEqual(onlyMine);
    expect(await as('panelist-br')).toEqual(none);
    for (const who of ['analyst', 'secretariat', 'de-regulator']) expect({ who, sees: await as(who) }).toEqual({ who, sees: both });
  });

  it("a first-round panelist does not read the appeal round's confidential evidence; the appeal panel reads the record", async () => {
    const { disputeId } = await frVersusNl();
    const submit = (as: string, title: string, confidentiality: string) =>
      fx.ok(ADD_DISPUTE_SUBMISSION, { i: { disputeId, title, body: `${title} body`, confidentiality } }, as);
    await submit('fr-regulator', 'FR first brief', 'PUBLIC');
    await submit('nl-regulator', 'NL licensing statistics', 'PANEL_ONLY');
    for (const as of ['panelist-nz', 'panelist-sg']) await fx.ok(CAST_PANEL_VOTE, { i: { disputeId, vote: 'UPHOLD', reasoning: 'stands' } }, as);
    // The interim report: each party comments, then the ruling issues.
    await submit('fr-regulator', 'FR comments', 'PUBLIC');
    await submit('nl-regulator', 'NL comments', 'PANEL_ONLY');
    await fx.ok(APPEAL_RULING, { id: disputeId }, 'fr-regulator');
    await fx.ok(CONSTITUTE_PANEL, { id: disputeId, p: ['panelist-br', 'panelist-za', 'panelist-de'].map(pid) }, 'secretariat');
    await submit('fr-regulator', 'FR appeal evidence', 'PANEL_ONLY');
    await submit('nl-regulator', 'NL appeal answer', 'PARTIES_AND_PANEL');
    const titles = async (as: string) =>
      (await fx.ok(`query($id: ID!) { disputeCase(id: $id) { submissions { title } } }`, { id: disputeId }, as)).disputeCase.submissions
        .map((s: any) => s.title)
        .sort();
    expect(await titles('panelist-nz')).toEqual(['FR comments', 'FR first brief', 'NL comments', 'NL licensing statistics']);
    expect(await titles('panelist-br')).toEqual([
      'FR appeal evidence',
      'FR comments',
      'FR first brief',
      'NL appeal answer',
      'NL comments',
      'NL licensing statistics',
    ]);
    expect(await titles('analyst')).toEqual(['FR comments', 'FR first brief']);
  });

  it('RecognitionRequest.auditTrail shows what auditTrail shows the caller, no more', async () => {
    const { requestId } = await frVersusNl();
    for (const who of ['nl-regulator', 'fr-regulator', 'panelist-nz', 'analyst']) {
      const r = await fx.ok(
        `query($id: ID!) { mutualRecognitionRequest(id: $id) { auditTrail { seq action } } auditTrail(subjectId: $id, first: 100) { edges { node { seq action } } } }`,
        { id: requestId },
        who,
      );
      const field = r.mutualRecognitionRequest.auditTrail.map((e: any) => e.seq).sort();
      const trail = r.auditTrail.edges.map((e: any) => e.node.seq).sort();
      expect({ who, field }).toEqual({ who, field: trail });
    }
    // The requesting member reads its own events only; the analyst reads all of them.
    const nl = await fx.ok(
      `query($id: ID!) { mutualRecognitionRequest(id: $id) { auditTrail { action actorJurisdiction } } }`,
      { id: requestId },
      'nl-regulator',
    );
    expect(nl.mutualRecognitionRequest.auditTrail.every((e: any) => e.actorJurisdiction === 'NL')).toBe(true);
  });
});

describe('confidential licence decisions', () => {
  beforeAll(() => createNodes(t.ds, [{ code: 'VISC' }, { code: 'VISC.X', parentCode: 'VISC' }]));

  it('a confidential grant hides its destination from other members', async () => {
    const id = (
      await t.ok<{ recordLicenceDecision: { id: string } }>(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: 'A',
            endUser: { name: 'B', country: 'SG' },
            destination: 'SG',
            taxonomyCodes: ['VISC.X'],
            outcome: 'GRANTED',
            rationale: 'r',
            confidential: true,
            validUntil: '2027-01-01',
          },
        },
        'de-regulator',
      )
    ).recordLicenceDecision.id;
    const q = `query($id: ID!) { licenceDecision(id: $id) { destination validUntil } }`;
    expect((await t.ok(q, { id }, 'fr-regulator')).licenceDecision).toEqual({ destination: null, validUntil: null });
    expect((await t.ok(q, { id }, 'de-regulator')).licenceDecision).toEqual({ destination: 'SG', validUntil: '2027-01-01' });
  });
});
