/** The audit module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import { createAuditLoaders } from './audit.loaders';
import { AuditService, type CheckpointPublisher } from './audit.service';
import { AuditCheckpointResolver, AuditResolver } from './audit.resolver';

declare module '../../graphql/context' {
  interface Services {
    audit: AuditService;
  }
  interface Loaders extends ReturnType<typeof createAuditLoaders> {}
}

declare module '../../graphql/module' {
  interface Hooks {
    /** Where a signed checkpoint of the chain is published (the register). */
    auditCheckpointPublisher: CheckpointPublisher;
  }
}

export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEvent, AuditCheckpoint],
  resolvers: [AuditResolver, AuditCheckpointResolver],
  loaders: createAuditLoaders,
  services: ({ deps, contributions }) => {
    const [publish] = contributions('auditCheckpointPublisher');
    if (!publish) throw new Error('no module publishes audit checkpoints');
    return { audit: new AuditService(deps, publish) };
  },
});
