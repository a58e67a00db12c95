/**
 * The service layer, built once per server: services hold the rules and reach data
 * through the DataSource (and the transaction's EntityManager) they are given.
 */
import type { ServiceDeps } from './shared/service-deps';
import { AuditService } from './modules/audit/audit-query.service';
import { JurisdictionService } from './modules/jurisdictions/jurisdiction.service';
import { PrincipalService } from './modules/auth/principal.service';
import { ControlListQueries } from './modules/control-lists/control-list.query';
import { ControlListService } from './modules/control-lists/control-list.service';
import { HarmonizedService } from './modules/harmonized/harmonized.service';
import { TaxonomyService } from './modules/taxonomy/taxonomy.service';
import { MappingCarryForward } from './modules/taxonomy/mapping.carry-forward';
import { DecisionService } from './modules/decisions/decision.service';
import { RecognitionService } from './modules/recognition/recognition.service';
import { EmergencyService } from './modules/emergency/emergency.service';
import { DisputeService } from './modules/disputes/dispute.service';
import { RecognitionRulingEffects } from './modules/recognition/recognition.ruling';
import { EmergencyRulingEffects } from './modules/emergency/emergency.ruling';
import { MappingRulingEffects } from './modules/taxonomy/mapping.ruling';
import { ConsultationRulingEffects, LicenceRulingEffects } from './modules/decisions/decision.ruling';
import { WebhookService } from './modules/notifications/webhook.service';
import { RegisterKind } from './modules/register/register-entry.entity';
import { RegisterService } from './modules/register/register.service';
import { publishToRegister } from './modules/register/register.writer';
import { LicensingService } from './modules/licensing/licensing.service';
import { AssessmentService } from './modules/assessment/assessment.service';
import { GovernanceService } from './modules/governance/governance.service';
import { ReportService } from './modules/reports/reports.service';
import { WaiverService } from './modules/waivers/waiver.service';


export function createServices(deps: ServiceDeps) {
  const harmonized = new HarmonizedService(deps);
  const assessment = new AssessmentService(deps);
  const decisions = new DecisionService(deps, harmonized, assessment);
  return {
    // The audit module publishes its checkpoints through the register (audit sits below it).
    audit: new AuditService(deps, (m, entry) => publishToRegister(m, deps.clock, { kind: RegisterKind.AUDIT_CHECKPOINT, consortiumId: null, ...entry })),
    jurisdictions: new JurisdictionService(deps),
    principals: new PrincipalService(deps),
    lists: new ControlListService(deps, new MappingCarryForward()),
    listQueries: new ControlListQueries(deps),
    taxonomy: new TaxonomyService(deps),
    harmonized,
    decisions,
    emergency: new EmergencyService(deps, decisions, harmonized),
    // Each contested kind is owned by its module, which applies a ruling's effect.
    disputes: new DisputeService(deps, {
      RECOGNITION_RESPONSE: new RecognitionRulingEffects(),
      PROVISIONAL_AUTHORIZATION: new EmergencyRulingEffects(),
      MAPPING_REVIEW: new MappingRulingEffects(),
      DENIAL_CONSULTATION: new ConsultationRulingEffects(),
      LICENCE_DECISION: new LicenceRulingEffects(),
    }),
    webhooks: new WebhookService(deps),
    register: new RegisterService(deps),
    recognition: new RecognitionService(deps),
    licensing: new LicensingService(deps),
    assessment,
    waivers: new WaiverService(deps),
    governance: new GovernanceService(deps),
    reports: new ReportService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
