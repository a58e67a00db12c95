import type { EntityManager } from 'typeorm';
import type { Actor } from '../../shared/actor';
import type { Clock } from '../../shared/clock';

export interface VersionChange {
  /** The version in force until now. */
  previousVersionId: string;
  /** The version being published (or scheduled) in its place. */
  newVersionId: string;
  now: Date;
  actor: Actor;
  clock: Clock;
}

/**
 * What a publication does to the taxonomy mappings of the list's entries. The taxonomy
 * module owns them and implements this; publishing calls it inside its transaction.
 */
export interface VersionMappings {
  /** Carry accepted mappings of unchanged entries onto the new version; mark those of changed entries STALE. */
  carryForward(m: EntityManager, change: VersionChange): Promise<{ carried: number; stale: number }>;
}
