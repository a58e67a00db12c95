/**
 * The mutual-recognition state machine (DESIGN.md §2.1), the one place its moves are
 * allowed. Parties: REQUESTER (a regulator of the requesting member), CONCERNED (a
 * regulator of a concerned member that has not answered yet), SYSTEM (the scheduler at a
 * deadline) and RULING (a dispute ruling that overturned a decline).
 *
 *   DRAFT ─SUBMIT→ SUBMITTED ─RESPOND→ UNDER_REVIEW ⇄ CLOCK_STOPPED
 *   SUBMITTED | UNDER_REVIEW ─RESOLVE_*→ RECOGNIZED | PARTIALLY_RECOGNIZED | DECLINED
 *   SUBMITTED | UNDER_REVIEW ─RESOLVE_*→ outcome over the answers given, at the deadline (silence per policy)
 *   SUBMITTED | UNDER_REVIEW ─LAPSE→ LAPSED (the deadline passed and nobody answered)
 *   any open state ─WITHDRAW→ WITHDRAWN
 *   DECLINED | PARTIALLY_RECOGNIZED | RECOGNIZED ─RESOLVE_*→ outcome recomputed after a ruling
 *   DECLINED | PARTIALLY_RECOGNIZED | RECOGNIZED ─REOPEN→ UNDER_REVIEW (a ruling remanded an answer)
 */
import { StateMachine, type TransitionTable } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { RecognitionStatus as S } from './recognition.enums';

export type RecognitionEvent =
  | 'SUBMIT'
  | 'RESPOND'
  | 'REQUEST_INFO'
  | 'PROVIDE_INFO'
  | 'RESUME_CLOCK'
  | 'RESOLVE_RECOGNIZED'
  | 'RESOLVE_PARTIAL'
  | 'RESOLVE_DECLINED'
  | 'LAPSE'
  | 'WITHDRAW'
  | 'REOPEN';

export type RecognitionParty = 'REQUESTER' | 'CONCERNED' | 'SYSTEM' | 'RULING';

const resolve = (by: RecognitionParty[]) => ({
  RESOLVE_RECOGNIZED: { to: S.RECOGNIZED, by },
  RESOLVE_PARTIAL: { to: S.PARTIALLY_RECOGNIZED, by },
  RESOLVE_DECLINED: { to: S.DECLINED, by },
});

const open = {
  RESPOND: { to: S.UNDER_REVIEW, by: ['CONCERNED'] },
  REQUEST_INFO: { to: S.CLOCK_STOPPED, by: ['CONCERNED'] },
  ...resolve(['CONCERNED', 'SYSTEM']),
  LAPSE: { to: S.LAPSED, by: ['SYSTEM'] },
  WITHDRAW: { to: S.WITHDRAWN, by: ['REQUESTER'] },
} as const;

export const recognitionTable: TransitionTable<S, RecognitionEvent, RecognitionParty> = {
  DRAFT: {
    SUBMIT: { to: S.SUBMITTED, by: ['REQUESTER'] },
    WITHDRAW: { to: S.WITHDRAWN, by: ['REQUESTER'] },
  },
  SUBMITTED: open,
  UNDER_REVIEW: open,
  CLOCK_STOPPED: {
    PROVIDE_INFO: { to: S.UNDER_REVIEW, by: ['REQUESTER'] },
    RESUME_CLOCK: { to: S.UNDER_REVIEW, by: ['SYSTEM'] },
    WITHDRAW: { to: S.WITHDRAWN, by: ['REQUESTER'] },
  },
  // A ruling that overturns a decline recomputes the outcome; one that remands an answer
  // reopens the request for that member's new answer.
  // (An appeal ruling that restores a decline recomputes the outcome the other way.)
  DECLINED: { ...resolve(['RULING']), REOPEN: { to: S.UNDER_REVIEW, by: ['RULING'] } },
  PARTIALLY_RECOGNIZED: { ...resolve(['RULING']), REOPEN: { to: S.UNDER_REVIEW, by: ['RULING'] } },
  RECOGNIZED: { ...resolve(['RULING']), REOPEN: { to: S.UNDER_REVIEW, by: ['RULING'] } },
};

export const recognitionMachine = new StateMachine<S, RecognitionEvent, RecognitionParty>('RecognitionRequest', Object.values(S), recognitionTable, {
  audit: recordAudit,
});

export const OPEN_STATES: readonly S[] = [S.SUBMITTED, S.UNDER_REVIEW, S.CLOCK_STOPPED];

/**
 * The outcome once every concerned member has answered: all recognize → RECOGNIZED;
 * some → PARTIALLY_RECOGNIZED; none → DECLINED. A recognition with conditions counts as
 * a recognition.
 */
export function outcomeEvent(recognitions: number, total: number): 'RESOLVE_RECOGNIZED' | 'RESOLVE_PARTIAL' | 'RESOLVE_DECLINED' {
  if (total > 0 && recognitions === total) return 'RESOLVE_RECOGNIZED';
  if (recognitions > 0) return 'RESOLVE_PARTIAL';
  return 'RESOLVE_DECLINED';
}

/** How silence at the deadline counts (the consortium policy). */
export type Silence = 'NO_ANSWER' | 'LAPSE' | 'DEEMED_RECOGNIZED' | 'DEEMED_DECLINED';

/**
 * The move at the review deadline (DESIGN.md §2.1): the outcome over the answers given,
 * with silence counted as the policy says — as consent, as a decline, or as no answer
 * (NO_ANSWER, the default; LAPSE, the former default, reads the same). One silent member
 * never voids the others' answers: LAPSE only when nobody answered and silence is no answer.
 */
export function deadlineEvent(recognitions: number, answers: number, silent: number, policy: Silence): RecognitionEvent {
  if (policy === 'DEEMED_RECOGNIZED') return outcomeEvent(recognitions + silent, answers + silent);
  if (policy === 'DEEMED_DECLINED') return outcomeEvent(recognitions, answers + silent);
  if (answers === 0) return 'LAPSE';
  return outcomeEvent(recognitions, answers);
}

/** The review deadline of a request submitted (or reopened by a ruling) at `from`. */
export function reviewDeadline(from: Date, policy: { recognitionReviewDays: number }): Date {
  return new Date(from.getTime() + policy.recognitionReviewDays * 86_400_000);
}
