/** The control-lists module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { ControlEntry } from './control-entry.entity';
import { ControlList } from './control-list.entity';
import { ControlListVersion } from './control-list-version.entity';
import { createControlListLoaders } from './control-list.loaders';
import { ControlEntryResolver, ControlListResolver, ControlListVersionResolver } from './control-list.resolver';
import { ControlListQueries } from './control-list.query';
import { ControlListService } from './control-list.service';
import { ControlEntryConnectionResolver } from './entry-connection.resolver';
import type { VersionMappings } from './version-mappings';

declare module '../../graphql/context' {
  interface Services {
    lists: ControlListService;
    listQueries: ControlListQueries;
  }
  interface Loaders extends ReturnType<typeof createControlListLoaders> {}
}

declare module '../../graphql/module' {
  interface Hooks {
    /** What a publication does to the mappings of the list's entries (the taxonomy). */
    versionMappings: VersionMappings;
  }
}

export const controlListsModule = defineModule({
  name: 'control-lists',
  entities: [ControlList, ControlListVersion, ControlEntry],
  resolvers: [ControlListResolver, ControlListVersionResolver, ControlEntryResolver, ControlEntryConnectionResolver],
  loaders: createControlListLoaders,
  services: ({ deps, contributions }) => {
    const [mappings] = contributions('versionMappings');
    if (!mappings) throw new Error('no module carries mappings across list versions');
    return { lists: new ControlListService(deps, mappings), listQueries: new ControlListQueries(deps) };
  },
});
