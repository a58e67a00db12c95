/** Lists, versions and entries the caller may read: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { byIdsLoader, byKey, groupByKey, uuids } from '../../graphql/batch';
import type { AuthPrincipal } from '../../shared/actor';
import { ControlEntry } from './control-entry.entity';
import { ControlList } from './control-list.entity';
import { ControlListVersion } from './control-list-version.entity';
import { readableVersionSql } from './visibility';

export function createControlListLoaders(ds: DataSource, principal: AuthPrincipal | null) {
  /** The draft rule on a query builder with `v` (control_list_version) in it; joins `l` (control_list). */
  const readableVersions = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
    const params: Record<string, unknown> = {};
    const where = readableVersionSql(principal, (value) => {
      params.readerJurisdiction = value;
      return ':readerJurisdiction';
    });
    return qb.innerJoin(ControlList, 'l', 'l.id = v.list_id').where(where, params);
  };
  return {
    controlList: byIdsLoader(ds, ControlList),
    /** Versions the caller may read (src/modules/control-lists/visibility.ts): null for another's draft. */
    controlListVersion: new DataLoader<string, ControlListVersion | null>(async (ids) => {
      const qb = readableVersions(ds.getRepository(ControlListVersion).createQueryBuilder('v')).andWhere('v.id IN (:...ids)', { ids: uuids(ids) });
      return byKey(ids, uuids(ids).length ? await qb.getMany() : [], (v) => v.id);
    }),
    /** Entries the caller may read: null for an entry of another's draft. */
    controlEntry: new DataLoader<string, ControlEntry | null>(async (ids) => {
      const qb = readableVersions(ds.getRepository(ControlEntry).createQueryBuilder('e').innerJoin(ControlListVersion, 'v', 'v.id = e.version_id')).andWhere(
        'e.id IN (:...ids)',
        { ids: uuids(ids) },
      );
      return byKey(ids, uuids(ids).length ? await qb.getMany() : [], (e) => e.id);
    }),
    versionsByList: new DataLoader<string, ControlListVersion[]>(async (ids) =>
      groupByKey(
        ids,
        await readableVersions(ds.getRepository(ControlListVersion).createQueryBuilder('v'))
          .andWhere('v.list_id IN (:...ids)', { ids: [...ids] })
          .orderBy('v.effective_from', 'DESC')
          .addOrderBy('v.created_at', 'DESC')
          .getMany(),
        (v) => v.listId,
      ),
    ),
  };
}
