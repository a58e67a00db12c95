import type { NonEmptyArray } from 'type-graphql';
import { AuditCheckpointResolver, AuditResolver } from '../modules/audit/audit.resolver';
import { PrincipalResolver } from '../modules/auth/principal.resolver';
import { ControlEntryResolver, ControlListResolver, ControlListVersionResolver } from '../modules/control-lists/control-list.resolver';
import { ControlEntryConnectionResolver } from '../modules/control-lists/entry-connection.resolver';
import { DecisionItemResolver, DenialConsultationResolver, EndUserVerificationResolver, LicenceDecisionResolver } from '../modules/decisions/decision.resolver';
import { DisputeResolver } from '../modules/disputes/dispute.resolver';
import { DisputePartyResolver, DisputeThirdPartyResolver } from './links.resolver';
import { EmergencyDeclarationResolver, FastTrackResolver, ProvisionalAuthorizationResolver } from '../modules/emergency/emergency.resolver';
import {
  ConcordanceResolver,
  GapReportResolver,
  HarmonizedControlResolver,
  HarmonizedItemResolver,
  MemberCoverageResolver,
} from '../modules/harmonized/harmonized.resolver';
import { ConsortiumResolver, JurisdictionResolver, MembershipResolver } from '../modules/jurisdictions/jurisdiction.resolver';
import { RecognitionImplementationResolver, RecognitionResolver, RecognitionResponseResolver } from '../modules/recognition/recognition.resolver';
import { ControlEntryMappingsResolver, EntryMappingResolver, TaxonomyResolver } from '../modules/taxonomy/taxonomy.resolver';
import { NotificationsResolver } from '../modules/notifications/notifications.resolver';
import { MemberStatsResolver, RegisterResolver } from '../modules/register/register.resolver';
import { CountryGroupResolver, LicensingRuleResolver } from '../modules/licensing/licensing.resolver';
import { AssessmentResolver, MemberRequirementResolver, TransactionEntryMatchResolver } from '../modules/assessment/assessment.resolver';
import { DestinationStatsResolver, FindingDecisionResolver, LicenceDecisionNearDuplicateResolver, NearDuplicateDenialResolver, ReportsResolver } from '../modules/reports/reports.resolver';
import { DataGovernanceResolver } from '../modules/governance/governance.resolver';
import { HumanitarianWaiverRecognitionResolver, HumanitarianWaiverResolver } from '../modules/waivers/waiver.resolver';
import { ConsortiumPolicyCarrierResolver, ConsortiumPolicyRiskResolver, MemberTierDeviationResolver, TransparencyStatsAssessmentResolver } from '../modules/assessment/policy.resolver';

/** Every resolver class of the schema. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AuditResolver,
  AuditCheckpointResolver,
  ConcordanceResolver,
  ConsortiumResolver,
  ControlEntryResolver,
  ControlEntryConnectionResolver,
  ControlListResolver,
  ControlListVersionResolver,
  DecisionItemResolver,
  DenialConsultationResolver,
  DisputePartyResolver,
  DisputeThirdPartyResolver,
  DisputeResolver,
  EmergencyDeclarationResolver,
  EndUserVerificationResolver,
  EntryMappingResolver,
  ControlEntryMappingsResolver,
  FastTrackResolver,
  GapReportResolver,
  HarmonizedControlResolver,
  HarmonizedItemResolver,
  JurisdictionResolver,
  LicenceDecisionResolver,
  MemberCoverageResolver,
  MemberStatsResolver,
  MembershipResolver,
  NotificationsResolver,
  PrincipalResolver,
  ProvisionalAuthorizationResolver,
  RecognitionResolver,
  RecognitionResponseResolver,
  RecognitionImplementationResolver,
  RegisterResolver,
  TaxonomyResolver,
  // Transaction assessment
  AssessmentResolver,
  ConsortiumPolicyCarrierResolver,
  ConsortiumPolicyRiskResolver,
  MemberTierDeviationResolver,
  TransparencyStatsAssessmentResolver,
  CountryGroupResolver,
  LicensingRuleResolver,
  MemberRequirementResolver,
  TransactionEntryMatchResolver,
  // Humanitarian waivers, governance, reports
  HumanitarianWaiverResolver,
  HumanitarianWaiverRecognitionResolver,
  DataGovernanceResolver,
  ReportsResolver,
  FindingDecisionResolver,
  DestinationStatsResolver,
  NearDuplicateDenialResolver,
  LicenceDecisionNearDuplicateResolver,
];
