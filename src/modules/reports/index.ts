/** The reports module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import {
  DestinationStatsResolver,
  FindingDecisionResolver,
  LicenceDecisionNearDuplicateResolver,
  NearDuplicateDenialResolver,
  ReportsResolver,
} from './reports.resolver';
import { ReportService } from './reports.service';

declare module '../../graphql/context' {
  interface Services {
    reports: ReportService;
  }
}

export const reportsModule = defineModule({
  name: 'reports',
  resolvers: [ReportsResolver, FindingDecisionResolver, DestinationStatsResolver, NearDuplicateDenialResolver, LicenceDecisionNearDuplicateResolver],
  services: ({ deps }) => ({ reports: new ReportService(deps) }),
});
