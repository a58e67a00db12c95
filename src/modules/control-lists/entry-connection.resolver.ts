import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { ConnectionShape } from '../../shared/pagination';
import type { ControlEntry } from './control-entry.entity';
import { ControlEntryConnection } from './control-list.types';

/** Fields of a page of entries that not every query path sets. */
@Resolver(() => ControlEntryConnection)
export class ControlEntryConnectionResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when a full-text search matched more entries than it ranks (1,000): `totalCount` is then that cap, and the ranked entries are the best of the first 1,000 matches the index yields, not of all.',
  })
  totalCountCapped(@Root() c: ConnectionShape<ControlEntry> & { totalCountCapped?: boolean }): boolean {
    return c.totalCountCapped === true;
  }
}
