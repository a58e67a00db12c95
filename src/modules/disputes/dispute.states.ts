/**
 * The dispute state machine (DESIGN.md §2.3). Parties: COMPLAINANT and RESPONDENT (their
 * regulators; the secretariat is the respondent for mapping reviews), THIRD_PARTY (a
 * member that joined the case), MEMBER (a regulator of another member, who may join),
 * SECRETARIAT (panel appointments), PANELIST (a panelist of the current round), SYSTEM
 * (scheduler).
 *
 *   FILED ─OPEN_CONSULTATION→ CONSULTATION ─SETTLE→ SETTLED
 *   CONSULTATION ─REQUEST_PANEL→ PANEL_REQUESTED ─CONSTITUTE→ PANEL_CONSTITUTED (timetable set)
 *   PANEL_CONSTITUTED ─SUBMIT→ SUBMISSIONS ─VOTE→ DELIBERATION ─INTERIM_REPORT→ INTERIM_REPORT
 *   INTERIM_REPORT ─COMMENT…→ ─ISSUE_RULING→ RULING_ISSUED (the effect waits for the appeal window)
 *   RULING_ISSUED ─APPEAL→ APPEALED ─CONSTITUTE / SUBMIT / VOTE…→ ─ISSUE_RULING→ APPEAL_RULING_ISSUED
 *   RULING_ISSUED | APPEAL_RULING_ISSUED ─CLOSE→ CLOSED;  open states ─WITHDRAW→ WITHDRAWN
 *   JOIN_THIRD_PARTY and INVOKE_SECURITY_EXCEPTION are moves onto the same state: the
 *   table says when and by whom; the service adds the periods.
 */
import { StateMachine } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { DisputeStatus as S } from './dispute.enums';

export type DisputeEvent =
  | 'OPEN_CONSULTATION'
  | 'SETTLE'
  | 'REQUEST_PANEL'
  | 'CONSTITUTE'
  | 'JOIN_THIRD_PARTY'
  | 'INVOKE_SECURITY_EXCEPTION'
  | 'SUBMIT'
  | 'VOTE'
  | 'INTERIM_REPORT'
  | 'COMMENT'
  | 'ISSUE_RULING'
  | 'APPEAL'
  | 'CLOSE'
  | 'WITHDRAW';

export type DisputeParty = 'COMPLAINANT' | 'RESPONDENT' | 'THIRD_PARTY' | 'MEMBER' | 'SECRETARIAT' | 'PANELIST' | 'SYSTEM';

const PARTIES: DisputeParty[] = ['COMPLAINANT', 'RESPONDENT'];
const withdraw = { WITHDRAW: { to: S.WITHDRAWN, by: ['COMPLAINANT'] as DisputeParty[] } };
const invoke = (s: S) => ({ INVOKE_SECURITY_EXCEPTION: { to: s, by: ['RESPONDENT'] as DisputeParty[] } });
const join = (s: S) => ({ JOIN_THIRD_PARTY: { to: s, by: ['MEMBER'] as DisputeParty[] } });
const filing = (s: S) => ({
  SUBMIT: { to: S.SUBMISSIONS, by: [...PARTIES, 'THIRD_PARTY'] as DisputeParty[] },
  VOTE: { to: S.DELIBERATION, by: ['PANELIST'] as DisputeParty[] },
  SETTLE: { to: S.SETTLED, by: PARTIES },
  ...invoke(s),
  ...join(s),
  ...withdraw,
});

export const disputeMachine = new StateMachine<S, DisputeEvent, DisputeParty>(
  'DisputeCase',
  Object.values(S),
  {
    FILED: { OPEN_CONSULTATION: { to: S.CONSULTATION, by: ['SYSTEM'] }, ...withdraw },
    CONSULTATION: {
      SETTLE: { to: S.SETTLED, by: PARTIES },
      // Before the end of consultation the panel is requested once both parties asked (the
      // service keeps the case in CONSULTATION until then).
      REQUEST_PANEL: { to: S.PANEL_REQUESTED, by: PARTIES },
      ...invoke(S.CONSULTATION),
      ...withdraw,
    },
    PANEL_REQUESTED: {
      CONSTITUTE: { to: S.PANEL_CONSTITUTED, by: ['SECRETARIAT'] },
      SETTLE: { to: S.SETTLED, by: PARTIES },
      ...invoke(S.PANEL_REQUESTED),
      ...join(S.PANEL_REQUESTED),
      ...withdraw,
    },
    PANEL_CONSTITUTED: filing(S.PANEL_CONSTITUTED),
    SUBMISSIONS: filing(S.SUBMISSIONS),
    DELIBERATION: { VOTE: { to: S.DELIBERATION, by: ['PANELIST'] }, INTERIM_REPORT: { to: S.INTERIM_REPORT, by: ['PANELIST'] }, ...withdraw },
    // The parties comment on the interim report; the ruling issues once each has commented
    // (their last comment fires it) or when the comment period ends (the scheduler).
    INTERIM_REPORT: { COMMENT: { to: S.INTERIM_REPORT, by: PARTIES }, ISSUE_RULING: { to: S.RULING_ISSUED, by: [...PARTIES, 'SYSTEM'] }, ...withdraw },
    RULING_ISSUED: { APPEAL: { to: S.APPEALED, by: PARTIES }, CLOSE: { to: S.CLOSED, by: ['SYSTEM', 'SECRETARIAT'] } },
    // On appeal the fresh panel is appointed, parties file and panelists vote while APPEALED.
    APPEALED: {
      CONSTITUTE: { to: S.APPEALED, by: ['SECRETARIAT'] },
      SUBMIT: { to: S.APPEALED, by: PARTIES },
      VOTE: { to: S.APPEALED, by: ['PANELIST'] },
      ISSUE_RULING: { to: S.APPEAL_RULING_ISSUED, by: ['PANELIST'] },
    },
    APPEAL_RULING_ISSUED: { CLOSE: { to: S.CLOSED, by: ['SYSTEM', 'SECRETARIAT'] } },
  },
  {
    audit: recordAudit,
    actionPrefix: 'DISPUTE',
    // Settled, closed and withdrawn cases are terminal: they carry the time they ended.
    sideColumns: (move, machine) => (machine.isTerminal(move.to) ? { closedAt: move.at } : {}),
  },
);

const DAY = 86_400_000;

export interface PanelClocks {
  panelSubmissionDays: number;
  panelRebuttalDays: number;
  panelInterimReportDays: number;
  panelFinalRulingDays: number;
  urgentTrackDays: number;
  appealRulingDays: number;
}

export interface Timetable {
  firstSubmissionsDue: Date;
  rebuttalsDue: Date;
  interimReportDue: Date;
  finalRulingDue: Date;
  urgent: boolean;
}

/**
 * The timetable set at constitution: first written submissions, rebuttals, interim
 * report, final ruling, each after the previous by the policy's days. On the urgent track
 * the whole fits in `urgentTrackDays`; on appeal in `appealRulingDays` (its own clock),
 * both keeping the stages' proportions.
 */
export function panelTimetable(start: Date, policy: PanelClocks, track: 'ORDINARY' | 'URGENT' | 'APPEAL'): Timetable {
  const stages = [policy.panelSubmissionDays, policy.panelRebuttalDays, policy.panelInterimReportDays, policy.panelFinalRulingDays];
  const total = stages.reduce((a, b) => a + b, 0);
  const fit = track === 'URGENT' ? policy.urgentTrackDays : track === 'APPEAL' ? policy.appealRulingDays : total;
  const scale = track === 'ORDINARY' || total <= 0 ? 1 : fit / total;
  let at = start.getTime();
  const due = stages.map((days) => (at += days * scale * DAY));
  return {
    firstSubmissionsDue: new Date(due[0]),
    rebuttalsDue: new Date(due[1]),
    interimReportDue: new Date(due[2]),
    finalRulingDue: new Date(due[3]),
    urgent: track === 'URGENT',
  };
}

/** The comment period on an interim report issued at `at`. */
export function commentPeriodEnd(at: Date, policy: PanelClocks, timetable: Timetable | null): Date {
  const days = timetable?.urgent
    ? Math.max(
        1,
        Math.round(
          policy.panelFinalRulingDays *
            (policy.urgentTrackDays /
              Math.max(1, policy.panelSubmissionDays + policy.panelRebuttalDays + policy.panelInterimReportDays + policy.panelFinalRulingDays)),
        ),
      )
    : policy.panelFinalRulingDays;
  return new Date(at.getTime() + days * DAY);
}
