/**
 * Fast-track applications and provisional authorizations (DESIGN.md §2.2), as tables.
 * Parties: AUTHORIZER (a regulator of the member that filed and authorizes), REVIEWER
 * (the authorizing member's regulator or the secretariat, for the post-approval
 * review), SYSTEM (the scheduler: overdue reports, sunsets), RULING (a dispute ruling:
 * overturn revokes, remand suspends pending a new review).
 */
import { StateMachine } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { ApplicationStatus as A, AuthorizationStatus as P } from './emergency.enums';

export type ApplicationEvent = 'APPROVE' | 'REFUSE';
export type AuthorizationEvent = 'SUSPEND' | 'REINSTATE' | 'REINSTATE_CONFIRMED' | 'REPORT' | 'EXPIRE' | 'REVOKE' | 'CONFIRM' | 'EXTEND' | 'AMEND_CONDITIONS';
export type EmergencyParty = 'AUTHORIZER' | 'REVIEWER' | 'SYSTEM' | 'RULING';

export const applicationMachine = new StateMachine<A, ApplicationEvent, EmergencyParty>(
  'FastTrackApplication',
  Object.values(A),
  {
    SUBMITTED: {
      APPROVE: { to: A.APPROVED, by: ['AUTHORIZER'] },
      REFUSE: { to: A.REFUSED, by: ['AUTHORIZER'] },
    },
  },
  { audit: recordAudit, actionPrefix: 'FAST_TRACK' },
);

const closing = {
  EXPIRE: { to: P.EXPIRED, by: ['SYSTEM'] },
  REVOKE: { to: P.REVOKED, by: ['REVIEWER', 'RULING'] },
  CONFIRM: { to: P.CONFIRMED, by: ['REVIEWER'] },
} as const;

/** Extending the sunset or amending the conditions keeps the state (with a rationale and its audit event). */
const amend = (to: P) =>
  ({
    EXTEND: { to, by: ['AUTHORIZER', 'REVIEWER'] },
    AMEND_CONDITIONS: { to, by: ['AUTHORIZER', 'REVIEWER'] },
  }) as const;

/*
 *   ACTIVE ─SUSPEND→ SUSPENDED ─REINSTATE→ ACTIVE            (overdue report / report filed)
 *   ACTIVE | SUSPENDED ─CONFIRM→ CONFIRMED                    (post-approval review)
 *   CONFIRMED ─REPORT→ CONFIRMED; CONFIRMED ─SUSPEND→ SUSPENDED ─REINSTATE_CONFIRMED→ CONFIRMED
 *   ACTIVE | SUSPENDED | CONFIRMED ─EXPIRE→ EXPIRED (sunset) | ─REVOKE→ REVOKED
 *   ACTIVE | SUSPENDED | CONFIRMED ─EXTEND | AMEND_CONDITIONS→ the same state
 * Confirmation does not end monitoring: a confirmed authorization reports and expires at
 * its sunset unless extended.
 */
export const authorizationMachine = new StateMachine<P, AuthorizationEvent, EmergencyParty>(
  'ProvisionalAuthorization',
  Object.values(P),
  {
    ACTIVE: {
      SUSPEND: { to: P.SUSPENDED, by: ['SYSTEM', 'RULING'] },
      REPORT: { to: P.ACTIVE, by: ['AUTHORIZER'] },
      ...closing,
      ...amend(P.ACTIVE),
    },
    SUSPENDED: {
      REINSTATE: { to: P.ACTIVE, by: ['AUTHORIZER'] },
      REINSTATE_CONFIRMED: { to: P.CONFIRMED, by: ['AUTHORIZER'] },
      ...closing,
      ...amend(P.SUSPENDED),
    },
    CONFIRMED: {
      SUSPEND: { to: P.SUSPENDED, by: ['SYSTEM', 'RULING'] },
      REPORT: { to: P.CONFIRMED, by: ['AUTHORIZER'] },
      EXPIRE: { to: P.EXPIRED, by: ['SYSTEM'] },
      REVOKE: { to: P.REVOKED, by: ['REVIEWER', 'RULING'] },
      ...amend(P.CONFIRMED),
    },
  },
  {
    audit: recordAudit,
    // A suspension records when; expiry and revocation end the authorization.
    sideColumns: (move, machine) => ({
      ...(move.event === 'SUSPEND' ? { suspendedAt: move.at } : {}),
      ...(machine.isTerminal(move.to) ? { closedAt: move.at } : {}),
    }),
  },
);
