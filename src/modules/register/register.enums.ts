/** Enums of the public register. */
import { registerEnumType } from 'type-graphql';

export enum RegisterKind {
  RECOGNITION_OUTCOME = 'RECOGNITION_OUTCOME',
  EMERGENCY_DECLARATION = 'EMERGENCY_DECLARATION',
  PROVISIONAL_AUTHORIZATION = 'PROVISIONAL_AUTHORIZATION',
  DISPUTE_RULING = 'DISPUTE_RULING',
  AUDIT_CHECKPOINT = 'AUDIT_CHECKPOINT',
  HUMANITARIAN_WAIVER = 'HUMANITARIAN_WAIVER',
}
registerEnumType(RegisterKind, {
  name: 'RegisterKind',
  description: 'Kinds of entries in the public register.',
  valuesConfig: {
    RECOGNITION_OUTCOME: { description: "The outcome of a mutual-recognition request, with the members' rationales." },
    EMERGENCY_DECLARATION: { description: 'An emergency declaration (and its early end).' },
    PROVISIONAL_AUTHORIZATION: { description: 'A provisional authorization: scope, sunset, conditions, and its review.' },
    DISPUTE_RULING: { description: "A dispute panel's ruling with its rationale." },
    AUDIT_CHECKPOINT: { description: 'A signed checkpoint of the audit chain head (see auditCheckpoints, auditCheckpointKey).' },
    HUMANITARIAN_WAIVER: {
      description: 'A humanitarian waiver: its filing, recognitions, revocation or expiry; beneficiaries only where the sponsor marked them public.',
    },
  },
});
