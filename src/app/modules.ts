/**
 * The one list of Accord's modules. Each module's `index.ts` registers its entities,
 * resolvers, request loaders and services (src/graphql/module.ts); adding a module means
 * writing its index and adding it here. Services are built in this order: a module may use
 * the services of those above it.
 */
import type { AccordModule } from '../graphql/module';
import { auditModule } from '../modules/audit';
import { authModule } from '../modules/auth';
import { jurisdictionsModule } from '../modules/jurisdictions';
import { controlListsModule } from '../modules/control-lists';
import { taxonomyModule } from '../modules/taxonomy';
import { harmonizedModule } from '../modules/harmonized';
import { licensingModule } from '../modules/licensing';
import { assessmentModule } from '../modules/assessment';
import { decisionsModule } from '../modules/decisions';
import { registerModule } from '../modules/register';
import { recognitionModule } from '../modules/recognition';
import { emergencyModule } from '../modules/emergency';
import { disputesModule } from '../modules/disputes';
import { notificationsModule } from '../modules/notifications';
import { waiversModule } from '../modules/waivers';
import { governanceModule } from '../modules/governance';
import { reportsModule } from '../modules/reports';
import { linksModule } from './links.resolver';

export const modules: readonly AccordModule[] = [
  auditModule,
  authModule,
  jurisdictionsModule,
  controlListsModule,
  taxonomyModule,
  harmonizedModule,
  licensingModule,
  assessmentModule,
  decisionsModule,
  registerModule,
  recognitionModule,
  emergencyModule,
  disputesModule,
  notificationsModule,
  waiversModule,
  governanceModule,
  reportsModule,
  linksModule,
];

/** Every TypeORM entity; the DataSource in ormconfig.ts takes this list. */
export const entities = modules.flatMap((m) => m.entities ?? []);

/** Every resolver class of the schema. */
export const resolvers = modules.flatMap((m) => m.resolvers ?? []);
