/**
 * Loading a row to change it: inside the caller's transaction, under a row lock (FOR UPDATE),
 * so concurrent changes of the same row queue and the second sees the first's result. An id
 * that is not a UUID is simply not found (it never reaches SQL as a cast error).
 */
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { NotFoundError } from './errors';
import { isUuid } from './ids';

/** The row with `id`, locked FOR UPDATE, or null. */
export async function findLocked<T extends ObjectLiteral & { id: string }>(m: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
  if (!isUuid(id)) return null;
  return m.getRepository(entity).findOne({ where: { id } as FindOptionsWhere<T>, lock: { mode: 'pessimistic_write' } });
}

/** The row with `id`, locked FOR UPDATE; NOT_FOUND naming `what` when there is none. */
export async function lockOrNotFound<T extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  what: string,
): Promise<T> {
  const row = await findLocked(m, entity, id);
  if (!row) throw new NotFoundError(what, id);
  return row;
}
