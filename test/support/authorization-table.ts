/**
 * The authorization matrix's declared table: for each operation, its document, the
 * variables it is called with on a fresh fixture, the event a subscription hears, and what
 * an allowed call may reveal and to whom.
 */
import { NOT_PANELIST, type RoleKey } from './operation-catalogue';
import {
  ATTACH_DATA_GOVERNANCE,
  AUDIT_CHAIN_STATUS,
  CONSORTIUM_IDS,
  CONSTITUTE_PANEL,
  CREATE_CONTROL_LIST_VERSION,
  CREATE_TAXONOMY_NODE,
  DECLARE_EMERGENCY,
  END_EMERGENCY,
  FILE_HUMANITARIAN_WAIVER,
  JURISDICTIONS,
  LIST_DIFF,
  ME,
  PRINCIPALS,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION,
  REVIEW_MAPPING,
  UPSERT_CONTROL_ENTRIES,
  WEBHOOK_DELIVERIES,
} from './operations';
import { PANEL, pid, type workflowFixtures } from './workflow-fixtures';
import type { TestApp } from './test-app';
import { workflowTable } from './authorization-table.workflows';

export const T0 = '2026-03-02T09:00:00.000Z';

export type Vars = Record<string, unknown>;

export interface Rule {
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

export interface TableEnv {
  t: () => TestApp;
  consortiumId: () => string;
  /** Shared, read-only fixtures for the queries (filled in beforeAll). */
  shared: Record<string, string>;
  fx: ReturnType<typeof workflowFixtures>;
}

export function authorizationTable(env: TableEnv): Record<string, Rule> {
  const { uniq, ok, ch, entry, grant, panelRequested, declaration, draft, node, proposed } = env.fx;
  const { shared } = env;
  /** Reveal checks: who sees a DRAFT; who reaches a record outside the panelist's cases; what names a licence's parties. */
  const includes = (conn: any, id: string) => conn.edges.some((e: any) => e.node.id === id);
  const draftMapped = (node: any) => node.mappings.some((m: any) => m.entry.id === shared.draftEntry);
  const DRAFT_READERS: RoleKey[] = ['right', 'secretariat'];

  const id = (make: () => Promise<string>) => async () => ({ id: await make() });

  /** A humanitarian waiver DE sponsors. */
  const waiver = async (): Promise<string> => (await ok(FILE_HUMANITARIAN_WAIVER, { i: waiverInput() }, 'de-regulator')).fileHumanitarianWaiver.id;
  const waiverInput = () => ({
    consortiumId: env.consortiumId(),
    programme: `Matrix programme ${uniq()}`,
    beneficiaries: [{ name: 'Matrix Field Lab', country: 'KE' }],
    taxonomyCodes: ['AZM'],
    destinations: ['KE'],
    validFrom: '2026-03-01',
    validTo: '2026-12-31',
  });

  return {
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
    'Query.consistencyReport': { doc: `query($c: ID!) { consistencyReport(consortiumId: $c) { kind } }`, vars: async () => ({ c: env.consortiumId() }) },
    'Query.destinationStats': {
      doc: `query($c: ID!) { destinationStats(consortiumId: $c, groupBy: REGION) { group } }`,
      vars: async () => ({ c: env.consortiumId() }),
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
    'Query.consortium': { doc: `query($id: ID!) { consortium(id: $id) { id } }`, vars: async () => ({ id: env.consortiumId() }) },
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
      vars: async () => ({ c: env.consortiumId() }),
      reveals: { what: 'a DRAFT entry through node.mappings', roles: DRAFT_READERS, check: (d) => draftMapped(d.harmonizedItem.node) },
    },
    'Query.concordance': { doc: `query($c: ID!) { concordance(consortiumId: $c, first: 5) { totalCount } }`, vars: async () => ({ c: env.consortiumId() }) },
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
    'Query.transparencyStats': {
      doc: `query($c: ID!) { transparencyStats(consortiumId: $c) { members { answers } } }`,
      vars: async () => ({ c: env.consortiumId() }),
    },
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
      vars: async () => ({ c: env.consortiumId() }),
    },
    'Mutation.updateRiskPolicy': {
      doc: `mutation($c: ID!) { updateRiskPolicy(consortiumId: $c, input: { enhancedFromScore: 65 }, rationale: "unchanged: matrix check") { enhancedFromScore } }`,
      vars: async () => ({ c: env.consortiumId() }),
    },
    'Mutation.declareEmergency': {
      doc: DECLARE_EMERGENCY,
      vars: async () => ({ i: { consortiumId: env.consortiumId(), title: `Matrix ${uniq()}`, taxonomyCodes: ['AZM'], endsAt: '2026-12-31T00:00:00Z' } }),
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

    ...workflowTable(env),
  };
}
