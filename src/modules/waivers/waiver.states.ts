/**
 * The humanitarian waiver's life, the one place its moves are allowed. Parties: SPONSOR (a
 * regulator of the sponsoring member) and SYSTEM (the scheduler on validFrom / validTo).
 *
 *   FILED ─ACTIVATE→ ACTIVE                 (validFrom reached)
 *   FILED | ACTIVE ─REVOKE→ REVOKED          (the sponsor)
 *   FILED | ACTIVE ─EXPIRE→ EXPIRED          (validTo passed)
 *
 * A member's recognition of a waiver: RECOGNIZED ─END→ ENDED when the waiver is revoked or expires.
 */
import { StateMachine, type TransitionTable } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { HumanitarianWaiverStatus as S, WaiverRecognitionStatus as R } from './waiver.enums';

export type WaiverEvent = 'ACTIVATE' | 'REVOKE' | 'EXPIRE';
export type WaiverParty = 'SPONSOR' | 'SYSTEM';

export const waiverTable: TransitionTable<S, WaiverEvent, WaiverParty> = {
  FILED: {
    ACTIVATE: { to: S.ACTIVE, by: ['SYSTEM'] },
    REVOKE: { to: S.REVOKED, by: ['SPONSOR'] },
    EXPIRE: { to: S.EXPIRED, by: ['SYSTEM'] },
  },
  ACTIVE: {
    REVOKE: { to: S.REVOKED, by: ['SPONSOR'] },
    EXPIRE: { to: S.EXPIRED, by: ['SYSTEM'] },
  },
};

export const waiverMachine = new StateMachine<S, WaiverEvent, WaiverParty>('HumanitarianWaiver', Object.values(S), waiverTable, { audit: recordAudit });

export type WaiverRecognitionEvent = 'END';

export const waiverRecognitionTable: TransitionTable<R, WaiverRecognitionEvent, WaiverParty> = {
  RECOGNIZED: { END: { to: R.ENDED, by: ['SPONSOR', 'SYSTEM'] } },
};

export const waiverRecognitionMachine = new StateMachine<R, WaiverRecognitionEvent, WaiverParty>(
  'HumanitarianWaiverRecognition',
  Object.values(R),
  waiverRecognitionTable,
  { audit: recordAudit },
);
