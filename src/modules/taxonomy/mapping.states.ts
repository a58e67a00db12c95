/**
 * Review of an entry mapping (DESIGN.md §1, Shared taxonomy and mappings):
 * PROPOSED → ACCEPTED | REJECTED by the secretariat; ACCEPTED → STALE when a newer
 * published version changes the entry (fired by the publication itself); a dispute
 * ruling on a review flips it (overturn) or sends it back to PROPOSED (remand).
 */
import { StateMachine } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { MappingStatus } from './taxonomy.enums';

export type MappingEvent = 'ACCEPT' | 'REJECT' | 'MARK_STALE' | 'REOPEN';
export type MappingParty = 'SECRETARIAT' | 'PUBLICATION' | 'RULING';

export const mappingMachine = new StateMachine<MappingStatus, MappingEvent, MappingParty>(
  'EntryMapping',
  Object.values(MappingStatus),
  {
    PROPOSED: {
      // A dispute ruling decides a mapping its earlier ruling sent back for review.
      ACCEPT: { to: MappingStatus.ACCEPTED, by: ['SECRETARIAT', 'RULING'] },
      REJECT: { to: MappingStatus.REJECTED, by: ['SECRETARIAT', 'RULING'] },
    },
    ACCEPTED: {
      MARK_STALE: { to: MappingStatus.STALE, by: ['PUBLICATION'] },
      // A dispute ruling on the review: overturn flips it, remand sends it back for review.
      REJECT: { to: MappingStatus.REJECTED, by: ['RULING'] },
      REOPEN: { to: MappingStatus.PROPOSED, by: ['RULING'] },
    },
    REJECTED: {
      ACCEPT: { to: MappingStatus.ACCEPTED, by: ['RULING'] },
      REOPEN: { to: MappingStatus.PROPOSED, by: ['RULING'] },
    },
  },
  { audit: recordAudit },
);
