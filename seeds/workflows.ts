/**
 * Example cases so a new user sees the workflows at once: licence decisions, recognition
 * requests in several states, an emergency with applications and provisional
 * authorizations, a dispute in consultation and one with a ruling (its effect waits for the appeal window). They are made through
 * the services (so every rule, audit event and register entry is real) on a clock that
 * starts 40 days ago. Idempotent: nothing happens when the example decisions exist.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../src/config/env';
import type { AuthPrincipal } from '../src/shared/actor';
import { Role } from '../src/shared/role';
import { ConsultationOutcome, LicenceOutcome } from '../src/modules/decisions/decision.enums';
import { Confidentiality, ContestedDecisionKind, PanelVote } from '../src/modules/disputes/dispute.enums';
import { PostApprovalOutcome } from '../src/modules/emergency/emergency.enums';
import { RecognitionDecision, RecognitionEffect, RecognitionSubjectKind } from '../src/modules/recognition/recognition.enums';
import { createServices } from '../src/app/services';
import { ManualClock } from '../src/shared/clock';
import principals from './data/principals.json';

const DAY = 86_400_000;

function as(handle: string): AuthPrincipal {
  const p = principals.find((x) => x.handle === handle);
  if (!p) throw new Error(`no seeded principal ${handle}`);
  return { id: p.id, role: p.role as Role, jurisdiction: p.jurisdiction, handle };
}

export async function loadExampleWorkflows(dataSource: DataSource, config: AppConfig, now: Date = new Date()): Promise<boolean> {
  const [{ n }]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM licence_decision WHERE idempotency_key LIKE 'seed:%'`);
  if (n > 0) return false;
  const [consortium]: ({ id: string } | undefined)[] = await dataSource.query('SELECT id FROM consortium ORDER BY name LIMIT 1');
  if (!consortium) return false;
  const consortiumId = consortium.id;
  const clock = new ManualClock(new Date(now.getTime() - 40 * DAY));
  const s = createServices({ dataSource, clock, config });
  const day = (d: number) => clock.set(new Date(now.getTime() - (40 - d) * DAY));

  // Licence decisions (day 0). Institutions are fictional, and every case is one that needs a
  // licence: 2B352 from the EU to a destination outside EU001, 2B352 and 3A069 from the US
  // outside Country Groups A:3 and A:1, Japan's list-controlled items to any destination.
  day(0);
  const deGrant = await s.decisions.record(as('de-regulator'), {
    applicant: 'Rheinauen Bioprozesstechnik GmbH',
    endUser: { name: 'Lakeside Vaccine Production Centre', country: 'KE' },
    destination: 'KE',
    taxonomyCodes: ['BIO.EQP.FERMENTER'],
    outcome: LicenceOutcome.GRANTED,
    rationale: 'Vaccine production line; end use verified on site.',
    idempotencyKey: 'seed:de-1',
  });
  const frDenial = await s.decisions.record(as('fr-regulator'), {
    applicant: 'Synthèse Biotech SAS',
    endUser: { name: 'Northern Biotech Trading', country: 'AE' },
    destination: 'AE',
    taxonomyCodes: ['BIO.EQP.NA_SYNTH'],
    outcome: LicenceOutcome.DENIED,
    rationale: 'Diversion risk: the end user resells to unknown parties.',
    idempotencyKey: 'seed:fr-1',
  });
  const jpGrant = await s.decisions.record(as('jp-regulator'), {
    applicant: 'Tokyo Bioreactor KK',
    endUser: { name: 'Hangang Cell Culture Research Centre', country: 'KR' },
    destination: 'KR',
    taxonomyCodes: ['BIO.EQP.FERMENTER'],
    outcome: LicenceOutcome.GRANTED_WITH_CONDITIONS,
    conditions: ['annual end-use report'],
    rationale: 'Research use; conditions on reporting.',
    idempotencyKey: 'seed:jp-1',
  });
  const usGrant = await s.decisions.record(as('us-regulator'), {
    applicant: 'Prairie Flow Instruments Inc.',
    endUser: { name: 'Pearl River Cytometry Core', country: 'CN' },
    destination: 'CN',
    taxonomyCodes: ['BIO.EQP.FLOW_CYTOMETER'],
    outcome: LicenceOutcome.GRANTED_WITH_CONDITIONS,
    conditions: ['no transfer to other end users', 'end-use check within 6 months'],
    rationale: 'University core facility; 3A069 needs a licence outside Country Group A:1, reviewed case by case with end-use conditions.',
    idempotencyKey: 'seed:us-1',
  });
  // The UK consults France before granting what France denied.
  await s.decisions.recordConsultation(as('gb-regulator'), {
    denialId: frDenial.id,
    summary: 'FR shared its diversion evidence; GB will not grant.',
    outcome: ConsultationOutcome.REFRAIN,
  });

  // Recognition: DE asks GB, CH and US (partially recognized) — not FR or NL, where a German
  // individual licence is already valid (an EU authorisation is valid throughout the Union);
  // JP asks KR, CH and AU (under review, clock stopped by CH); the US asks CA, which
  // declines — the US contests it and a panel overturns the decline; DE contests CH's decline
  // (in consultation).
  const deReq = await s.recognition.file(as('de-regulator'), {
    consortiumId,
    subjectKind: RecognitionSubjectKind.LICENCE_DECISION,
    subjectId: deGrant.id,
    concernedJurisdictions: ['GB', 'CH', 'US'],
    justification: 'Same fermenter line already vetted by BAFA.',
    idempotencyKey: 'seed:req-de-1',
    effect: RecognitionEffect.REEXPORT_AUTHORISATION_WAIVED,
    effectValidUntil: new Date(now.getTime() + 365 * DAY).toISOString().slice(0, 10),
  });
  day(1);
  const usReq = await s.recognition.file(as('us-regulator'), {
    consortiumId,
    subjectKind: RecognitionSubjectKind.LICENCE_DECISION,
    subjectId: usGrant.id,
    concernedJurisdictions: ['CA'],
    justification: 'Core facility vetted by BIS.',
    idempotencyKey: 'seed:req-us-1',
  });
  day(3);
  const jpReq = await s.recognition.file(as('jp-regulator'), {
    consortiumId,
    subjectKind: RecognitionSubjectKind.LICENCE_DECISION,
    subjectId: jpGrant.id,
    concernedJurisdictions: ['KR', 'CH', 'AU'],
    justification: 'METI review with reporting conditions.',
    idempotencyKey: 'seed:req-jp-1',
  });
  day(4);
  await s.recognition.respond(as('ca-regulator'), {
    requestId: usReq.id,
    decision: RecognitionDecision.DECLINE,
    rationale: 'High-parameter cytometers are not controlled in Canada; no basis to recognize.',
  });
  const [{ id: caAnswer }]: { id: string }[] = await dataSource.query(`SELECT id FROM recognition_response WHERE request_id = $1`, [usReq.id]);
  day(5);
  await s.recognition.respond(as('gb-regulator'), { requestId: deReq.id, decision: RecognitionDecision.RECOGNIZE });
  const ruled = await s.disputes.file(as('us-regulator'), {
    contestedKind: ContestedDecisionKind.RECOGNITION_RESPONSE,
    contestedId: caAnswer,
    grounds: 'Recognition concerns the licensing process, not whether CA controls the item.',
    idempotencyKey: 'seed:dispute-us-1',
  });
  await s.disputes.requestPanel(as('us-regulator'), ruled.id);
  await s.disputes.requestPanel(as('ca-regulator'), ruled.id);
  day(6);
  await s.disputes.constitutePanel(
    as('secretariat'),
    ruled.id,
    ['panelist-nz', 'panelist-sg', 'panelist-no'].map((h) => as(h).id),
  );
  await s.disputes.addSubmission(as('us-regulator'), {
    disputeId: ruled.id,
    title: 'US brief',
    body: 'The recognition criteria concern process quality.',
    confidentiality: Confidentiality.PUBLIC,
  });
  await s.disputes.addSubmission(as('ca-regulator'), {
    disputeId: ruled.id,
    title: 'CA evidence',
    body: 'Licensing statistics shared with the panel only.',
    confidentiality: Confidentiality.PANEL_ONLY,
  });
  day(8);
  await s.recognition.respond(as('kr-regulator'), { requestId: jpReq.id, decision: RecognitionDecision.RECOGNIZE });
  await s.disputes.vote(as('panelist-nz'), {
    disputeId: ruled.id,
    vote: PanelVote.OVERTURN,
    reasoning: 'A decline must cite a recognition criterion, not the absence of a national control.',
  });
  await s.disputes.vote(as('panelist-sg'), { disputeId: ruled.id, vote: PanelVote.OVERTURN, reasoning: 'The US process meets the consortium criteria.' });
  // The majority view is an interim report; the ruling issues once both parties commented.
  await s.disputes.addSubmission(as('us-regulator'), {
    disputeId: ruled.id,
    title: 'US comments on the interim report',
    body: 'The United States accepts the interim findings.',
    confidentiality: Confidentiality.PUBLIC,
  });
  await s.disputes.addSubmission(as('ca-regulator'), {
    disputeId: ruled.id,
    title: 'CA comments on the interim report',
    body: 'Canada asks the panel to record that the item is not controlled in Canada.',
    confidentiality: Confidentiality.PARTIES_AND_PANEL,
  });
  day(9);
  await s.recognition.requestInformation(as('ch-regulator'), jpReq.id, 'Please share the end-use report template.');
  day(10);
  await s.recognition.respond(as('ch-regulator'), {
    requestId: deReq.id,
    decision: RecognitionDecision.DECLINE,
    rationale: 'Criterion 2: on-site verification older than 12 months.',
    criteria: ['criterion 2'],
  });
  day(12);
  await s.recognition.respond(as('us-regulator'), {
    requestId: deReq.id,
    decision: RecognitionDecision.RECOGNIZE_WITH_CONDITIONS,
    conditions: ['no re-export without consent'],
    rationale: 'Recognized subject to re-export control.',
  });
  day(13);
  const [{ id: chAnswer }]: { id: string }[] = await dataSource.query(
    `SELECT id FROM recognition_response WHERE request_id = $1 AND jurisdiction_code = 'CH'`,
    [deReq.id],
  );
  await s.disputes.file(as('de-regulator'), {
    contestedKind: ContestedDecisionKind.RECOGNITION_RESPONSE,
    contestedId: chAnswer,
    grounds: 'BAFA re-verified the site in the last 12 months.',
    idempotencyKey: 'seed:dispute-de-1',
  });

  // An emergency with applications and authorizations in several states: its trigger and
  // affected destinations, quantities, shipments counted against them, a confirmed
  // authorization still monitored, an extension, amended conditions, an escalated application.
  day(14);
  const decl = await s.emergency.declare(as('secretariat'), {
    consortiumId,
    title: 'Respiratory pathogen outbreak 2026',
    taxonomyCodes: ['BIO.EQP.CONTAINMENT', 'BIO.EQP.BSC', 'BIO.EQP.NA_SYNTH', 'BIO.EQP.DETECTOR'],
    endsAt: new Date(now.getTime() + 120 * DAY),
    trigger: 'WHO IHR event 2026-EA-014 (example)',
    affectedDestinations: ['KE', 'UG', 'TZ'],
  });
  const endUser = { name: 'Regional Public Health Laboratory', country: 'KE' };
  const deApp = await s.emergency.file(as('de-regulator'), {
    declarationId: decl.id,
    applicant: 'Kammerbau Containment GmbH',
    endUser,
    destination: 'KE',
    taxonomyCodes: ['BIO.EQP.BSC.CLASS_III'],
    justification: 'Class III cabinets for sample handling.',
    quantity: 12,
    quantityUnit: 'cabinets',
    requestedUntil: new Date(now.getTime() + 30 * DAY),
  });
  const frApp = await s.emergency.file(as('fr-regulator'), {
    declarationId: decl.id,
    applicant: 'Oligo Rapid SAS',
    endUser,
    destination: 'KE',
    taxonomyCodes: ['BIO.EQP.NA_SYNTH'],
    justification: 'Primer synthesis for diagnostics.',
    quantity: 4,
    quantityUnit: 'synthesizers',
  });
  const nlApp = await s.emergency.file(as('nl-regulator'), {
    declarationId: decl.id,
    applicant: 'Aerosol Test BV',
    endUser,
    destination: 'KE',
    taxonomyCodes: ['BIO.EQP.CONTAINMENT'],
    justification: 'Mobile containment unit.',
  });
  day(15);
  await s.emergency.decide(as('de-regulator'), {
    applicationId: deApp.id,
    approve: true,
    rationale: 'Urgent need confirmed by WHO country office.',
    conditions: ['no transfer outside the laboratory'],
    monitoringEveryDays: 30,
  });
  await s.emergency.decide(as('fr-regulator'), {
    applicationId: frApp.id,
    approve: true,
    rationale: 'Diagnostics capacity.',
    conditions: ['monthly shipment report'],
    monitoringEveryDays: 7,
  });
  await s.emergency.decide(as('nl-regulator'), { applicationId: nlApp.id, approve: false, rationale: 'End user cannot operate the unit safely yet.' });
  const usApp = await s.emergency.file(as('us-regulator'), {
    declarationId: decl.id,
    applicant: 'Airsentinel Detection Inc.',
    endUser,
    destination: 'UG',
    taxonomyCodes: ['BIO.EQP.DETECTOR'],
    justification: 'Airborne pathogen detectors.',
    quantity: 20,
    quantityUnit: 'detectors',
  });
  // Undecided past the 72-hour window: escalated to the secretariat (the scheduler's job).
  day(19);
  await s.emergency.escalate(usApp.id);
  // GB records its national implementation of the recognition it gave.
  day(20);
  await s.recognition.recordImplementation(
    as('gb-regulator'),
    deReq.id,
    'UK Export Control (Recognition) Notice 2026/3 (example)',
    clock.now().toISOString().slice(0, 10),
  );
  const [{ authorization_id: deAuth }]: { authorization_id: string }[] = await dataSource.query(
    `SELECT authorization_id FROM fast_track_application WHERE id = $1`,
    [deApp.id],
  );
  const [{ authorization_id: frAuth }]: { authorization_id: string }[] = await dataSource.query(
    `SELECT authorization_id FROM fast_track_application WHERE id = $1`,
    [frApp.id],
  );
  await s.emergency.amendConditions(
    as('fr-regulator'),
    frAuth,
    ['monthly shipment report', 'end-use check at the receiving laboratory'],
    'A shipment arrived at a different building than declared.',
  );
  // DE reports shipments against its 12 cabinets, is confirmed at review (monitoring goes on), and extends.
  day(30);
  await s.emergency.report(as('de-regulator'), {
    authorizationId: deAuth,
    endUseVerified: true,
    shipments: [{ quantity: 8, unit: 'cabinets', shippedOn: clock.now().toISOString().slice(0, 10), description: 'First consignment' }],
  });
  day(32);
  await s.emergency.review(as('de-regulator'), {
    authorizationId: deAuth,
    outcome: PostApprovalOutcome.CONFIRM,
    rationale: 'Cabinets installed and in use as declared.',
  });
  day(34);
  await s.emergency.extend(as('de-regulator'), deAuth, new Date(now.getTime() + 90 * DAY), 'Outbreak continues; the remaining 4 cabinets ship next quarter.');

  // A second emergency, ended early: its authorization winds down instead of being cut.
  day(35);
  const cholera = await s.emergency.declare(as('secretariat'), {
    consortiumId,
    title: 'Cholera response 2026 (example)',
    taxonomyCodes: ['BIO.EQP.CONTAINMENT'],
    endsAt: new Date(now.getTime() + 60 * DAY),
    trigger: 'WHO grade 2 emergency (example)',
    affectedDestinations: ['MZ'],
  });
  const choleraApp = await s.emergency.file(as('nl-regulator'), {
    declarationId: cholera.id,
    applicant: 'Waterlab BV',
    endUser: { name: 'Provincial Reference Laboratory', country: 'MZ' },
    destination: 'MZ',
    taxonomyCodes: ['BIO.EQP.CONTAINMENT'],
    justification: 'Mobile containment for sample triage.',
    quantity: 2,
    quantityUnit: 'units',
  });
  await s.emergency.decide(as('nl-regulator'), { applicationId: choleraApp.id, approve: true, rationale: 'Outbreak response requested by the ministry.' });
  day(38);
  await s.emergency.end(as('secretariat'), cholera.id);
  return true;
}
