import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from './errors';

/**
 * Run `work` in one transaction. A serialization failure or deadlock between two
 * concurrent transitions becomes CONFLICT for the loser (the winner has committed).
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (err) {
    const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
    if (code === '40001' || code === '40P01') throw new ConflictError('a concurrent change to the same record won; reload and try again');
    throw err;
  }
}
