import type { NonEmptyArray } from 'type-graphql';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { PrincipalResolver } from '../modules/auth/principal.resolver';
import { ConsortiumResolver, JurisdictionResolver, MembershipResolver } from '../modules/jurisdictions/jurisdiction.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AuditResolver,
  ConsortiumResolver,
  JurisdictionResolver,
  MembershipResolver,
  PrincipalResolver,
];
