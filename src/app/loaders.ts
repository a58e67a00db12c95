/**
 * The request-scoped DataLoaders of every module. createContext calls createLoaders once
 * per request, so caches never cross callers; each nested list is one statement per batch
 * with a stable order (its time or rank, then the id).
 *
 * A module's loaders are built on the first read of one of its keys (`ctx.loaders.x`), not
 * with the context: a request uses one or two modules' loaders of the dozen, and building
 * them all showed in the profile of a simple read.
 */
import type { DataSource } from 'typeorm';
import type { Loaders } from '../graphql/context';
import type { AuthPrincipal } from '../shared/actor';
import { modules } from './modules';

const DATA_SOURCE = Symbol('dataSource');
const PRINCIPAL = Symbol('principal');

/** One request's loaders: the caller's data source and principal; each module's set is built when first read. */
class RequestLoaders {
  declare [DATA_SOURCE]: DataSource;
  declare [PRINCIPAL]: AuthPrincipal | null;
  constructor(ds: DataSource, principal: AuthPrincipal | null) {
    this[DATA_SOURCE] = ds;
    this[PRINCIPAL] = principal;
  }
}

/** The instance's own property from now on (read, written or replaced like any loader). */
function own(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Which module's set holds each key, learnt from one set of each built once (building a set
 * runs no statement); a key of two modules is the later one's, as when the sets were merged
 * in module order.
 */
let layoutDone = false;
function layout(ds: DataSource): void {
  if (layoutDone) return;
  layoutDone = true;
  const owner = new Map<string, (ds: DataSource, principal: AuthPrincipal | null) => Partial<Loaders>>();
  for (const m of modules) {
    if (!m.loaders) continue;
    for (const key of Object.keys(m.loaders(ds, null))) owner.set(key, m.loaders);
  }
  for (const [key, build] of owner) {
    Object.defineProperty(RequestLoaders.prototype, key, {
      enumerable: true,
      configurable: true,
      get(this: RequestLoaders) {
        const set = build(this[DATA_SOURCE], this[PRINCIPAL]) as Record<string, unknown>;
        for (const k of Object.keys(set)) if (owner.get(k) === build && !Object.prototype.hasOwnProperty.call(this, k)) own(this, k, set[k]);
        return set[key];
      },
      set(this: RequestLoaders, value: unknown) {
        own(this, key, value);
      },
    });
  }
}

export function createLoaders(ds: DataSource, principal: AuthPrincipal | null = null): Loaders {
  layout(ds);
  return new RequestLoaders(ds, principal) as unknown as Loaders;
}
