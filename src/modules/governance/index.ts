/** The governance module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { DataGovernanceAttestation } from './governance.entity';
import { DataGovernanceResolver } from './governance.resolver';
import { GovernanceService } from './governance.service';

declare module '../../graphql/context' {
  interface Services {
    governance: GovernanceService;
  }
}

export const governanceModule = defineModule({
  name: 'governance',
  entities: [DataGovernanceAttestation],
  resolvers: [DataGovernanceResolver],
  services: ({ deps }) => ({ governance: new GovernanceService(deps) }),
});
