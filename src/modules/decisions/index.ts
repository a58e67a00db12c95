/** The decisions module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { EndUser, EndUserVerification } from './end-user.entity';
import { DenialConsultation, LicenceDecision } from './licence-decision.entity';
import { createDecisionLoaders } from './decision.loaders';
import { DecisionItemResolver, DenialConsultationResolver, EndUserVerificationResolver, LicenceDecisionResolver } from './decision.resolver';
import { ConsultationRulingEffects, LicenceRulingEffects } from './decision.ruling';
import { DecisionService } from './decision.service';

declare module '../../graphql/context' {
  interface Services {
    decisions: DecisionService;
  }
  interface Loaders extends ReturnType<typeof createDecisionLoaders> {}
}

export const decisionsModule = defineModule({
  name: 'decisions',
  entities: [EndUser, EndUserVerification, LicenceDecision, DenialConsultation],
  resolvers: [LicenceDecisionResolver, DecisionItemResolver, EndUserVerificationResolver, DenialConsultationResolver],
  loaders: createDecisionLoaders,
  services: ({ deps, service }) => ({ decisions: new DecisionService(deps, service('harmonized'), service('assessment')) }),
  contributes: () => ({ rulingEffects: { DENIAL_CONSULTATION: new ConsultationRulingEffects(), LICENCE_DECISION: new LicenceRulingEffects() } }),
});
