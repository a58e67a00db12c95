/**
 * Life of a control-list version (DESIGN.md §1, Control lists): DRAFT ─PUBLISH→ PUBLISHED
 * ─SUPERSEDE→ SUPERSEDED. Parties: PUBLISHER (a regulator who may write the list),
 * PUBLICATION (the publication of the list's next version supersedes the current one).
 */
import { StateMachine } from '../../shared/state-machine';
import { VersionStatus } from './control-list.enums';

export type VersionEvent = 'PUBLISH' | 'SUPERSEDE';
export type VersionParty = 'PUBLISHER' | 'PUBLICATION';

export const versionMachine = new StateMachine<VersionStatus, VersionEvent, VersionParty>('ControlListVersion', Object.values(VersionStatus), {
  DRAFT: { PUBLISH: { to: VersionStatus.PUBLISHED, by: ['PUBLISHER'] } },
  PUBLISHED: { SUPERSEDE: { to: VersionStatus.SUPERSEDED, by: ['PUBLICATION'] } },
});
