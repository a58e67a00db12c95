/**
 * GraphQL documents that more than one test file sends, by name (as a client would keep them).
 * A document one file alone sends stays in that file. Names follow the root field; a suffix
 * names a different selection or fixed arguments.
 */

export const TYPENAME = '{ __typename }';
export const ADD_DISPUTE_SUBMISSION = 'mutation($i: DisputeSubmissionInput!) { addDisputeSubmission(input: $i) { id } }';
export const ADD_DISPUTE_SUBMISSION_STATUS = 'mutation($i: DisputeSubmissionInput!) { addDisputeSubmission(input: $i) { status } }';
export const APPEAL_RULING = 'mutation($id: ID!) { appealRuling(id: $id, grounds: "misread criterion 2") { id } }';
export const ATTACH_DATA_GOVERNANCE = 'mutation($i: DataGovernanceInput!) { attachDataGovernance(input: $i) { id } }';
export const AUDIT_CHAIN_STATUS = '{ auditChainStatus { valid } }';
export const AUDIT_CHAIN_STATUS_DETAIL = '{ auditChainStatus { valid checkedEvents firstBrokenEventId reason } }';
export const CAST_PANEL_VOTE = 'mutation($i: PanelVoteInput!) { castPanelVote(input: $i) { id } }';
export const CAST_PANEL_VOTE_STATUS = 'mutation($i: PanelVoteInput!) { castPanelVote(input: $i) { status } }';
export const CONSORTIUM_IDS = '{ consortia { id } }';
export const CONSTITUTE_PANEL = 'mutation($id: ID!, $p: [ID!]!) { constitutePanel(id: $id, panelistIds: $p) { id } }';
export const CREATE_AUDIT_CHECKPOINT = 'mutation { createAuditCheckpoint { id } }';
export const CREATE_CONTROL_LIST = 'mutation($i: CreateControlListVersionInput!) { createControlListVersion(input: $i) { list { id } } }';
export const CREATE_CONTROL_LIST_VERSION = 'mutation($i: CreateControlListVersionInput!) { createControlListVersion(input: $i) { id } }';
export const CREATE_CONTROL_LIST_VERSION_AND_LIST = 'mutation($i: CreateControlListVersionInput!) { createControlListVersion(input: $i) { id list { id } } }';
export const CREATE_TAXONOMY_NODE = 'mutation($i: TaxonomyNodeInput!) { createTaxonomyNode(input: $i) { code } }';
export const DECIDE_FAST_TRACK_APPLICATION = 'mutation($i: FastTrackDecisionInput!) { decideFastTrackApplication(input: $i) { id } }';
export const DECIDE_FAST_TRACK_APPLICATION_AUTHORIZATION =
  'mutation($i: FastTrackDecisionInput!) { decideFastTrackApplication(input: $i) { authorization { id } } }';
export const DECLARE_EMERGENCY = 'mutation($i: DeclareEmergencyInput!) { declareEmergency(input: $i) { id } }';
export const END_EMERGENCY = 'mutation($id: ID!) { endEmergency(id: $id) { id } }';
export const FILE_DISPUTE = 'mutation($i: FileDisputeInput!) { fileDispute(input: $i) { id } }';
export const FILE_FAST_TRACK_APPLICATION = 'mutation($i: FastTrackApplicationInput!) { fileFastTrackApplication(input: $i) { id } }';
export const FILE_HUMANITARIAN_WAIVER = 'mutation($i: HumanitarianWaiverInput!) { fileHumanitarianWaiver(input: $i) { id } }';
export const FILE_MUTUAL_RECOGNITION_REQUEST = 'mutation($i: FileRecognitionRequestInput!) { fileMutualRecognitionRequest(input: $i) { id } }';
export const JOIN_DISPUTE_AS_THIRD_PARTY = 'mutation($id: ID!) { joinDisputeAsThirdParty(id: $id) { id } }';
export const JURISDICTIONS = '{ jurisdictions { code } }';
export const LIST_DIFF = 'query($a: ID!, $b: ID!) { listDiff(fromVersionId: $a, toVersionId: $b) { added { id } } }';
export const LIST_DIFF_CONTROL_NUMBERS =
  'query($a: ID!, $b: ID!) { listDiff(fromVersionId: $a, toVersionId: $b) { added { controlNumber } removed { controlNumber } modified { controlNumber changes { field from to } } } }';
export const ME = '{ me { id } }';
export const ME_HANDLE = '{ me { handle } }';
export const ME_HANDLE_ROLE = '{ me { handle role } }';
export const PRINCIPALS = '{ principals { id } }';
export const PROPOSE_MAPPING = 'mutation($i: ProposeMappingInput!) { proposeMapping(input: $i) { id } }';
export const PUBLISH_CONTROL_LIST_VERSION = 'mutation($id: ID!) { publishControlListVersion(id: $id) { id } }';
export const PUBLISH_CONTROL_LIST_VERSION_STATUS = 'mutation($id: ID!) { publishControlListVersion(id: $id) { status } }';
export const RECOGNITION_REQUEST_UPDATED = 'subscription { recognitionRequestUpdated { id status } }';
export const RECORD_DENIAL_CONSULTATION = 'mutation($i: DenialConsultationInput!) { recordDenialConsultation(input: $i) { id } }';
export const RECORD_LICENCE_DECISION = 'mutation($i: LicenceDecisionInput!) { recordLicenceDecision(input: $i) { id } }';
export const REGISTER_LOCAL_WEBHOOK = 'mutation { registerWebhook(input: { url: "http://127.0.0.1:9/hook" }) { webhook { id } } }';
export const REGISTER_WEBHOOK = 'mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { webhook { id } } }';
export const REQUEST_PANEL = 'mutation($id: ID!) { requestPanel(id: $id) { id } }';
export const REQUEST_PANEL_STATUS = 'mutation($id: ID!) { requestPanel(id: $id) { status } }';
export const REQUEST_RECOGNITION_INFORMATION = 'mutation($id: ID!) { requestRecognitionInformation(requestId: $id, question: "Which checks?") { id } }';
export const RESPOND_TO_RECOGNITION_REQUEST = 'mutation($i: RecognitionResponseInput!) { respondToRecognitionRequest(input: $i) { id } }';
export const RESPOND_TO_RECOGNITION_REQUEST_STATUS = 'mutation($i: RecognitionResponseInput!) { respondToRecognitionRequest(input: $i) { status } }';
export const REVIEW_MAPPING = 'mutation($id: ID!) { reviewMapping(id: $id, decision: ACCEPT) { id } }';
export const SUBMIT_MUTUAL_RECOGNITION_REQUEST = 'mutation($id: ID!) { submitMutualRecognitionRequest(id: $id) { id } }';
export const UPSERT_CONTROL_ENTRIES = 'mutation($v: ID!, $e: [ControlEntryInput!]!) { upsertControlEntries(versionId: $v, entries: $e) { id } }';
export const VERIFY_END_USER = 'mutation($i: EndUserVerificationInput!) { verifyEndUser(input: $i) { id } }';
export const WEBHOOK_DELIVERIES = 'query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount } }';
export const WITHDRAW_DISPUTE = 'mutation($id: ID!) { withdrawDispute(id: $id, reason: "resolved") { id } }';
