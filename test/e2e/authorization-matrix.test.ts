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
import { handleOf, NOT_PANELIST, OPERATIONS, ROLES, rootFields, type RoleKey } from '../support/operation-catalogue';
import {
  APPEAL_RULING,
  ATTACH_DATA_GOVERNANCE,
  AUDIT_CHAIN_STATUS,
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
  JURISDICTIONS,
  LIST_DIFF,
  ME,
  PRINCIPALS,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  RECOGNITION_REQUEST_UPDATED,
  RECORD_DENIAL_CONSULTATION,
  RECORD_LICENCE_DECISION,
  REGISTER_LOCAL_WEBHOOK,
  REQUEST_PANEL,
  REQUEST_RECOGNITION_INFORMATION,
  RESPOND_TO_RECOGNITION_REQUEST,
  REVIEW_MAPPING,
  SUBMIT_MUTUAL_RECOGNITION_REQUEST,
  UPSERT_CONTROL_ENTRIES,
  WEBHOOK_DELIVERIES,
  WITHDRAW_DISPUTE,
} from '../support/operations';
import { PANEL, pid, workflowFixtures } from '../support/workflow-fixtures';
import { createTestApp, errorCode, seededPrincipal, type GqlResult, type TestApp } from '../support/test-app';

type Vars = Record<string, unknown>;

interface Rule {
  /** The operation document (variables only, as a client sends them). */
  doc: string;
  /** Builds the variables on a fresh fixture (once for the denied roles, once per further allowed role). */
  vars?: () => Promise<Vars>;
  /** Subscriptions: makes the event everyone subscribed may hear. */
  trigger?: () => Promise<void>;
  /**
   * What an allowed call may reveal (drafts, licence parties, a panelist's reach):
   * `check` tells from the answer whether it shows `what`; exactly `roles` may see it.
   */
  reveals?: { what: string; roles: RoleKey[]; check: (data: any, vars: Vars) => boolean };
}

let t: TestApp;
let schema: GraphQLSchema;
let consortiumId: string;
const T0 = '2026-03-02T09:00:00.000Z';

// --- fixtures, through the API (test/support/workflow-fixtures.ts) -------------------------------

const {
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
} = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'AZM', prefix: 'AZ' });

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

/** Reveal checks: who sees a DRAFT; who reaches a record outside the panelist's cases; what names a licence's parties. */
const includes = (conn: any, id: string) => conn.edges.some((e: any) => e.node.id === id);
const draftMapped = (node: any) => node.mappings.some((m: any) => m.entry.id === shared.draftEntry);
const DRAFT_READERS: RoleKey[] = ['right', 'secretariat'];
afterAll(() => t.close());

// --- the declared table -------------------------------------------------------------------------

const id = (make: () => Promise<string>) => async () => ({ id: await make() });

/** A humanitarian waiver DE sponsors. */
const waiver = async (): Promise<string> => (await ok(FILE_HUMANITARIAN_WAIVER, { i: waiverInput() }, 'de-regulator')).fileHumanitarianWaiver.id;
const waiverInput = () => ({
  consortiumId,
  programme: `Matrix programme ${uniq()}`,
  beneficiaries: [{ name: 'Matrix Field Lab', country: 'KE' }],
  taxonomyCodes: ['AZM'],
  destinations: ['KE'],
  validFrom: '2026-03-01',
  validTo: '2026-12-31',
});

const TABLE: Record<string, Rule> = {
  // Humanitarian waivers: public records; any member's regulator sponsors; DE sponsors, FR (another member) recognizes, DE may not.
  'Query.humanitarianWaivers': { doc: `{ humanitarianWaivers(first: 5) { totalCount } }` },
  'Mutation.fileHumanitarianWaiver': {
    doc: FILE_HUMANITARIAN_WAIVER,
    vars: async () => ({ i: waiverInput() }),
  },
  'Mutation.recognizeHumanitarianWaiver': {
    doc: `mutation($id: ID!) { recognizeHumanitarianWaiver(id: $id, conditions: ["matrix condition"]) { id } }`,
    vars: id(() => waiver()),
  },
  // Data governance: the subject's member attaches; everyone may ask, members see the details.
  'Mutation.attachDataGovernance': {
    doc: ATTACH_DATA_GOVERNANCE,
    vars: async () => ({
      i: {
        subjectKind: 'LICENCE_DECISION',
        subjectId: await grant(),
        materials: ['PATHOGEN_ISOLATE'],
        transferMechanism: 'NOT_PERSONAL_DATA',
        pseudonymised: false,
        storageCountry: 'DE',
        benefitSharing: 'NAGOYA_PIC_MAT',
      },
    }),
  },
  'Query.dataGovernanceAttestations': {
    doc: `query($id: ID!) { dataGovernanceAttestations(subjectKind: LICENCE_DECISION, subjectId: $id) { id redacted } }`,
    vars: async () => ({ id: shared.decision }),
  },
  // Consistency and equity reports: members' regulators, the secretariat and analysts; not panelists.
  'Query.consistencyReport': { doc: `query($c: ID!) { consistencyReport(consortiumId: $c) { kind } }`, vars: async () => ({ c: consortiumId }) },
  'Query.destinationStats': {
    doc: `query($c: ID!) { destinationStats(consortiumId: $c, groupBy: REGION) { group } }`,
    vars: async () => ({ c: consortiumId }),
  },
  'Query.endUserMatches': { doc: `{ endUserMatches(name: "University Lab", country: "SG") { score } }` },
  'Mutation.revokeHumanitarianWaiver': {
    doc: `mutation($id: ID!) { revokeHumanitarianWaiver(id: $id, reason: "programme closed") { id } }`,
    vars: id(() => waiver()),
  },
  // Queries: public reads
  'Query.me': { doc: ME },
  'Query.jurisdictions': { doc: JURISDICTIONS },
  'Query.consortia': { doc: CONSORTIUM_IDS },
  'Query.consortium': { doc: `query($id: ID!) { consortium(id: $id) { id } }`, vars: async () => ({ id: consortiumId }) },
  'Query.controlLists': { doc: `{ controlLists { id } }` },
  'Query.controlListVersion': {
    doc: `query($id: ID!) { controlListVersion(id: $id) { id } }`,
    vars: async () => ({ id: shared.draft }),
    reveals: { what: 'a DRAFT version', roles: DRAFT_READERS, check: (d) => d.controlListVersion !== null },
  },
  'Query.controlEntries': { doc: `{ controlEntries(first: 5) { totalCount } }` },
  'Query.listDiff': { doc: LIST_DIFF, vars: async () => ({ a: shared.agFrom, b: shared.agTo }) },
  'Query.taxonomy': { doc: `{ taxonomy { code } }` },
  'Query.taxonomyNode': {
    doc: `{ taxonomyNode(code: "AZM.FERM") { code mappings { entry { id } } } }`,
    reveals: { what: 'a DRAFT entry through its mapping', roles: DRAFT_READERS, check: (d) => draftMapped(d.taxonomyNode) },
  },
  'Query.harmonizedItem': {
    doc: `query($c: ID) { harmonizedItem(code: "AZM.FERM", consortiumId: $c) { unilateral node { mappings { entry { id version { entries(first: 5) { totalCount } } } } } } }`,
    vars: async () => ({ c: consortiumId }),
    reveals: { what: 'a DRAFT entry through node.mappings', roles: DRAFT_READERS, check: (d) => draftMapped(d.harmonizedItem.node) },
  },
  'Query.concordance': { doc: `query($c: ID!) { concordance(consortiumId: $c, first: 5) { totalCount } }`, vars: async () => ({ c: consortiumId }) },
  'Query.gapAnalysis': { doc: `{ gapAnalysis(from: "DE", to: "US") { controlledOnlyInFrom { code } } }` },
  'Query.emergencyDeclarations': { doc: `{ emergencyDeclarations { id } }` },
  'Query.publicRegister': {
    doc: `{ publicRegister(first: 100) { totalCount edges { node { title summary rationale details } } } }`,
    reveals: { what: 'the end user or applicant of a licence', roles: [], check: (d) => /Lab \d+|Exporter \d+|"destination"/.test(JSON.stringify(d)) },
  },
  'Query.countryGroups': { doc: `{ countryGroups(jurisdiction: "EU") { code } }` },
  'Query.licensingRules': { doc: `{ licensingRules(jurisdiction: "DE", controlNumber: "2B352.b") { ruleKey } }` },
  'Query.assessTransaction': {
    doc: `{ assessTransaction(input: { exportingJurisdiction: "DE", destination: "KE", endUse: RESEARCH, items: [{ taxonomyCode: "AZM.FERM" }] }) { proposedTier } }`,
  },
  'Query.transparencyStats': { doc: `query($c: ID!) { transparencyStats(consortiumId: $c) { members { answers } } }`, vars: async () => ({ c: consortiumId }) },
  // Queries: signed-in reads
  'Query.auditChainStatus': { doc: AUDIT_CHAIN_STATUS },
  'Query.auditTrail': { doc: `{ auditTrail(first: 5) { totalCount } }` },
  'Query.auditCheckpoints': { doc: `{ auditCheckpoints(first: 5) { totalCount } }` },
  'Query.auditCheckpointKey': { doc: `{ auditCheckpointKey { keyId } }` },
  // The panelist sits on shared.dispute only: a decision, request, application or authorization outside its cases is not its to read.
  'Query.licenceDecisions': {
    doc: `{ licenceDecisions(first: 100) { totalCount edges { node { id } } } }`,
    reveals: { what: 'a decision outside its cases', roles: NOT_PANELIST, check: (d) => includes(d.licenceDecisions, shared.decision) },
  },
  'Query.licenceDecision': {
    doc: `query($id: ID!) { licenceDecision(id: $id) { id } }`,
    vars: async () => ({ id: shared.decision }),
    reveals: { what: 'a decision outside its cases', roles: NOT_PANELIST, check: (d) => d.licenceDecision !== null },
  },
  'Query.mutualRecognitionRequests': {
    doc: `{ mutualRecognitionRequests(first: 100) { totalCount edges { node { id } } } }`,
    reveals: { what: 'a request outside its cases', roles: NOT_PANELIST, check: (d) => includes(d.mutualRecognitionRequests, shared.request) },
  },
  'Query.mutualRecognitionRequest': {
    doc: `query($id: ID!) { mutualRecognitionRequest(id: $id) { id } }`,
    vars: async () => ({ id: shared.request }),
    reveals: { what: 'a request outside its cases', roles: NOT_PANELIST, check: (d) => d.mutualRecognitionRequest !== null },
  },
  'Query.recognitionsApplicable': { doc: `{ recognitionsApplicable(exportingJurisdiction: "DE", taxonomyCode: "AZM.FERM") { id } }` },
  'Query.disputeCases': { doc: `{ disputeCases(first: 5) { totalCount } }` },
  'Query.disputeCase': { doc: `query($id: ID!) { disputeCase(id: $id) { id } }`, vars: async () => ({ id: shared.dispute }) },
  'Query.fastTrackApplications': {
    doc: `{ fastTrackApplications(first: 100) { totalCount edges { node { authorization { id } } } } }`,
    reveals: {
      what: 'an application outside its cases',
      roles: NOT_PANELIST,
      check: (d) => d.fastTrackApplications.edges.some((e: any) => e.node.authorization?.id === shared.authorization),
    },
  },
  'Query.provisionalAuthorizations': {
    doc: `{ provisionalAuthorizations(first: 100) { totalCount edges { node { id } } } }`,
    reveals: { what: 'an authorization outside its cases', roles: NOT_PANELIST, check: (d) => includes(d.provisionalAuthorizations, shared.authorization) },
  },
  // Queries: regulators and the secretariat
  'Query.webhooks': { doc: `{ webhooks { id } }` },
  'Query.webhookDeliveries': {
    doc: WEBHOOK_DELIVERIES,
    vars: async () => ({ w: shared.webhook }),
  },
  'Query.principals': { doc: PRINCIPALS },

  // Mutations: the secretariat
  'Mutation.createTaxonomyNode': {
    doc: CREATE_TAXONOMY_NODE,
    vars: async () => ({ i: { code: `AZM.X${uniq()}`, label: 'x', kind: 'EQUIPMENT', parentCode: 'AZM' } }),
  },
  'Mutation.reviewMapping': { doc: REVIEW_MAPPING, vars: id(proposed) },
  'Mutation.updateConsortiumPolicy': {
    doc: `mutation($c: ID!) { updateConsortiumPolicy(consortiumId: $c, input: { deadlineWarningDays: 7 }, rationale: "unchanged: matrix check") { id } }`,
    vars: async () => ({ c: consortiumId }),
  },
  'Mutation.updateRiskPolicy': {
    doc: `mutation($c: ID!) { updateRiskPolicy(consortiumId: $c, input: { enhancedFromScore: 65 }, rationale: "unchanged: matrix check") { enhancedFromScore } }`,
    vars: async () => ({ c: consortiumId }),
  },
  'Mutation.declareEmergency': {
    doc: DECLARE_EMERGENCY,
    vars: async () => ({ i: { consortiumId, title: `Matrix ${uniq()}`, taxonomyCodes: ['AZM'], endsAt: '2026-12-31T00:00:00Z' } }),
  },
  'Mutation.endEmergency': { doc: END_EMERGENCY, vars: id(() => declaration()) },
  'Mutation.constitutePanel': {
    doc: CONSTITUTE_PANEL,
    vars: async () => ({ id: await panelRequested(), p: PANEL.map(pid) }),
  },

  // Mutations: control lists (a regulator of the list's member: CH)
  'Mutation.createControlListVersion': {
    doc: CREATE_CONTROL_LIST_VERSION,
    vars: async () => ({ i: { listId: ch.mainListId, label: `v${uniq()}` } }),
  },
  'Mutation.upsertControlEntries': {
    doc: UPSERT_CONTROL_ENTRIES,
    vars: async () => ({ v: await draft(ch.pubListId, false), e: [entry('AZ-9')] }),
  },
  'Mutation.removeControlEntries': {
    doc: `mutation($v: ID!) { removeControlEntries(versionId: $v, controlNumbers: ["AZ-2"]) }`,
    vars: async () => ({ v: await draft() }),
  },
  'Mutation.publishControlListVersion': { doc: PUBLISH_CONTROL_LIST_VERSION, vars: id(() => draft()) },
  'Mutation.importControlList': {
    doc: `mutation($i: ImportControlListInput!) { importControlList(input: $i) { ok errors { message } } }`,
    vars: async () => ({ i: { listId: ch.pubListId, label: `import ${uniq()}`, format: 'JSON', content: JSON.stringify([entry('AZ-5')]) } }),
  },
  'Mutation.importLicensingRules': {
    doc: `mutation($i: ImportLicensingRulesInput!) { importLicensingRules(input: $i) { ok errors { message } } }`,
    vars: async () => ({
      i: {
        jurisdiction: 'CH',
        format: 'JSON',
        content: JSON.stringify([
          {
            key: `CH-M-${uniq()}`,
            controlNumbers: ['2B352'],
            requirement: 'INDIVIDUAL_LICENCE',
            priority: 20,
            reference: 'matrix',
            confidence: 'confirmed',
            source: 'matrix <https://example.org>',
          },
        ]),
      },
    }),
  },
  'Mutation.proposeMapping': {
    doc: PROPOSE_MAPPING,
    vars: async () => ({ i: { entryId: ch.entryId, taxonomyCode: await node(), relation: 'EXACT' } }),
  },

  // Mutations: licence decisions and end users (any regulator, for its own member)
  'Mutation.recordLicenceDecision': {
    doc: RECORD_LICENCE_DECISION,
    vars: async () => ({
      i: {
        applicant: `A ${uniq()}`,
        endUser: { name: 'Matrix Uni', country: 'SG' },
        destination: 'SG',
        taxonomyCodes: ['AZM.FERM'],
        outcome: 'GRANTED',
        rationale: 'ok',
      },
    }),
  },
  'Mutation.verifyEndUser': { doc: `mutation { verifyEndUser(input: { endUser: { name: "Matrix Uni", country: "SG" }, note: "site visit" }) { id } }` },
  // other = FR, the member that denied: it does not consult itself.
  'Mutation.recordDenialConsultation': {
    doc: RECORD_DENIAL_CONSULTATION,
    vars: async () => ({
      i: { denialId: await grant('fr-regulator', { outcome: 'DENIED', rationale: 'diversion risk' }), summary: 'consulted', outcome: 'PROCEED' },
    }),
  },

  // Mutations: mutual recognition (DE requests; FR is the concerned member)
  'Mutation.fileMutualRecognitionRequest': {
    doc: FILE_MUTUAL_RECOGNITION_REQUEST,
    vars: async () => ({ i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: await grant(), concernedJurisdictions: ['FR'], justification: 'j' } }),
  },
  'Mutation.submitMutualRecognitionRequest': { doc: SUBMIT_MUTUAL_RECOGNITION_REQUEST, vars: id(() => fileRequest('de', ['FR'], true)) },
  'Mutation.withdrawMutualRecognitionRequest': {
    doc: `mutation($id: ID!) { withdrawMutualRecognitionRequest(id: $id, reason: "no longer needed") { id } }`,
    vars: id(() => fileRequest()),
  },
  'Mutation.respondToRecognitionRequest': {
    doc: RESPOND_TO_RECOGNITION_REQUEST,
    vars: async () => ({ i: { requestId: await fileRequest('de', ['FR', 'NL']), decision: 'RECOGNIZE' } }),
  },
  'Mutation.requestRecognitionInformation': { doc: REQUEST_RECOGNITION_INFORMATION, vars: id(() => fileRequest()) },
  'Mutation.provideRecognitionInformation': {
    doc: `mutation($id: ID!) { provideRecognitionInformation(requestId: $id, answer: "Site visits") { id } }`,
    vars: id(clockStopped),
  },

  // Mutations: emergencies (the declaration covers DE and FR; DE files)
  'Mutation.fileFastTrackApplication': {
    doc: FILE_FAST_TRACK_APPLICATION,
    vars: async () => ({ i: fastTrackInput(await declaration()) }),
  },
  // other = FR: covered by the declaration, but not the filing member.
  'Mutation.decideFastTrackApplication': {
    doc: DECIDE_FAST_TRACK_APPLICATION,
    vars: async () => ({ i: { applicationId: await application(), approve: true, rationale: 'urgent' } }),
  },
  'Mutation.recordRecognitionImplementation': {
    doc: `mutation($id: ID!) { recordRecognitionImplementation(requestId: $id, actReference: "Décret 2026-7", effectiveFrom: "2026-04-01") { id } }`,
    vars: id(recognized),
  },
  'Mutation.extendProvisionalAuthorization': {
    doc: `mutation($id: ID!) { extendProvisionalAuthorization(id: $id, until: "2026-06-01T00:00:00Z", rationale: "outbreak continues") { id } }`,
    vars: id(() => authorization('2026-05-01T00:00:00Z')),
  },
  'Mutation.amendProvisionalAuthorizationConditions': {
    doc: `mutation($id: ID!) { amendProvisionalAuthorizationConditions(id: $id, conditions: ["no re-export"], rationale: "incident") { id } }`,
    vars: id(() => authorization()),
  },
  'Mutation.submitMonitoringReport': {
    doc: `mutation($id: ID!) { submitMonitoringReport(input: { authorizationId: $id, endUseVerified: true }) { id } }`,
    vars: id(authorization),
  },
  'Mutation.completePostApprovalReview': {
    doc: `mutation($id: ID!) { completePostApprovalReview(input: { authorizationId: $id, outcome: CONFIRM, rationale: "clean" }) { id } }`,
    vars: id(authorization),
  },

  // Mutations: disputes (DE v NL; the panel is panelist-nz, -sg, -no)
  'Mutation.fileDispute': {
    doc: FILE_DISPUTE,
    vars: async () => ({ i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: await declinedResponse(), grounds: 'g' } }),
  },
  'Mutation.settleDispute': { doc: `mutation($id: ID!) { settleDispute(id: $id, terms: "agreed") { id } }`, vars: id(dispute) },
  'Mutation.requestPanel': { doc: REQUEST_PANEL, vars: id(dispute) },
  'Mutation.withdrawDispute': { doc: WITHDRAW_DISPUTE, vars: id(dispute) },
  'Mutation.declarePanelConflict': {
    doc: `mutation($id: ID!) { declarePanelConflict(disputeId: $id, note: "advised a party") { id grounds timeline { action } } }`,
    vars: id(dispute),
    reveals: {
      what: 'the grounds and timeline of a case it does not sit on',
      roles: [],
      check: (d) => d.declarePanelConflict.grounds !== '' || d.declarePanelConflict.timeline.length > 0,
    },
  },
  'Mutation.addDisputeSubmission': {
    doc: `mutation($id: ID!) { addDisputeSubmission(input: { disputeId: $id, title: "Brief", body: "Our case", confidentiality: PUBLIC }) { id } }`,
    vars: id(constituted),
  },
  'Mutation.castPanelVote': {
    doc: `mutation($id: ID!) { castPanelVote(input: { disputeId: $id, vote: UPHOLD, reasoning: "stands" }) { id } }`,
    vars: id(heard),
  },
  // A regulator of another member (US) joins DE v NL; the parties, the panel and the secretariat do not.
  'Mutation.joinDisputeAsThirdParty': { doc: JOIN_DISPUTE_AS_THIRD_PARTY, vars: id(panelRequested) },
  // The respondent (NL) alone invokes the security exception.
  'Mutation.invokeSecurityException': {
    doc: `mutation($id: ID!) { invokeSecurityException(id: $id, statement: "essential security interests") { id } }`,
    vars: id(constituted),
  },
  'Mutation.appealRuling': { doc: APPEAL_RULING, vars: id(ruled) },

  // Mutations: audit checkpoints
  'Mutation.createAuditCheckpoint': { doc: CREATE_AUDIT_CHECKPOINT },
  // Mutations: webhooks (GB's)
  'Mutation.registerWebhook': { doc: REGISTER_LOCAL_WEBHOOK },
  'Mutation.setWebhookActive': { doc: `mutation($id: ID!) { setWebhookActive(id: $id, active: false) { id } }`, vars: id(() => webhook()) },

  // Subscriptions: who hears the triggered event
  'Subscription.registerEntryPublished': {
    doc: `subscription { registerEntryPublished { id kind } }`,
    trigger: async () => void (await declaration()),
  },
  'Subscription.recognitionRequestUpdated': {
    doc: RECOGNITION_REQUEST_UPDATED,
    trigger: async () => void (await fileRequest('de', ['FR'])),
  },
  'Subscription.disputeUpdated': {
    doc: `subscription($id: ID) { disputeUpdated(disputeId: $id) { id status } }`,
    vars: async () => ({ id: shared.dispute }),
    trigger: async () =>
      void (await ok(
        `mutation($id: ID!) { addDisputeSubmission(input: { disputeId: $id, title: "Brief", body: "b", confidentiality: PUBLIC }) { id } }`,
        { id: shared.dispute },
        'de-regulator',
      )),
  },
  // The declaration covers DE and FR: US does not hear.
  'Subscription.provisionalAuthorizationUpdated': {
    doc: `subscription { provisionalAuthorizationUpdated { id status } }`,
    trigger: async () => void (await authorization()),
  },
  // The scheduler's escalation is a NOTIFY on the events channel (as emitEvent sends it) to the filing member.
  'Subscription.fastTrackEscalated': {
    doc: `subscription { fastTrackEscalated { id status } }`,
    trigger: async () => {
      const applicationId = await application();
      await t.ds.query('SELECT pg_notify($1, $2)', [
        'accord_events',
        JSON.stringify({ type: 'FAST_TRACK_ESCALATED', id: applicationId, status: 'SUBMITTED', audience: ['DE'], at: T0 }),
      ]);
    },
  },
  // The scheduler's warning is a NOTIFY on the events channel (as emitEvent sends it); DE asked FR, FR has not answered.
  'Subscription.deadlineApproaching': {
    doc: `subscription { deadlineApproaching { daysLeft request { id } } }`,
    trigger: async () => {
      const requestId = await fileRequest('de', ['FR']);
      const deadline = new Date(Date.parse(T0) + 90 * 86_400_000).toISOString();
      await t.ds.query('SELECT pg_notify($1, $2)', [
        'accord_events',
        JSON.stringify({ type: 'DEADLINE_APPROACHING', id: requestId, status: 'SUBMITTED', deadline, audience: ['DE', 'FR'], at: T0 }),
      ]);
    },
  },
};

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
