import type { NonEmptyArray } from 'type-graphql';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { PrincipalResolver } from '../modules/auth/principal.resolver';
import { ConsortiumResolver, JurisdictionResolver, MembershipResolver } from '../modules/jurisdictions/jurisdiction.resolver';
import { ControlEntryResolver, ControlListResolver, ControlListVersionResolver } from '../modules/control-lists/control-list.resolver';
import {
  ConcordanceResolver,
  GapReportResolver,
  HarmonizedControlResolver,
  HarmonizedItemResolver,
  MemberCoverageResolver,
} from '../modules/harmonized/harmonized.resolver';
import { EntryMappingResolver, TaxonomyResolver } from '../modules/taxonomy/taxonomy.resolver';
import {
  DecisionItemResolver,
  DenialConsultationResolver,
  EndUserVerificationResolver,
  LicenceDecisionResolver,
} from '../modules/decisions/decision.resolver';
import { RecognitionResolver, RecognitionResponseResolver } from '../modules/recognition/recognition.resolver';
import { EmergencyDeclarationResolver, FastTrackResolver, ProvisionalAuthorizationResolver } from '../modules/emergency/emergency.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AuditResolver,
  DecisionItemResolver,
  DenialConsultationResolver,
  EmergencyDeclarationResolver,
  EndUserVerificationResolver,
  FastTrackResolver,
  ProvisionalAuthorizationResolver,
  LicenceDecisionResolver,
  RecognitionResolver,
  RecognitionResponseResolver,
  ConcordanceResolver,
  ConsortiumResolver,
  ControlEntryResolver,
  ControlListResolver,
  ControlListVersionResolver,
  EntryMappingResolver,
  GapReportResolver,
  HarmonizedControlResolver,
  HarmonizedItemResolver,
  MemberCoverageResolver,
  TaxonomyResolver,
  JurisdictionResolver,
  MembershipResolver,
  PrincipalResolver,
];
