/** Shared rules of the dispute workflow: the secretariat as a party, the states that count, a case's outline. */
import { DisputeCase } from './dispute.entity';
import { DisputeStatus } from './dispute.enums';

export const DAY = 86_400_000;
/** The respondent of a mapping review: the secretariat, not a member. */
export const SECRETARIAT_PARTY = 'SECRETARIAT';
export const OPEN: DisputeStatus[] = [
  DisputeStatus.FILED,
  DisputeStatus.CONSULTATION,
  DisputeStatus.PANEL_REQUESTED,
  DisputeStatus.PANEL_CONSTITUTED,
  DisputeStatus.SUBMISSIONS,
  DisputeStatus.DELIBERATION,
  DisputeStatus.INTERIM_REPORT,
  DisputeStatus.RULING_ISSUED,
  DisputeStatus.APPEALED,
];
/** States in which a case awaits (or may come to need) the panel of its current round. */
export const AWAITING_PANEL: DisputeStatus[] = [DisputeStatus.FILED, DisputeStatus.CONSULTATION, DisputeStatus.PANEL_REQUESTED, DisputeStatus.APPEALED];
/** States in which a panel works towards its ruling: its final-ruling date counts. */
export const BEFORE_PANEL_RULING: DisputeStatus[] = [
  DisputeStatus.PANEL_CONSTITUTED,
  DisputeStatus.SUBMISSIONS,
  DisputeStatus.DELIBERATION,
  DisputeStatus.INTERIM_REPORT,
  DisputeStatus.APPEALED,
];

/** Cases returned as an outline (to a panelist who does not sit on them): see isCaseOutline. */
const OUTLINES = new WeakSet<DisputeCase>();

/** A copy of the case with what a prospective panelist needs to judge a conflict: no grounds or terms. */
export function caseOutline(d: DisputeCase): DisputeCase {
  const outline = Object.assign(new DisputeCase(), d, {
    grounds: '',
    settlementTerms: null,
    appealGrounds: null,
    withdrawalReason: null,
    securityExceptionStatement: null,
    onBehalfOf: null,
  });
  OUTLINES.add(outline);
  return outline;
}

/** True for an outline: its field resolvers show no submissions, votes, rulings, panelists or timeline. */
export function isCaseOutline(d: DisputeCase): boolean {
  return OUTLINES.has(d);
}
