/**
 * What a dispute needs from the module that owns a contested decision (DESIGN.md §2.3):
 * the decision as a dispute sees it (who made it, whom it affects), and the effect of a
 * final ruling on it. The owning module implements this interface (its `*.ruling.ts`)
 * and moves its own rows through its own state machine; the dispute module writes only
 * dispute rows and calls this in its transaction.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from './clock';

export type RulingOutcome = 'UPHOLD' | 'OVERTURN' | 'REMAND';

export interface ContestedDecision {
  /** The decision's state when contested (what an UPHOLD keeps and an OVERTURN reverses). */
  status: string | null;
  consortiumId: string;
  /** The member that made it; null when the secretariat did (mapping reviews). */
  respondent: string | null;
  /** The members it affects (who may file). */
  affected: string[];
  /** One line naming it, for the audit trail. */
  describe: string;
  /** Whether the urgent track applies (it would otherwise lapse before a ruling). */
  urgent?: boolean;
}

export interface RulingToApply {
  disputeId: string;
  contestedId: string;
  /** `status` of the ContestedDecision when the dispute was filed. */
  contestedStatus: string | null;
  outcome: RulingOutcome;
  /** What an earlier ruling on the same case already applied (UPHOLD when none). */
  applied: RulingOutcome;
  clock: Clock;
}

export interface RulingEffects {
  /** The decision `id`: NOT_FOUND when there is none, BAD_USER_INPUT when it cannot be contested. */
  contestedDecision(m: EntityManager, id: string, filingMember: string): Promise<ContestedDecision>;
  /** Apply a final ruling in the caller's transaction; returns one sentence saying what changed. */
  applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string>;
}
