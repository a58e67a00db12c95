import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ConflictError } from './errors';

/** The manager of the transaction the current code runs in (set by `inTransaction`). */
const scope = new AsyncLocalStorage<EntityManager>();

export function currentTransaction(): EntityManager | undefined {
  return scope.getStore();
}

/**
 * True when a statement about to run on `queryRunner` would leave the current transaction:
 * inside `inTransaction` every query goes through its manager. A query on another runner
 * needs a second pooled connection while the transaction holds the first, which is how a
 * full pool wedges for good; it also reads outside the transaction's snapshot and locks.
 */
export function escapesTransaction(queryRunner: QueryRunner | undefined): boolean {
  const tx = scope.getStore();
  return tx !== undefined && queryRunner !== tx.queryRunner;
}

/**
 * Run `work` in one transaction. A serialization failure or deadlock between two
 * concurrent transitions becomes CONFLICT for the loser (the winner has committed).
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction((manager) => scope.run(manager, () => work(manager)));
  } catch (err) {
    const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
    if (code === '40001' || code === '40P01') throw new ConflictError('a concurrent change to the same record won; reload and try again');
    throw err;
  }
}
