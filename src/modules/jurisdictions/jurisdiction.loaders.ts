/** Consortia, jurisdictions and memberships: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byIdsLoader, byKey, groupByKey } from '../../graphql/batch';
import { Consortium } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { Membership } from './membership.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createJurisdictionLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    consortium: byIdsLoader(ds, Consortium),
    jurisdiction: new DataLoader<string, Jurisdiction | null>(async (codes) =>
      byKey(codes, await ds.getRepository(Jurisdiction).findBy({ code: In([...codes]) }), (j) => j.code),
    ),
    membershipsByConsortium: new DataLoader<string, Membership[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(Membership).find({ where: { consortiumId: In([...ids]) }, order: { jurisdictionCode: 'ASC', id: 'ASC' } }),
        (m) => m.consortiumId,
      ),
    ),
  };
}
