/** Principals: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byKey, uuids } from '../../graphql/batch';
import { Principal } from './principal.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createPrincipalLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    principal: new DataLoader<string, Principal | null>(async (ids) =>
      byKey(ids, await ds.getRepository(Principal).findBy({ id: In(uuids(ids)) }), (p) => p.id),
    ),
  };
}
