/**
 * The dispute state machine (DESIGN.md §2.3). Parties: COMPLAINANT and RESPONDENT (their
 * regulators; the secretariat is the respondent for mapping reviews), SECRETARIAT (panel
 * appointments), PANELIST (a panelist of the current round), SYSTEM (scheduler).
 *
 *   FILED ─OPEN_CONSULTATION→ CONSULTATION ─SETTLE→ SETTLED
 *   CONSULTATION ─REQUEST_PANEL→ PANEL_REQUESTED ─CONSTITUTE→ PANEL_CONSTITUTED
 *   PANEL_CONSTITUTED ─SUBMIT→ SUBMISSIONS ─VOTE→ DELIBERATION ─ISSUE_RULING→ RULING_ISSUED
 *   RULING_ISSUED ─APPEAL→ APPEALED ─CONSTITUTE / SUBMIT / VOTE…→ ─ISSUE_RULING→ APPEAL_RULING_ISSUED
 *   RULING_ISSUED | APPEAL_RULING_ISSUED ─CLOSE→ CLOSED;  open states ─WITHDRAW→ WITHDRAWN
 */
import { StateMachine } from '../../shared/state-machine';
import { DisputeStatus as S } from './dispute.enums';

export type DisputeEvent =
  | 'OPEN_CONSULTATION'
  | 'SETTLE'
  | 'REQUEST_PANEL'
  | 'CONSTITUTE'
  | 'SUBMIT'
  | 'VOTE'
  | 'ISSUE_RULING'
  | 'APPEAL'
  | 'CLOSE'
  | 'WITHDRAW';

export type DisputeParty = 'COMPLAINANT' | 'RESPONDENT' | 'SECRETARIAT' | 'PANELIST' | 'SYSTEM';

const PARTIES: DisputeParty[] = ['COMPLAINANT', 'RESPONDENT'];
const withdraw = { WITHDRAW: { to: S.WITHDRAWN, by: ['COMPLAINANT'] as DisputeParty[] } };

export const disputeMachine = new StateMachine<S, DisputeEvent, DisputeParty>('DisputeCase', Object.values(S), {
  FILED: { OPEN_CONSULTATION: { to: S.CONSULTATION, by: ['SYSTEM'] }, ...withdraw },
  CONSULTATION: {
    SETTLE: { to: S.SETTLED, by: PARTIES },
    // Before the end of consultation the panel is requested once both parties asked (the
    // service keeps the case in CONSULTATION until then).
    REQUEST_PANEL: { to: S.PANEL_REQUESTED, by: PARTIES },
    ...withdraw,
  },
  PANEL_REQUESTED: { CONSTITUTE: { to: S.PANEL_CONSTITUTED, by: ['SECRETARIAT'] }, SETTLE: { to: S.SETTLED, by: PARTIES }, ...withdraw },
  PANEL_CONSTITUTED: { SUBMIT: { to: S.SUBMISSIONS, by: PARTIES }, VOTE: { to: S.DELIBERATION, by: ['PANELIST'] }, SETTLE: { to: S.SETTLED, by: PARTIES }, ...withdraw },
  SUBMISSIONS: { SUBMIT: { to: S.SUBMISSIONS, by: PARTIES }, VOTE: { to: S.DELIBERATION, by: ['PANELIST'] }, SETTLE: { to: S.SETTLED, by: PARTIES }, ...withdraw },
  DELIBERATION: { VOTE: { to: S.DELIBERATION, by: ['PANELIST'] }, ISSUE_RULING: { to: S.RULING_ISSUED, by: ['PANELIST'] }, ...withdraw },
  RULING_ISSUED: { APPEAL: { to: S.APPEALED, by: PARTIES }, CLOSE: { to: S.CLOSED, by: ['SYSTEM', 'SECRETARIAT'] } },
  // On appeal the fresh panel is appointed, parties file and panelists vote while APPEALED.
  APPEALED: {
    CONSTITUTE: { to: S.APPEALED, by: ['SECRETARIAT'] },
    SUBMIT: { to: S.APPEALED, by: PARTIES },
    VOTE: { to: S.APPEALED, by: ['PANELIST'] },
    ISSUE_RULING: { to: S.APPEAL_RULING_ISSUED, by: ['PANELIST'] },
  },
  APPEAL_RULING_ISSUED: { CLOSE: { to: S.CLOSED, by: ['SYSTEM', 'SECRETARIAT'] } },
}, {
  actionPrefix: 'DISPUTE',
  // Settled, closed and withdrawn cases are terminal: they carry the time they ended.
  sideColumns: (move, machine) => (machine.isTerminal(move.to) ? { closedAt: move.at } : {}),
});
