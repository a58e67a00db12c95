/**
 * The service layer, built once per server from the modules' registrations: services hold
 * the rules and reach data through the DataSource (and the transaction's EntityManager)
 * they are given.
 */
import type { Services } from '../graphql/context';
import type { Hooks, ModuleContext } from '../graphql/module';
import type { ServiceDeps } from '../shared/service-deps';
import { modules } from './modules';

export function createServices(deps: ServiceDeps): Services {
  const hooks = modules.map((m) => m.contributes?.(deps) ?? {});
  const built: Partial<Services> = {};
  const ctx: ModuleContext = {
    deps,
    service: (name) => {
      const s = built[name];
      if (!s) throw new Error(`service ${String(name)} is not built yet: its module must come earlier in src/app/modules.ts`);
      return s;
    },
    contributions: <K extends keyof Hooks>(hook: K) => hooks.flatMap((h) => (h[hook] === undefined ? [] : [h[hook]])),
  };
  for (const m of modules) Object.assign(built, m.services?.(ctx));
  return built as Services;
}
