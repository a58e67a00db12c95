/**
 * Fast-track applications and provisional authorizations (DESIGN.md §2.2), as tables.
 * Parties: AUTHORIZER (a regulator of the member that filed and authorizes), REVIEWER
 * (the authorizing member's regulator or the secretariat, for the post-approval
 * review), SYSTEM (the scheduler: overdue reports, sunsets), RULING (a dispute ruling:
 * overturn revokes, remand suspends pending a new review).
 */
import { StateMachine } from '../../shared/state-machine';
import { ApplicationStatus as A, AuthorizationStatus as P } from './emergency.enums';

export type ApplicationEvent = 'APPROVE' | 'REFUSE';
export type AuthorizationEvent = 'SUSPEND' | 'REINSTATE' | 'REPORT' | 'EXPIRE' | 'REVOKE' | 'CONFIRM';
export type EmergencyParty = 'AUTHORIZER' | 'REVIEWER' | 'SYSTEM' | 'RULING';

export const applicationMachine = new StateMachine<A, ApplicationEvent, EmergencyParty>('FastTrackApplication', Object.values(A), {
  SUBMITTED: {
    APPROVE: { to: A.APPROVED, by: ['AUTHORIZER'] },
    REFUSE: { to: A.REFUSED, by: ['AUTHORIZER'] },
  },
}, { actionPrefix: 'FAST_TRACK' });

const closing = {
  EXPIRE: { to: P.EXPIRED, by: ['SYSTEM'] },
  REVOKE: { to: P.REVOKED, by: ['REVIEWER', 'RULING'] },
  CONFIRM: { to: P.CONFIRMED, by: ['REVIEWER'] },
} as const;

export const authorizationMachine = new StateMachine<P, AuthorizationEvent, EmergencyParty>('ProvisionalAuthorization', Object.values(P), {
  ACTIVE: {
    SUSPEND: { to: P.SUSPENDED, by: ['SYSTEM', 'RULING'] },
    REPORT: { to: P.ACTIVE, by: ['AUTHORIZER'] },
    ...closing,
  },
  SUSPENDED: {
    REINSTATE: { to: P.ACTIVE, by: ['AUTHORIZER'] },
    ...closing,
  },
}, {
  // A suspension records when; expiry, revocation and confirmation end the authorization.
  sideColumns: (move, machine) => ({
    ...(move.event === 'SUSPEND' ? { suspendedAt: move.at } : {}),
    ...(machine.isTerminal(move.to) ? { closedAt: move.at } : {}),
  }),
});
