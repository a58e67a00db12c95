/** Building blocks of request-scoped DataLoaders: one statement per batch, results in key order. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';

/** Order `rows` like `keys`, null where missing. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Group `rows` by key, in the order of `keys`. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** Rows of `entity` by id, one statement per batch. */
export function byIdsLoader<T extends { id: string }>(ds: DataSource, entity: new () => T): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => byKey(ids, await ds.getRepository(entity).findBy({ id: In([...ids]) } as never), (x) => x.id));
}

/** The ids among `ids` that can be UUIDs (others are simply not found). */
export const uuids = (ids: readonly string[]): string[] => ids.filter((x) => /^[0-9a-f-]{36}$/i.test(x));
