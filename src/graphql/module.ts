/**
 * What a module registers with the server: its entities, resolvers, request loaders and
 * services, in its own `index.ts`. The one list of modules is src/app/modules.ts; adding a
 * module means writing its index and adding it there.
 *
 * A module's services and loaders reach resolvers through `Context.services` and
 * `Context.loaders`, whose types each module extends in its index (declaration merging of
 * `Services` and `Loaders` in ./context), so this folder never imports a module.
 */
import type { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../shared/actor';
import type { ServiceDeps } from '../shared/service-deps';
import type { Loaders, Services } from './context';

/**
 * Hooks by which modules lower in the graph are told of modules above them (ruling effects
 * for disputes, the register for audit checkpoints). The module that calls a hook declares
 * its key and type here by declaration merging; the modules that answer it contribute.
 */
export interface Hooks {}

export interface ModuleContext {
  deps: ServiceDeps;
  // Functions, not methods: modules destructure them ({ deps, service }).
  /** A service of a module listed earlier in src/app/modules.ts. */
  service: <K extends keyof Services>(name: K) => Services[K];
  /** Every module's contribution to a hook, in module order. */
  contributions: <K extends keyof Hooks>(hook: K) => Hooks[K][];
}

export interface AccordModule {
  name: string;
  /** The TypeORM entities whose tables the module owns. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql and TypeORM take classes as Function
  entities?: Function[];
  /** Its type-graphql resolver classes. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- as above
  resolvers?: Function[];
  /** Its request-scoped DataLoaders, built once per request (caches never cross callers). */
  loaders?: (ds: DataSource, principal: AuthPrincipal | null) => Partial<Loaders>;
  /** Its services, built once per server. */
  services?: (ctx: ModuleContext) => Partial<Services>;
  /** Its answers to other modules' hooks. */
  contributes?: (deps: ServiceDeps) => Partial<Hooks>;
}

export function defineModule(m: AccordModule): AccordModule {
  return m;
}
