import { registerEnumType } from 'type-graphql';

/** DESIGN.md §2.3. */
export enum DisputeStatus {
  FILED = 'FILED',
  CONSULTATION = 'CONSULTATION',
  SETTLED = 'SETTLED',
  PANEL_REQUESTED = 'PANEL_REQUESTED',
  PANEL_CONSTITUTED = 'PANEL_CONSTITUTED',
  SUBMISSIONS = 'SUBMISSIONS',
  DELIBERATION = 'DELIBERATION',
  INTERIM_REPORT = 'INTERIM_REPORT',
  RULING_ISSUED = 'RULING_ISSUED',
  APPEALED = 'APPEALED',
  APPEAL_RULING_ISSUED = 'APPEAL_RULING_ISSUED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(DisputeStatus, {
  name: 'DisputeStatus',
  description: 'State of a dispute case (DESIGN.md §2.3).',
  valuesConfig: {
    FILED: { description: 'Filed.' },
    CONSULTATION: { description: "Parties consult for the policy's consultation period." },
    SETTLED: { description: 'The parties agreed terms.' },
    PANEL_REQUESTED: { description: 'A panel was requested; the secretariat appoints it.' },
    PANEL_CONSTITUTED: { description: 'Panel appointed; submissions are accepted.' },
    SUBMISSIONS: { description: 'Parties are filing submissions.' },
    DELIBERATION: { description: 'The panel votes (the first vote closes submissions).' },
    INTERIM_REPORT: { description: 'A majority agreed: its interim report is before the parties, who comment on it before the ruling issues.' },
    RULING_ISSUED: { description: 'The majority ruling is issued and published; it may be appealed within the window.' },
    APPEALED: { description: 'Appealed: a fresh panel hears it.' },
    APPEAL_RULING_ISSUED: { description: 'The appeal panel ruled.' },
    CLOSED: { description: 'Closed.' },
    WITHDRAWN: { description: 'Withdrawn by the complainant.' },
  },
});

export enum ContestedDecisionKind {
  RECOGNITION_RESPONSE = 'RECOGNITION_RESPONSE',
  PROVISIONAL_AUTHORIZATION = 'PROVISIONAL_AUTHORIZATION',
  MAPPING_REVIEW = 'MAPPING_REVIEW',
  DENIAL_CONSULTATION = 'DENIAL_CONSULTATION',
  LICENCE_DECISION = 'LICENCE_DECISION',
}
registerEnumType(ContestedDecisionKind, {
  name: 'ContestedDecisionKind',
  description: 'What kind of decision a dispute contests.',
  valuesConfig: {
    RECOGNITION_RESPONSE: { description: "A member's DECLINE (or conditions) on a recognition request (contestedId: the response id)." },
    PROVISIONAL_AUTHORIZATION: { description: "A member's provisional authorization." },
    MAPPING_REVIEW: { description: "The secretariat's review of an entry mapping (contestedId: the mapping id)." },
    DENIAL_CONSULTATION: { description: "A member's decision to proceed after consulting a denying member." },
    LICENCE_DECISION: {
      description:
        "A member's licence decision (e.g. a denial found inconsistent or discriminatory), filed on behalf of an institution of the filing member (onBehalfOf).",
    },
  },
});

export enum Confidentiality {
  PUBLIC = 'PUBLIC',
  PARTIES_AND_PANEL = 'PARTIES_AND_PANEL',
  PANEL_ONLY = 'PANEL_ONLY',
}
registerEnumType(Confidentiality, {
  name: 'Confidentiality',
  description: 'Who may read a dispute submission.',
  valuesConfig: {
    PUBLIC: { description: 'Everyone.' },
    PARTIES_AND_PANEL: { description: "The parties' regulators and the case's panelists." },
    PANEL_ONLY: { description: "The case's panelists only (evidence only the panel may read)." },
  },
});

/** What a submission is: an appeal is on questions of law, so it admits no new evidence. */
export enum SubmissionNature {
  ARGUMENT = 'ARGUMENT',
  EVIDENCE = 'EVIDENCE',
}
registerEnumType(SubmissionNature, {
  name: 'SubmissionNature',
  description:
    "What a dispute submission is. An appeal is on questions of law (the panel's findings and interpretations), so the appeal round admits arguments, not new evidence.",
  valuesConfig: {
    ARGUMENT: { description: 'Argument on the facts on record, the law and its interpretation (the default).' },
    EVIDENCE: { description: 'New factual evidence: admitted before the first panel only.' },
  },
});

export enum PanelVote {
  UPHOLD = 'UPHOLD',
  OVERTURN = 'OVERTURN',
  REMAND = 'REMAND',
}
registerEnumType(PanelVote, {
  name: 'PanelVote',
  description: "A panelist's vote on the contested decision.",
  valuesConfig: {
    UPHOLD: { description: 'The contested decision stands.' },
    OVERTURN: { description: 'The contested decision is reversed.' },
    REMAND: { description: 'The contested decision goes back to its member for a new decision.' },
  },
});

export enum PartyRole {
  COMPLAINANT = 'COMPLAINANT',
  RESPONDENT = 'RESPONDENT',
}
registerEnumType(PartyRole, {
  name: 'PartyRole',
  description: "A party's side in a dispute.",
  valuesConfig: { COMPLAINANT: { description: 'Filed the dispute.' }, RESPONDENT: { description: 'Made the contested decision.' } },
});
