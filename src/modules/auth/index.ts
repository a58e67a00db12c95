/** The auth module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { Principal } from './principal.entity';
import { createPrincipalLoaders } from './principal.loaders';
import { PrincipalResolver } from './principal.resolver';
import { PrincipalService } from './principal.service';

declare module '../../graphql/context' {
  interface Services {
    principals: PrincipalService;
  }
  interface Loaders extends ReturnType<typeof createPrincipalLoaders> {}
}

export const authModule = defineModule({
  name: 'auth',
  entities: [Principal],
  resolvers: [PrincipalResolver],
  loaders: createPrincipalLoaders,
  services: ({ deps }) => ({ principals: new PrincipalService(deps) }),
});
