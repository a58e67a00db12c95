/**
 * What a granting member decided after consulting a denying member (`outcome`), as a
 * table. It is recorded once by the member; afterwards only a dispute ruling changes it:
 * an overturn (or remand) makes a PROCEED a REFRAIN, an appeal ruling that upholds the
 * decision restores PROCEED. Party: RULING.
 */
import { StateMachine } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { ConsultationOutcome as O } from './decision.enums';

export type ConsultationEvent = 'RULED_REFRAIN' | 'RULED_PROCEED';
export type ConsultationParty = 'RULING';

export const consultationMachine = new StateMachine<O, ConsultationEvent, ConsultationParty>(
  'DenialConsultation',
  Object.values(O),
  {
    PROCEED: { RULED_REFRAIN: { to: O.REFRAIN, by: ['RULING'] } },
    REFRAIN: { RULED_PROCEED: { to: O.PROCEED, by: ['RULING'] } },
  },
  { audit: recordAudit, field: 'outcome' },
);
