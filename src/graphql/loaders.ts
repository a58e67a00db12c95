/**
 * The one place request-scoped DataLoaders are built. createContext calls createLoaders
 * once per request, so caches never cross callers.
 */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import { Membership } from '../modules/jurisdictions/membership.entity';

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

export function createLoaders(ds: DataSource) {
  return {
    jurisdiction: new DataLoader<string, Jurisdiction | null>(async (codes) =>
      byKey(codes, await ds.getRepository(Jurisdiction).findBy({ code: In([...codes]) }), (j) => j.code),
    ),
    membershipsByConsortium: new DataLoader<string, Membership[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(Membership).find({ where: { consortiumId: In([...ids]) }, order: { jurisdictionCode: 'ASC' } }),
        (m) => m.consortiumId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
