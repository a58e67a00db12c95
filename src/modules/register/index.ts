/** The register module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { RegisterEntry } from './register-entry.entity';
import { RegisterKind } from './register.enums';
import { MemberStatsResolver, RegisterResolver } from './register.resolver';
import { RegisterService } from './register.service';
import { publishToRegister } from './register.writer';

declare module '../../graphql/context' {
  interface Services {
    register: RegisterService;
  }
}

export const registerModule = defineModule({
  name: 'register',
  entities: [RegisterEntry],
  resolvers: [RegisterResolver, MemberStatsResolver],
  services: ({ deps }) => ({ register: new RegisterService(deps) }),
  contributes: (deps) => ({
    auditCheckpointPublisher: (m, entry) => publishToRegister(m, deps.clock, { kind: RegisterKind.AUDIT_CHECKPOINT, consortiumId: null, ...entry }),
  }),
});
