/**
 * Workflow fixtures made through the API — a decision, a recognition request in each
 * state, a dispute up to its ruling (through the submissions, the interim report and the comments), an emergency with an authorization, list drafts, a
 * proposed mapping, a webhook — for tests that need a fresh case per call (the
 * authorization matrix, the bad-input properties). Items live under the taxonomy `root`,
 * which the test creates with a `.FERM` child.
 */
import {
  ADD_DISPUTE_SUBMISSION,
  CAST_PANEL_VOTE,
  CONSTITUTE_PANEL,
  CREATE_CONTROL_LIST_VERSION,
  CREATE_TAXONOMY_NODE,
  DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION,
  DECLARE_EMERGENCY,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  PROPOSE_MAPPING,
  RECORD_LICENCE_DECISION,
  REGISTER_WEBHOOK,
  REQUEST_PANEL,
  RESPOND_TO_RECOGNITION_REQUEST,
  UPSERT_CONTROL_ENTRIES,
} from './operations';
import { seededPrincipal, type TestApp } from './test-app';

type Vars = Record<string, any>;

export const PANEL = ['panelist-nz', 'panelist-sg', 'panelist-no'];
export const pid = (handle: string) => seededPrincipal(handle).id;

export function workflowFixtures(env: { t: () => TestApp; consortiumId: () => string; root: string; prefix: string }) {
  const { root, prefix } = env;
  let n = 0;
  const uniq = () => ++n;
  const ok = (doc: string, variables: Vars, as: string): Promise<any> => env.t().ok(doc, variables, as);

  /** CH lists: `main` has a published version with entry <prefix>-1; drafts and publications happen on `pub`. */
  const ch = { mainListId: '', pubListId: '', publishedVersionId: '', entryId: '', olderVersionId: '' };
  const entry = (controlNumber: string) => ({
    controlNumber,
    title: 'Fermenters',
    text: 'Fermenters of 20 L or more',
    tier: 'STANDARD',
    hsCodes: ['8419.89'],
    parameters: [{ name: 'volume', comparator: 'GTE', value: 20, unit: 'L' }],
  });

  async function grant(as = 'de-regulator', over: Vars = {}): Promise<string> {
    const k = uniq();
    return (
      await ok(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: `Exporter ${k}`,
            endUser: { name: `Lab ${k}`, country: 'SG' },
            destination: 'SG',
            taxonomyCodes: [`${root}.FERM`],
            outcome: 'GRANTED',
            rationale: 'standard review passed',
            ...over,
          },
        },
        as,
      )
    ).recordLicenceDecision.id;
  }

  async function fileRequest(requester = 'de', concerned = ['FR'], draft = false): Promise<string> {
    const subjectId = await grant(`${requester}-regulator`);
    return (
      await ok(
        FILE_MUTUAL_RECOGNITION_REQUEST,
        {
          i: {
            consortiumId: env.consortiumId(),
            subjectKind: 'LICENCE_DECISION',
            subjectId,
            concernedJurisdictions: concerned,
            justification: 'same item, same end user',
            draft,
          },
        },
        `${requester}-regulator`,
      )
    ).fileMutualRecognitionRequest.id;
  }

  async function clockStopped(): Promise<string> {
    const id = await fileRequest('de', ['FR']);
    await ok(`mutation($id: ID!) { requestRecognitionInformation(requestId: $id, question: "Which end-use checks?") { id } }`, { id }, 'fr-regulator');
    return id;
  }

  /** DE asks NL; NL declines. Returns NL's response id. */
  async function declinedResponse(): Promise<string> {
    const requestId = await fileRequest('de', ['NL']);
    await ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId, decision: 'DECLINE', rationale: 'criterion 2 not met' } }, 'nl-regulator');
    const r = await ok(`query($id: ID!) { mutualRecognitionRequest(id: $id) { responses { id jurisdiction { code } } } }`, { id: requestId }, 'secretariat');
    return r.mutualRecognitionRequest.responses.find((x: any) => x.jurisdiction.code === 'NL').id;
  }

  /** DE v NL, in consultation. */
  async function dispute(): Promise<string> {
    const contestedId = await declinedResponse();
    return (
      await ok(FILE_DISPUTE, { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId, grounds: 'the decline ignores our end-use checks' } }, 'de-regulator')
    ).fileDispute.id;
  }

  async function panelRequested(): Promise<string> {
    const id = await dispute();
    for (const as of ['de-regulator', 'nl-regulator']) await ok(REQUEST_PANEL, { id }, as);
    return id;
  }

  /** A panel of panelist-nz, -sg and -no sits on it. */
  async function constituted(): Promise<string> {
    const id = await panelRequested();
    await ok(CONSTITUTE_PANEL, { id, p: PANEL.map(pid) }, 'secretariat');
    return id;
  }

  /** Constituted, and each party has filed its first written submission: the panel may vote. */
  async function heard(): Promise<string> {
    const id = await constituted();
    for (const as of ['de-regulator', 'nl-regulator']) {
      await ok(ADD_DISPUTE_SUBMISSION, { i: { disputeId: id, title: `${as} first submission`, body: 'our case', confidentiality: 'PUBLIC' } }, as);
    }
    return id;
  }

  /** Heard, a majority upholds (the interim report), each party comments: RULING_ISSUED. */
  async function ruled(): Promise<string> {
    const id = await heard();
    for (const as of ['panelist-nz', 'panelist-sg']) {
      await ok(CAST_PANEL_VOTE, { i: { disputeId: id, vote: 'UPHOLD', reasoning: `${as} upholds` } }, as);
    }
    for (const as of ['de-regulator', 'nl-regulator']) {
      await ok(ADD_DISPUTE_SUBMISSION, { i: { disputeId: id, title: `${as} comments`, body: 'on the interim report', confidentiality: 'PUBLIC' } }, as);
    }
    return id;
  }

  async function declaration(jurisdictions = ['DE', 'FR']): Promise<string> {
    return (
      await ok(
        DECLARE_EMERGENCY,
        {
          i: { consortiumId: env.consortiumId(), title: `Outbreak ${uniq()}`, taxonomyCodes: [root], jurisdictions, endsAt: '2026-12-31T00:00:00Z' },
        },
        'secretariat',
      )
    ).declareEmergency.id;
  }

  const fastTrackInput = (declarationId: string) => ({
    declarationId,
    applicant: `SafeLab ${uniq()}`,
    endUser: { name: 'Field Hospital', country: 'KE' },
    destination: 'KE',
    taxonomyCodes: [`${root}.FERM`],
    justification: 'isolation units',
  });

  async function application(): Promise<string> {
    return (await ok(FILE_FAST_TRACK_APPLICATION, { i: fastTrackInput(await declaration()) }, 'de-regulator')).fileFastTrackApplication.id;
  }

  /** DE asks FR; FR recognizes: FR owes its national implementation. */
  async function recognized(): Promise<string> {
    const requestId = await fileRequest('de', ['FR']);
    await ok(RESPOND_TO_RECOGNITION_REQUEST, { i: { requestId, decision: 'RECOGNIZE' } }, 'fr-regulator');
    return requestId;
  }

  async function authorization(requestedUntil?: string): Promise<string> {
    const applicationId = requestedUntil
      ? (await ok(FILE_FAST_TRACK_APPLICATION, { i: { ...fastTrackInput(await declaration()), requestedUntil } }, 'de-regulator')).fileFastTrackApplication.id
      : await application();
    return (await ok(DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION, { i: { applicationId, approve: true, rationale: 'urgent need' } }, 'de-regulator'))
      .decideFastTrackApplication.authorization.id;
  }

  async function draft(listId = ch.pubListId, entries = true): Promise<string> {
    const id = (await ok(CREATE_CONTROL_LIST_VERSION, { i: { listId, label: `draft ${uniq()}` } }, 'ch-regulator')).createControlListVersion.id;
    if (entries) await ok(UPSERT_CONTROL_ENTRIES, { v: id, e: [entry(`${prefix}-1`), entry(`${prefix}-2`)] }, 'ch-regulator');
    return id;
  }

  async function node(): Promise<string> {
    const code = `${root}.N${uniq()}`;
    await ok(CREATE_TAXONOMY_NODE, { i: { code, label: code, kind: 'EQUIPMENT', parentCode: root } }, 'secretariat');
    return code;
  }

  async function proposed(): Promise<string> {
    return (await ok(PROPOSE_MAPPING, { i: { entryId: ch.entryId, taxonomyCode: await node(), relation: 'EXACT' } }, 'ch-regulator')).proposeMapping.id;
  }

  async function webhook(as = 'gb-regulator'): Promise<string> {
    return (await ok(REGISTER_WEBHOOK, { i: { url: 'http://127.0.0.1:9/matrix-hook', events: ['DISPUTE_UPDATED'] } }, as)).registerWebhook.webhook.id;
  }

  return {
    uniq,
    ok,
    ch,
    entry,
    grant,
    fileRequest,
    clockStopped,
    declinedResponse,
    dispute,
    panelRequested,
    constituted,
    heard,
    ruled,
    recognized,
    declaration,
    fastTrackInput,
    application,
    authorization,
    draft,
    node,
    proposed,
    webhook,
  };
}
