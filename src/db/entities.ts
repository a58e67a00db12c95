/** Every TypeORM entity, listed once; the DataSource in ormconfig.ts takes this list. */
import { AuditCheckpoint } from '../modules/audit/audit-checkpoint.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { Principal } from '../modules/auth/principal.entity';
import { Consortium } from '../modules/jurisdictions/consortium.entity';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import { Membership } from '../modules/jurisdictions/membership.entity';
import { ControlEntry } from '../modules/control-lists/control-entry.entity';
import { ControlList } from '../modules/control-lists/control-list.entity';
import { ControlListVersion } from '../modules/control-lists/control-list-version.entity';
import { EntryMapping } from '../modules/taxonomy/entry-mapping.entity';
import { TaxonomyNode } from '../modules/taxonomy/taxonomy-node.entity';
import { EndUser, EndUserVerification } from '../modules/decisions/end-user.entity';
import { DenialConsultation, LicenceDecision } from '../modules/decisions/licence-decision.entity';
import { EmergencyDeclaration, FastTrackApplication, MonitoringReport, ProvisionalAuthorization } from '../modules/emergency/emergency.entity';
import { RegisterEntry } from '../modules/register/register-entry.entity';
import { Webhook, WebhookDelivery } from '../modules/notifications/webhook.entity';
import { DisputeCase, DisputeConflict, DisputePanelist, DisputeRuling, DisputeSubmission, DisputeThirdParty, DisputeVote } from '../modules/disputes/dispute.entity';
import { InformationRequest, RecognitionImplementation, RecognitionRequest, RecognitionResponse } from '../modules/recognition/recognition-request.entity';
import { CountryGroup } from '../modules/licensing/country-group.entity';
import { LicensingRule } from '../modules/licensing/licensing-rule.entity';
import { RiskPolicy, TransactionAssessmentRecord } from '../modules/assessment/assessment.entity';
import { DataGovernanceAttestation } from '../modules/governance/governance.entity';
import { HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport } from '../modules/waivers/waiver.entity';

export const entities = [
  AuditCheckpoint,
  AuditEvent,
  Consortium,
  ControlEntry,
  ControlList,
  ControlListVersion,
  DenialConsultation,
  DisputeCase,
  DisputeConflict,
  DisputePanelist,
  DisputeRuling,
  DisputeSubmission,
  DisputeThirdParty,
  DisputeVote,
  EmergencyDeclaration,
  EndUser,
  EndUserVerification,
  EntryMapping,
  FastTrackApplication,
  InformationRequest,
  Jurisdiction,
  Membership,
  LicenceDecision,
  MonitoringReport,
  Principal,
  ProvisionalAuthorization,
  RecognitionRequest,
  RecognitionResponse,
  RecognitionImplementation,
  RegisterEntry,
  TaxonomyNode,
  Webhook,
  WebhookDelivery,
  // Transaction assessment
  CountryGroup,
  LicensingRule,
  RiskPolicy,
  TransactionAssessmentRecord,
  // Humanitarian waivers, governance, reports
  HumanitarianWaiver,
  HumanitarianWaiverBeneficiary,
  HumanitarianWaiverRecognition,
  HumanitarianWaiverReport,
  DataGovernanceAttestation,
];
