/**
 * The operations the bad-input property test throws hostile values at: for each, its
 * document, the principal, the fixture, the valid variables a run starts from and the kind
 * of each field.
 */
import type { workflowFixtures } from './workflow-fixtures';
import type { TestApp } from './test-app';
import type { Op } from './hostile-values';
import { mutationOps } from './bad-input-ops.mutations';
import { moreMutationOps } from './bad-input-ops.mutations-2';
import { readOps } from './bad-input-ops.reads';

export interface BadInputEnv {
  t: () => TestApp;
  consortiumId: () => string;
  /** The consortium policy as it was before the run (restored after a successful change). */
  originalPolicy: () => Record<string, unknown>;
  shared: Record<string, any>;
  fx: ReturnType<typeof workflowFixtures>;
  waiver: () => Promise<string>;
  waiverInput: () => Record<string, unknown>;
}

export function badInputOps(env: BadInputEnv): Op[] {
  return [...mutationOps(env), ...moreMutationOps(env), ...readOps(env)];
}
