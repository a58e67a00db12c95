/**
 * The authorization matrix's declared table, continued: the workflow mutations (licence
 * decisions, recognition, emergencies, disputes, audit checkpoints, webhooks) and the
 * subscriptions.
 */
import {
  APPEAL_RULING,
  CREATE_AUDIT_CHECKPOINT,
  DECIDE_FAST_TRACK_APPLICATION,
  FILE_DISPUTE,
  FILE_FAST_TRACK_APPLICATION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  JOIN_DISPUTE_AS_THIRD_PARTY,
  RECOGNITION_REQUEST_UPDATED,
  RECORD_DENIAL_CONSULTATION,
  RECORD_LICENCE_DECISION,
  REGISTER_LOCAL_WEBHOOK,
  REQUEST_PANEL,
  REQUEST_RECOGNITION_INFORMATION,
  RESPOND_TO_RECOGNITION_REQUEST,
  SUBMIT_MUTUAL_RECOGNITION_REQUEST,
  WITHDRAW_DISPUTE,
} from './operations';
import { T0, type Rule, type TableEnv } from './authorization-table';

export function workflowTable(env: TableEnv): Record<string, Rule> {
  const {
    uniq,
    ok,
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
    webhook,
  } = env.fx;
  const { shared } = env;
  const id = (make: () => Promise<string>) => async () => ({ id: await make() });

  return {
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
      vars: async () => ({
        i: { consortiumId: env.consortiumId(), subjectKind: 'LICENCE_DECISION', subjectId: await grant(), concernedJurisdictions: ['FR'], justification: 'j' },
      }),
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
        await env
          .t()
          .ds.query('SELECT pg_notify($1, $2)', [
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
        await env
          .t()
          .ds.query('SELECT pg_notify($1, $2)', [
            'accord_events',
            JSON.stringify({ type: 'DEADLINE_APPROACHING', id: requestId, status: 'SUBMITTED', deadline, audience: ['DE', 'FR'], at: T0 }),
          ]);
      },
    },
  };
}
