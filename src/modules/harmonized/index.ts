/** The harmonized module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { ConcordanceResolver, GapReportResolver, HarmonizedControlResolver, HarmonizedItemResolver, MemberCoverageResolver } from './harmonized.resolver';
import { HarmonizedService } from './harmonized.service';

declare module '../../graphql/context' {
  interface Services {
    harmonized: HarmonizedService;
  }
}

export const harmonizedModule = defineModule({
  name: 'harmonized',
  resolvers: [HarmonizedItemResolver, HarmonizedControlResolver, MemberCoverageResolver, ConcordanceResolver, GapReportResolver],
  services: ({ deps }) => ({ harmonized: new HarmonizedService(deps) }),
});
