/** The licensing module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { CountryGroup } from './country-group.entity';
import { LicensingRule } from './licensing-rule.entity';
import { createLicensingLoaders } from './licensing.loaders';
import { CountryGroupResolver, LicensingRuleResolver } from './licensing.resolver';
import { LicensingService } from './licensing.service';

declare module '../../graphql/context' {
  interface Services {
    licensing: LicensingService;
  }
  interface Loaders extends ReturnType<typeof createLicensingLoaders> {}
}

export const licensingModule = defineModule({
  name: 'licensing',
  entities: [CountryGroup, LicensingRule],
  resolvers: [CountryGroupResolver, LicensingRuleResolver],
  loaders: createLicensingLoaders,
  services: ({ deps }) => ({ licensing: new LicensingService(deps) }),
});
