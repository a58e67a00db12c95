/** What the phases of the dataset generation share. */
import type cliProgress from 'cli-progress';
import type { Client } from 'pg';
import type { Scale } from './config';

export interface Member {
  j: number;
  code: string;
  adopts: string | null;
}

export interface AuditRow {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string;
  actorJurisdiction: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  rationale: string | null;
}

export interface GenerationContext {
  db: Client;
  scale: Scale;
  /** The generation's "now" (whole seconds); every date of the dataset is relative to it. */
  now: Date;
  bar: cliProgress.SingleBar;
  /** Records the time spent since the previous phase under this name. */
  phase: (name: string) => void;
  /** Audit events implied by the generated rows, chained at the end. */
  audit: AuditRow[];
}

/** What the catalogue phases leave for the later ones. */
export interface Catalogue {
  consortiumId: string;
  members: Member[];
  /** When the bench lists were created and imported. */
  listAt: Date;
}
