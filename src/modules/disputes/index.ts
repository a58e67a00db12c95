/** The disputes module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import type { RulingEffects } from '../../shared/ruling-effects';
import { DisputeCase, DisputeConflict, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeThirdParty, DisputeVote } from './dispute.entity';
import { ContestedDecisionKind } from './dispute.enums';
import { createDisputeLoaders } from './dispute.loaders';
import { DisputeResolver } from './dispute.resolver';
import type { DisputeEffects } from './dispute.frame';
import { DisputeService } from './dispute.service';

declare module '../../graphql/context' {
  interface Services {
    disputes: DisputeService;
  }
  interface Loaders extends ReturnType<typeof createDisputeLoaders> {}
}

declare module '../../graphql/module' {
  interface Hooks {
    /** Each contested kind is owned by its module, which reads the decision and applies a ruling's effect. */
    rulingEffects: Partial<Record<keyof DisputeEffects, RulingEffects>>;
  }
}

export const disputesModule = defineModule({
  name: 'disputes',
  entities: [DisputeCase, DisputePanelist, DisputeSubmission, DisputeVote, DisputeRuling, DisputeThirdParty, DisputeConflict],
  resolvers: [DisputeResolver],
  loaders: createDisputeLoaders,
  services: ({ deps, contributions }) => {
    const effects = Object.assign({}, ...contributions('rulingEffects')) as Partial<DisputeEffects>;
    const missing = Object.values(ContestedDecisionKind).filter((kind) => !effects[kind]);
    if (missing.length) throw new Error(`no module applies rulings on ${missing.join(', ')}`);
    return { disputes: new DisputeService(deps, effects as DisputeEffects) };
  },
});
