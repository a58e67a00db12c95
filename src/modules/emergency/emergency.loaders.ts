/** Declarations, authorizations and their monitoring reports: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdsLoader, groupByKey } from '../../graphql/batch';
import { EmergencyDeclaration, MonitoringReport, ProvisionalAuthorization } from './emergency.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createEmergencyLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    declaration: byIdsLoader(ds, EmergencyDeclaration),
    authorization: byIdsLoader(ds, ProvisionalAuthorization),
    reportsByAuthorization: new DataLoader<string, MonitoringReport[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(MonitoringReport).find({ where: { authorizationId: In([...ids]) }, order: { submittedAt: 'ASC', id: 'ASC' } }),
        (r) => r.authorizationId,
      ),
    ),
  };
}
