/**
 * The catalogue of every operation of the schema (each Query, Mutation and Subscription
 * field): who may call it, and which principals stand for the roles that depend on the
 * record. test/e2e/authorization-matrix.test.ts runs each operation as every role against
 * it; test/e2e/bad-input.property.test.ts calls each as the first role allowed (unless it
 * names another caller on purpose), and treats a Query that `writes` like a mutation. Both
 * check that it lists exactly the schema's root fields.
 *
 * Roles: anonymous; the analyst; a regulator of the member the record belongs to ("right",
 * or of any member where the operation is about the caller's own member); a regulator of
 * another member ("other"); a panelist (panelist-nz, who sits on the cases the tests make);
 * the secretariat.
 */
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

export type RoleKey = 'anonymous' | 'analyst' | 'right' | 'other' | 'panelist' | 'secretariat';
export const ROLES: RoleKey[] = ['anonymous', 'analyst', 'right', 'other', 'panelist', 'secretariat'];
export const EVERYONE: RoleKey[] = [...ROLES];
export const SIGNED_IN: RoleKey[] = ['analyst', 'right', 'other', 'panelist', 'secretariat'];
export const NOT_PANELIST: RoleKey[] = ['analyst', 'right', 'other', 'secretariat'];

export interface Access {
  /** Roles that may run it. */
  allowed: RoleKey[];
  /** The regulator of the right member (default de-regulator) and of another member (default us-regulator). */
  right?: string;
  other?: string;
  /** Denied by concealment rather than FORBIDDEN (the record's existence is not revealed). */
  concealedAs?: Partial<Record<RoleKey, 'NOT_FOUND'>>;
  /** A Query that stores what it computed (checked like a mutation). */
  writes?: true;
}

export const OPERATIONS: Record<string, Access> = {
  // Humanitarian waivers: public records; any member's regulator sponsors; DE sponsors, FR (another member) recognizes, DE may not.
  'Query.humanitarianWaivers': { allowed: EVERYONE },
  'Mutation.fileHumanitarianWaiver': { allowed: ['right', 'other'] },
  'Mutation.recognizeHumanitarianWaiver': { allowed: ['right'], right: 'fr-regulator', other: 'de-regulator' },
  // Data governance: the subject's member attaches; everyone may ask, members see the details.
  'Mutation.attachDataGovernance': { allowed: ['right'] },
  'Query.dataGovernanceAttestations': { allowed: EVERYONE },
  // Consistency and equity reports: members' regulators, the secretariat and analysts; not panelists.
  'Query.consistencyReport': { allowed: ['analyst', 'right', 'other', 'secretariat'] },
  'Query.destinationStats': { allowed: ['analyst', 'right', 'other', 'secretariat'] },
  'Query.endUserMatches': { allowed: ['analyst', 'right', 'other', 'secretariat'] },
  'Mutation.revokeHumanitarianWaiver': { allowed: ['right'] },
  // Queries: public reads
  'Query.me': { allowed: EVERYONE },
  'Query.jurisdictions': { allowed: EVERYONE },
  'Query.consortia': { allowed: EVERYONE },
  'Query.consortium': { allowed: EVERYONE },
  'Query.controlLists': { allowed: EVERYONE },
  'Query.controlListVersion': { allowed: EVERYONE, right: 'ch-regulator', other: 'de-regulator' },
  'Query.controlEntries': { allowed: EVERYONE },
  'Query.listDiff': { allowed: EVERYONE },
  'Query.taxonomy': { allowed: EVERYONE },
  'Query.taxonomyNode': { allowed: EVERYONE, right: 'ch-regulator', other: 'de-regulator' },
  'Query.harmonizedItem': { allowed: EVERYONE, right: 'ch-regulator', other: 'de-regulator' },
  'Query.concordance': { allowed: EVERYONE },
  'Query.gapAnalysis': { allowed: EVERYONE },
  'Query.emergencyDeclarations': { allowed: EVERYONE },
  'Query.publicRegister': { allowed: EVERYONE },
  'Query.countryGroups': { allowed: EVERYONE },
  'Query.licensingRules': { allowed: EVERYONE },
  'Query.assessTransaction': { allowed: EVERYONE, writes: true },
  'Query.transparencyStats': { allowed: EVERYONE },
  // Queries: signed-in reads
  'Query.auditChainStatus': { allowed: SIGNED_IN },
  'Query.auditTrail': { allowed: SIGNED_IN },
  'Query.auditCheckpoints': { allowed: EVERYONE },
  'Query.auditCheckpointKey': { allowed: EVERYONE },
  // A panelist reads the cases it sits on (what lies outside them is hidden from its answers).
  'Query.licenceDecisions': { allowed: SIGNED_IN },
  'Query.licenceDecision': { allowed: SIGNED_IN },
  'Query.mutualRecognitionRequests': { allowed: SIGNED_IN },
  'Query.mutualRecognitionRequest': { allowed: SIGNED_IN },
  'Query.recognitionsApplicable': { allowed: NOT_PANELIST },
  'Query.disputeCases': { allowed: SIGNED_IN },
  'Query.disputeCase': { allowed: SIGNED_IN },
  'Query.fastTrackApplications': { allowed: SIGNED_IN },
  'Query.provisionalAuthorizations': { allowed: SIGNED_IN },
  // Queries: regulators and the secretariat
  'Query.webhooks': { allowed: ['right', 'other', 'secretariat'] },
  'Query.webhookDeliveries': { allowed: ['right', 'secretariat'], right: 'gb-regulator', concealedAs: { other: 'NOT_FOUND' } },
  'Query.principals': { allowed: ['secretariat'] },

  // Mutations: the secretariat
  'Mutation.createTaxonomyNode': { allowed: ['secretariat'] },
  'Mutation.reviewMapping': { allowed: ['secretariat'], right: 'ch-regulator' },
  'Mutation.updateConsortiumPolicy': { allowed: ['secretariat'] },
  'Mutation.updateRiskPolicy': { allowed: ['secretariat'] },
  'Mutation.declareEmergency': { allowed: ['secretariat'] },
  'Mutation.endEmergency': { allowed: ['secretariat'] },
  'Mutation.constitutePanel': { allowed: ['secretariat'] },

  // Mutations: control lists (a regulator of the list's member: CH)
  'Mutation.createControlListVersion': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.upsertControlEntries': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.removeControlEntries': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.publishControlListVersion': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.importControlList': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.importLicensingRules': { allowed: ['right'], right: 'ch-regulator' },
  'Mutation.proposeMapping': { allowed: ['right'], right: 'ch-regulator' },

  // Mutations: licence decisions and end users (any regulator, for its own member)
  'Mutation.recordLicenceDecision': { allowed: ['right', 'other'] },
  'Mutation.verifyEndUser': { allowed: ['right', 'other'] },
  // other = FR, the member that denied: it does not consult itself.
  'Mutation.recordDenialConsultation': { allowed: ['right'], other: 'fr-regulator' },

  // Mutations: mutual recognition (DE requests; FR is the concerned member)
  'Mutation.fileMutualRecognitionRequest': { allowed: ['right'] },
  'Mutation.submitMutualRecognitionRequest': { allowed: ['right'] },
  'Mutation.withdrawMutualRecognitionRequest': { allowed: ['right'] },
  'Mutation.respondToRecognitionRequest': { allowed: ['right'], right: 'fr-regulator' },
  'Mutation.requestRecognitionInformation': { allowed: ['right'], right: 'fr-regulator' },
  'Mutation.provideRecognitionInformation': { allowed: ['right'] },

  // Mutations: emergencies (the declaration covers DE and FR; DE files)
  'Mutation.fileFastTrackApplication': { allowed: ['right'] },
  // other = FR: covered by the declaration, but not the filing member.
  'Mutation.decideFastTrackApplication': { allowed: ['right'], other: 'fr-regulator' },
  'Mutation.recordRecognitionImplementation': { allowed: ['right'], right: 'fr-regulator' },
  'Mutation.extendProvisionalAuthorization': { allowed: ['right', 'secretariat'] },
  'Mutation.amendProvisionalAuthorizationConditions': { allowed: ['right', 'secretariat'] },
  'Mutation.submitMonitoringReport': { allowed: ['right'] },
  'Mutation.completePostApprovalReview': { allowed: ['right', 'secretariat'] },

  // Mutations: disputes (DE v NL; the panel is panelist-nz, -sg, -no)
  'Mutation.fileDispute': { allowed: ['right'] },
  'Mutation.settleDispute': { allowed: ['right'] },
  'Mutation.requestPanel': { allowed: ['right'] },
  'Mutation.withdrawDispute': { allowed: ['right'] },
  'Mutation.declarePanelConflict': { allowed: ['panelist'] },
  'Mutation.addDisputeSubmission': { allowed: ['right'] },
  'Mutation.castPanelVote': { allowed: ['panelist'] },
  // A regulator of another member (US) joins DE v NL; the parties, the panel and the secretariat do not.
  'Mutation.joinDisputeAsThirdParty': { allowed: ['other'] },
  // The respondent (NL) alone invokes the security exception.
  'Mutation.invokeSecurityException': { allowed: ['right'], right: 'nl-regulator', other: 'de-regulator' },
  'Mutation.appealRuling': { allowed: ['right'] },

  // Mutations: audit checkpoints
  'Mutation.createAuditCheckpoint': { allowed: ['secretariat'] },
  // Mutations: webhooks (GB's)
  'Mutation.registerWebhook': { allowed: ['right', 'other'] },
  'Mutation.setWebhookActive': { allowed: ['right', 'secretariat'], right: 'gb-regulator' },

  // Subscriptions: who hears the triggered event
  'Subscription.registerEntryPublished': { allowed: EVERYONE },
  'Subscription.recognitionRequestUpdated': { allowed: ['analyst', 'right', 'secretariat'], right: 'fr-regulator' },
  'Subscription.disputeUpdated': { allowed: ['analyst', 'right', 'panelist', 'secretariat'] },
  // The declaration covers DE and FR: US does not hear.
  'Subscription.provisionalAuthorizationUpdated': { allowed: ['analyst', 'right', 'secretariat'] },
  // The escalation goes to the filing member.
  'Subscription.fastTrackEscalated': { allowed: ['analyst', 'right', 'secretariat'] },
  // The warning goes to the requesting and the concerned members (DE asked FR, FR has not answered).
  'Subscription.deadlineApproaching': { allowed: ['analyst', 'right', 'secretariat'], right: 'fr-regulator' },
};

/** The seeded principal that plays `role` for operation `op` (null: anonymous). */
export function handleOf(op: string, role: RoleKey): string | null {
  const access = OPERATIONS[op];
  switch (role) {
    case 'anonymous':
      return null;
    case 'analyst':
      return 'analyst';
    case 'right':
      return access?.right ?? 'de-regulator';
    case 'other':
      return access?.other ?? 'us-regulator';
    case 'panelist':
      return 'panelist-nz';
    case 'secretariat':
      return 'secretariat';
  }
}

/** The catalogue entry of a root field (`Query.x`, `Mutation.x` or `Subscription.x`). */
export function operationOf(field: string): string {
  const op = ['Query', 'Mutation', 'Subscription'].map((kind) => `${kind}.${field}`).find((key) => key in OPERATIONS);
  if (!op) throw new Error(`${field} is not in the operation catalogue`);
  return op;
}

/** Who calls a root field when a test does not say: the first role allowed. */
export function callerOf(field: string): string | null {
  const op = operationOf(field);
  return handleOf(
    op,
    ROLES.find((role) => OPERATIONS[op].allowed.includes(role))!,
  );
}

/** Every Query, Mutation and Subscription field of a schema, as `Type.field`, sorted. */
export function rootFields(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type && isObjectType(getNamedType(type))) for (const name of Object.keys(type.getFields())) out.push(`${type.name}.${name}`);
  }
  return out.sort();
}
