/**
 * Who may read what: drafts of lists reach only their own regulators and the secretariat on
 * every path; the public register never names an end user or applicant of a licence.
 */
import { parse, subscribe, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';
import { RegisterWithoutLicenceParties1795709400000 } from '../../src/migrations/1795709400000-RegisterWithoutLicenceParties';
import {
  CREATE_CONTROL_LIST_VERSION,
  CREATE_CONTROL_LIST_VERSION_AND_LIST,
  DECIDE_FAST_TRACK_APPLICATION,
  DECLARE_EMERGENCY,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  RECORD_LICENCE_DECISION,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
  REVIEW_MAPPING,
  UPSERT_CONTROL_ENTRIES,
} from '../support/operations';
import { useVisibilityApp, t, base, consortiumId, post } from '../support/visibility-app';

useVisibilityApp();

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
