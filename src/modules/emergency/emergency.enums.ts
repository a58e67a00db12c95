import { registerEnumType } from 'type-graphql';

export enum DeclarationStatus {
  SCHEDULED = 'SCHEDULED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(DeclarationStatus, {
  name: 'DeclarationStatus',
  description: 'Whether an emergency declaration is in force.',
  valuesConfig: {
    SCHEDULED: { description: 'Starts later.' },
    ACTIVE: { description: 'In force: fast-track applications may be filed.' },
    ENDED: { description: 'Ended (at its end date or early); no new filings.' },
  },
});

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
}
registerEnumType(ApplicationStatus, {
  name: 'FastTrackApplicationStatus',
  description: 'State of a fast-track application.',
  valuesConfig: {
    SUBMITTED: { description: 'Awaiting a decision within the emergency review window.' },
    APPROVED: { description: 'Approved: a provisional authorization was created.' },
    REFUSED: { description: 'Refused, with a rationale.' },
  },
});

export enum AuthorizationStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  CONFIRMED = 'CONFIRMED',
}
registerEnumType(AuthorizationStatus, {
  name: 'ProvisionalAuthorizationStatus',
  description: 'Life of a provisional authorization (DESIGN.md §2.2).',
  valuesConfig: {
    ACTIVE: { description: 'In force.' },
    SUSPENDED: { description: 'A monitoring report is overdue; back to ACTIVE when it arrives.' },
    EXPIRED: { description: 'The sunset passed.' },
    REVOKED: { description: 'Revoked by the post-approval review.' },
    CONFIRMED: {
      description: 'Confirmed by the post-approval review (or converted to a standard licence); still monitored, and expires at its sunset unless extended.',
    },
  },
});

export enum PostApprovalOutcome {
  CONFIRM = 'CONFIRM',
  REVOKE = 'REVOKE',
  CONVERT_TO_STANDARD = 'CONVERT_TO_STANDARD',
}
registerEnumType(PostApprovalOutcome, {
  name: 'PostApprovalOutcome',
  description: 'Outcome of the post-approval review.',
  valuesConfig: {
    CONFIRM: { description: 'Confirm the provisional authorization until its sunset.' },
    REVOKE: { description: 'Revoke it.' },
    CONVERT_TO_STANDARD: { description: 'Confirm it and record a standard licence decision linked to it.' },
  },
});
