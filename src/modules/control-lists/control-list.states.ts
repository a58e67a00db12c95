/**
 * Life of a control-list version (DESIGN.md §1, Control lists): DRAFT ─PUBLISH→ PUBLISHED
 * ─SUPERSEDE→ SUPERSEDED; a version published ahead of its effectiveFrom is DRAFT
 * ─SCHEDULE→ SCHEDULED ─TAKE_EFFECT→ PUBLISHED on its day, or ─OVERTAKE→ SUPERSEDED when a
 * newer version took effect first. Parties: PUBLISHER (a regulator who may write the list),
 * PUBLICATION (the publication of the list's next version supersedes the current one),
 * SYSTEM (the scheduler, on the version's day).
 */
import { StateMachine } from '../../shared/state-machine';
import { recordAudit } from '../audit/audit-chain';
import { VersionStatus } from './control-list.enums';

export type VersionEvent = 'PUBLISH' | 'SCHEDULE' | 'TAKE_EFFECT' | 'OVERTAKE' | 'SUPERSEDE';
export type VersionParty = 'PUBLISHER' | 'PUBLICATION' | 'SYSTEM';

export const versionMachine = new StateMachine<VersionStatus, VersionEvent, VersionParty>(
  'ControlListVersion',
  Object.values(VersionStatus),
  {
    DRAFT: {
      PUBLISH: { to: VersionStatus.PUBLISHED, by: ['PUBLISHER'] },
      SCHEDULE: { to: VersionStatus.SCHEDULED, by: ['PUBLISHER'] },
    },
    SCHEDULED: {
      TAKE_EFFECT: { to: VersionStatus.PUBLISHED, by: ['SYSTEM'] },
      OVERTAKE: { to: VersionStatus.SUPERSEDED, by: ['SYSTEM'] },
    },
    PUBLISHED: { SUPERSEDE: { to: VersionStatus.SUPERSEDED, by: ['PUBLICATION'] } },
  },
  { audit: recordAudit },
);
