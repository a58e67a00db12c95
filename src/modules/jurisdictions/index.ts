/** The jurisdictions module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { Consortium } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { Membership } from './membership.entity';
import { createJurisdictionLoaders } from './jurisdiction.loaders';
import { ConsortiumResolver, JurisdictionResolver, MembershipResolver } from './jurisdiction.resolver';
import { JurisdictionService } from './jurisdiction.service';

declare module '../../graphql/context' {
  interface Services {
    jurisdictions: JurisdictionService;
  }
  interface Loaders extends ReturnType<typeof createJurisdictionLoaders> {}
}

export const jurisdictionsModule = defineModule({
  name: 'jurisdictions',
  entities: [Jurisdiction, Consortium, Membership],
  resolvers: [JurisdictionResolver, ConsortiumResolver, MembershipResolver],
  loaders: createJurisdictionLoaders,
  services: ({ deps }) => ({ jurisdictions: new JurisdictionService(deps) }),
});
