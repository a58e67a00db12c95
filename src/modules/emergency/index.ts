/** The emergency module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { EmergencyDeclaration, FastTrackApplication, MonitoringReport, ProvisionalAuthorization } from './emergency.entity';
import { createEmergencyLoaders } from './emergency.loaders';
import { EmergencyDeclarationResolver, FastTrackResolver, ProvisionalAuthorizationResolver } from './emergency.resolver';
import { EmergencyRulingEffects } from './emergency.ruling';
import { EmergencyService } from './emergency.service';

declare module '../../graphql/context' {
  interface Services {
    emergency: EmergencyService;
  }
  interface Loaders extends ReturnType<typeof createEmergencyLoaders> {}
}

export const emergencyModule = defineModule({
  name: 'emergency',
  entities: [EmergencyDeclaration, FastTrackApplication, ProvisionalAuthorization, MonitoringReport],
  resolvers: [EmergencyDeclarationResolver, FastTrackResolver, ProvisionalAuthorizationResolver],
  loaders: createEmergencyLoaders,
  services: ({ deps, service }) => ({ emergency: new EmergencyService(deps, service('decisions'), service('harmonized')) }),
  contributes: () => ({ rulingEffects: { PROVISIONAL_AUTHORIZATION: new EmergencyRulingEffects() } }),
});
