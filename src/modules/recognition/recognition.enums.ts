import { registerEnumType } from 'type-graphql';

/** DESIGN.md §2.1. */
export enum RecognitionStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  CLOCK_STOPPED = 'CLOCK_STOPPED',
  RECOGNIZED = 'RECOGNIZED',
  PARTIALLY_RECOGNIZED = 'PARTIALLY_RECOGNIZED',
  DECLINED = 'DECLINED',
  LAPSED = 'LAPSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(RecognitionStatus, {
  name: 'RecognitionStatus',
  description: 'State of a mutual-recognition request.',
  valuesConfig: {
    DRAFT: { description: 'Filed as a draft; not yet submitted.' },
    SUBMITTED: { description: 'Submitted; the review clock runs.' },
    UNDER_REVIEW: { description: 'At least one concerned member has acted.' },
    CLOCK_STOPPED: { description: 'A concerned member asked for information; the clock is stopped.' },
    RECOGNIZED: { description: 'Every concerned member recognized (with or without conditions).' },
    PARTIALLY_RECOGNIZED: { description: 'Some concerned members recognized.' },
    DECLINED: { description: 'No concerned member recognized.' },
    LAPSED: { description: 'The deadline passed without every answer (policy LAPSE).' },
    WITHDRAWN: { description: 'Withdrawn by the requesting member.' },
  },
});

export enum RecognitionSubjectKind {
  LICENCE_DECISION = 'LICENCE_DECISION',
  END_USER_VERIFICATION = 'END_USER_VERIFICATION',
  CLASSIFICATION = 'CLASSIFICATION',
}
registerEnumType(RecognitionSubjectKind, {
  name: 'RecognitionSubjectKind',
  description: 'What the requesting member asks the others to recognize.',
  valuesConfig: {
    LICENCE_DECISION: { description: 'A licence it granted (subjectId: the LicenceDecision).' },
    END_USER_VERIFICATION: { description: 'Its vetting of an end user (subjectId: the EndUserVerification).' },
    CLASSIFICATION: { description: 'That its entry is equivalent for a taxonomy node (subjectId: the accepted EntryMapping).' },
  },
});

export enum RecognitionDecision {
  RECOGNIZE = 'RECOGNIZE',
  RECOGNIZE_WITH_CONDITIONS = 'RECOGNIZE_WITH_CONDITIONS',
  DECLINE = 'DECLINE',
}
registerEnumType(RecognitionDecision, {
  name: 'RecognitionDecision',
  description: "A concerned member's answer.",
  valuesConfig: {
    RECOGNIZE: { description: 'Recognize.' },
    RECOGNIZE_WITH_CONDITIONS: { description: 'Recognize with conditions (conditions and a rationale required).' },
    DECLINE: { description: 'Decline (a rationale citing the criteria is required); may be contested in a dispute.' },
  },
});

/** What a recognition does downstream (DESIGN.md §2.1): the transaction assessment lists it. */
export enum RecognitionEffect {
  REEXPORT_AUTHORISATION_WAIVED = 'REEXPORT_AUTHORISATION_WAIVED',
  END_USER_VETTING_ACCEPTED = 'END_USER_VETTING_ACCEPTED',
  CLASSIFICATION_ADOPTED = 'CLASSIFICATION_ADOPTED',
}
registerEnumType(RecognitionEffect, {
  name: 'RecognitionEffect',
  description: 'The legal effect a recognition has in the recognizing members.',
  valuesConfig: {
    REEXPORT_AUTHORISATION_WAIVED: { description: 'The recognized licence stands in for a re-export authorisation (LICENCE_DECISION).' },
    END_USER_VETTING_ACCEPTED: {
      description: "The requesting member's vetting of the end user is accepted (END_USER_VERIFICATION, or the end user of a LICENCE_DECISION).",
    },
    CLASSIFICATION_ADOPTED: { description: "The requesting member's classification is adopted for the taxonomy node (CLASSIFICATION)." },
  },
});

/** The effect a request of this kind has when the filer names none. */
export const DEFAULT_EFFECT: Record<RecognitionSubjectKind, RecognitionEffect> = {
  LICENCE_DECISION: RecognitionEffect.REEXPORT_AUTHORISATION_WAIVED,
  END_USER_VERIFICATION: RecognitionEffect.END_USER_VETTING_ACCEPTED,
  CLASSIFICATION: RecognitionEffect.CLASSIFICATION_ADOPTED,
};

/** The effects a subject kind can have. */
export const ALLOWED_EFFECTS: Record<RecognitionSubjectKind, RecognitionEffect[]> = {
  LICENCE_DECISION: [RecognitionEffect.REEXPORT_AUTHORISATION_WAIVED, RecognitionEffect.END_USER_VETTING_ACCEPTED],
  END_USER_VERIFICATION: [RecognitionEffect.END_USER_VETTING_ACCEPTED],
  CLASSIFICATION: [RecognitionEffect.CLASSIFICATION_ADOPTED],
};
