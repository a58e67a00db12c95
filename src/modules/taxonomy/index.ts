/** The taxonomy module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { EntryMapping } from './entry-mapping.entity';
import { TaxonomyNode } from './taxonomy-node.entity';
import { createTaxonomyLoaders } from './taxonomy.loaders';
import { ControlEntryMappingsResolver, EntryMappingResolver, TaxonomyResolver } from './taxonomy.resolver';
import { TaxonomyService } from './taxonomy.service';
import { MappingCarryForward } from './mapping.carry-forward';
import { MappingRulingEffects } from './mapping.ruling';

declare module '../../graphql/context' {
  interface Services {
    taxonomy: TaxonomyService;
  }
  interface Loaders extends ReturnType<typeof createTaxonomyLoaders> {}
}

export const taxonomyModule = defineModule({
  name: 'taxonomy',
  entities: [TaxonomyNode, EntryMapping],
  resolvers: [TaxonomyResolver, EntryMappingResolver, ControlEntryMappingsResolver],
  loaders: createTaxonomyLoaders,
  services: ({ deps }) => ({ taxonomy: new TaxonomyService(deps) }),
  contributes: () => ({ versionMappings: new MappingCarryForward(), rulingEffects: { MAPPING_REVIEW: new MappingRulingEffects() } }),
});
