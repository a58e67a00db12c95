import { registerEnumType } from 'type-graphql';

/** The life of a humanitarian waiver (waiver.states.ts). */
export enum HumanitarianWaiverStatus {
  /** Filed, valid from a later day. */
  FILED = 'FILED',
  /** In force: applies for the sponsor and the members that recognized it. */
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  /** Past its validTo. */
  EXPIRED = 'EXPIRED',
}
registerEnumType(HumanitarianWaiverStatus, {
  name: 'HumanitarianWaiverStatus',
  description: 'State of a humanitarian waiver.',
  valuesConfig: {
    FILED: { description: 'Filed; valid from a later day.' },
    ACTIVE: { description: 'In force for the sponsor and the members that recognized it.' },
    REVOKED: { description: 'Revoked by its sponsor.' },
    EXPIRED: { description: 'Past its validTo.' },
  },
});

/** A member's recognition of another member's waiver (waiver.states.ts). */
export enum WaiverRecognitionStatus {
  RECOGNIZED = 'RECOGNIZED',
  /** The waiver was revoked or expired: the recognition no longer applies. */
  ENDED = 'ENDED',
}
registerEnumType(WaiverRecognitionStatus, {
  name: 'WaiverRecognitionStatus',
  description: "State of a member's recognition of a humanitarian waiver.",
  valuesConfig: {
    RECOGNIZED: { description: 'Recognized (with its conditions, if any).' },
    ENDED: { description: 'The waiver was revoked or expired.' },
  },
});
