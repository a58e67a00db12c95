/**
 * The request-scoped DataLoaders of every module. createContext calls createLoaders once
 * per request, so caches never cross callers; each nested list is one statement per batch
 * with a stable order (its time or rank, then the id).
 */
import type { DataSource } from 'typeorm';
import type { Loaders } from '../graphql/context';
import type { AuthPrincipal } from '../shared/actor';
import { modules } from './modules';

export function createLoaders(ds: DataSource, principal: AuthPrincipal | null = null): Loaders {
  const loaders: Partial<Loaders> = {};
  for (const m of modules) Object.assign(loaders, m.loaders?.(ds, principal));
  return loaders as Loaders;
}
