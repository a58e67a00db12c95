/**
 * Fast-track emergency approvals (DESIGN.md §2.2): declarations (secretariat), fast-track
 * applications and their decisions (the filing member's regulators), provisional
 * authorizations with sunsets, monitoring and a post-approval review. Transitions follow
 * emergency.states.ts, each in one transaction with its audit event; time-driven ones
 * (overdue report, sunset, review due) are fired by the scheduler.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../services';
import { ConflictError, DeadlinePassedError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, sameInput } from '../../shared/idempotency';
import { inTransaction } from '../../shared/transaction';
import { checkDate, newestFirst, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../auth/actor';
import { requireRole } from '../auth/permissions';
import { Role } from '../auth/role';
import { recordAudit } from '../audit/audit.service';
import { LicenceOutcome } from '../decisions/decision.enums';
import type { DecisionService, EndUserData } from '../decisions/decision.service';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { mostRestrictive, inSubtree } from '../harmonized/harmonize';
import type { HarmonizedService } from '../harmonized/harmonized.service';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../jurisdictions/jurisdiction.service';
import { Membership } from '../jurisdictions/membership.entity';
import { RegisterKind } from '../register/register-entry.entity';
import { publishToRegister } from '../register/register.writer';
import { named, reachSql } from '../disputes/panel-reach';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { ApplicationStatus, AuthorizationStatus, DeclarationStatus, PostApprovalOutcome } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, MonitoringReport, ProvisionalAuthorization, type Shipment } from './emergency.entity';
import { applicationMachine, authorizationMachine, type AuthorizationEvent, type EmergencyParty } from './emergency.states';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const minDate = (...ds: (Date | null | undefined)[]) => new Date(Math.min(...ds.filter((d): d is Date => !!d).map((d) => d.getTime())));

export function declarationStatus(d: EmergencyDeclaration, now: Date): DeclarationStatus {
  if (now < d.startsAt) return DeclarationStatus.SCHEDULED;
  return now < d.effectiveEnd() ? DeclarationStatus.ACTIVE : DeclarationStatus.ENDED;
}

export interface DeclareInput {
  consortiumId: string;
  title: string;
  taxonomyCodes: string[];
  jurisdictions?: string[] | null;
  startsAt?: Date | null;
  endsAt: Date;
}

export interface FileInput {
  declarationId: string;
  applicant: string;
  endUser: EndUserData;
  destination: string;
  taxonomyCodes: string[];
  justification: string;
  requestedUntil?: Date | null;
  idempotencyKey?: string | null;
}

export interface DecideInput {
  applicationId: string;
  approve: boolean;
  rationale: string;
  conditions?: string[] | null;
  monitoringEveryDays?: number | null;
}

export interface ReportInput {
  authorizationId: string;
  shipments?: { quantity: number; unit?: string | null; shippedOn: string; description?: string | null }[] | null;
  endUseVerified: boolean;
  incidents?: string | null;
}

export interface AuthorizationFilter {
  status?: AuthorizationStatus | null;
  jurisdiction?: string | null;
  declarationId?: string | null;
  dueWithinDays?: number | null;
}

export class EmergencyService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly decisions: DecisionService,
    private readonly harmonized: HarmonizedService,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // --- declarations -------------------------------------------------------------------

  async declare(principal: AuthPrincipal | null, input: DeclareInput): Promise<EmergencyDeclaration> {
    const p = requireRole(principal, Role.SECRETARIAT);
    const title = requiredText(input.title, 'input.title', 300);
    const codes = [...new Set((input.taxonomyCodes ?? []).map((c) => c.trim().toUpperCase()))];
    if (!codes.length) throw new ValidationError('give at least one taxonomy code', 'input.taxonomyCodes');
    const now = this.now();
    const startsAt = input.startsAt ?? now;
    if (!(input.endsAt instanceof Date) || Number.isNaN(input.endsAt.getTime())) throw new ValidationError('endsAt must be a date-time', 'input.endsAt');
    checkDate(input.startsAt, 'input.startsAt');
    checkDate(input.endsAt, 'input.endsAt');
    if (input.endsAt <= startsAt) throw new ValidationError('endsAt must be after startsAt', 'input.endsAt');
    if (input.endsAt <= now) throw new ValidationError('endsAt must be in the future', 'input.endsAt');
    return inTransaction(this.deps.dataSource, async (m) => {
      const consortium = isUuid(input.consortiumId) ? await m.getRepository(Consortium).findOneBy({ id: input.consortiumId }) : null;
      if (!consortium) throw new NotFoundError('Consortium', input.consortiumId);
      const nodes = await m.getRepository(TaxonomyNode).findBy(codes.map((code) => ({ code })));
      const missing = codes.findIndex((c) => !nodes.some((n) => n.code === c));
      if (missing >= 0) throw new ValidationError(`taxonomy node ${codes[missing]} does not exist`, `input.taxonomyCodes.${missing}`);
      const members = (await m.getRepository(Membership).findBy({ consortiumId: consortium.id })).filter((x) => x.role === 'MEMBER' && x.until === null).map((x) => x.jurisdictionCode);
      let covered = (input.jurisdictions ?? []).map((j) => j.trim().toUpperCase());
      if (!covered.length) covered = members;
      for (const [i, j] of covered.entries()) {
        if (!members.includes(j)) throw new ValidationError(`${j} is not a member of ${consortium.name}`, `input.jurisdictions.${i}`);
      }
      const repo = m.getRepository(EmergencyDeclaration);
      const d = await repo.save(
        repo.create({ consortiumId: consortium.id, title, taxonomyCodes: codes, jurisdictionCodes: [...new Set(covered)].sort(), startsAt, endsAt: input.endsAt, declaredById: p.id, declaredAt: now }),
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'EMERGENCY.DECLARED',
        subjectType: 'EmergencyDeclaration',
        subjectId: d.id,
        after: { title, taxonomyCodes: codes, jurisdictions: d.jurisdictionCodes, startsAt, endsAt: d.endsAt },
      });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: consortium.id,
        subjectId: d.id,
        title: `Emergency declared: ${title}`,
        summary: `Fast-track approvals open from ${startsAt.toISOString()} to ${d.endsAt.toISOString()} for ${codes.join(', ')} in ${d.jurisdictionCodes.join(', ')}`,
        jurisdictions: d.jurisdictionCodes,
        details: { taxonomyCodes: codes, startsAt, endsAt: d.endsAt, emergencyReviewHours: consortium.policy.emergencyReviewHours },
      });
      return d;
    });
  }

  /** End a declaration now: no new filings; sunsets of its authorizations come forward to now. */
  async end(principal: AuthPrincipal | null, id: string): Promise<EmergencyDeclaration> {
    requireRole(principal, Role.SECRETARIAT);
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = isUuid(id) ? await m.getRepository(EmergencyDeclaration).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!d) throw new NotFoundError('EmergencyDeclaration', id);
      const now = this.now();
      if (declarationStatus(d, now) === DeclarationStatus.ENDED) throw new InvalidTransitionError('EmergencyDeclaration', 'ENDED', 'END', 'the declaration has already ended');
      d.endedAt = now < d.startsAt ? d.startsAt : now;
      await m.save(d);
      const moved: [unknown[], number] = await m.query(
        `UPDATE provisional_authorization SET sunset_at = $2, review_due_at = LEAST(review_due_at, $2)
         WHERE declaration_id = $1 AND status IN ('ACTIVE', 'SUSPENDED') AND sunset_at > $2 RETURNING id`,
        [d.id, d.endedAt],
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'EMERGENCY.ENDED',
        subjectType: 'EmergencyDeclaration',
        subjectId: d.id,
        before: { endsAt: d.endsAt },
        after: { endedAt: d.endedAt, sunsetsBroughtForward: moved[1] },
      });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: d.consortiumId,
        subjectId: d.id,
        title: `Emergency ended: ${d.title}`,
        summary: `Ended early on ${d.endedAt.toISOString()} (declared to end ${d.endsAt.toISOString()}); ${moved[1]} provisional authorization(s) now sunset at the end`,
        jurisdictions: d.jurisdictionCodes,
        details: { endedAt: d.endedAt, endsAt: d.endsAt },
      });
      return d;
    });
  }

  async declarations(activeOnly?: boolean | null): Promise<EmergencyDeclaration[]> {
    const all = await this.deps.dataSource.getRepository(EmergencyDeclaration).find({ order: { startsAt: 'DESC' } });
    const now = this.now();
    return activeOnly ? all.filter((d) => declarationStatus(d, now) === DeclarationStatus.ACTIVE) : all;
  }

  // --- applications -----------------------------------------------------------------

  async file(principal: AuthPrincipal | null, input: FileInput): Promise<FastTrackApplication> {
    const p = requireRole(principal, Role.REGULATOR);
    const applicant = requiredText(input.applicant, 'input.applicant', 300);
    const justification = requiredText(input.justification, 'input.justification', 10000);
    const destination = input.destination?.trim().toUpperCase() ?? '';
    if (!/^[A-Z]{2}$/.test(destination)) throw new ValidationError('destination must be an ISO 3166-1 alpha-2 code', 'input.destination');
    const codes = (input.taxonomyCodes ?? []).map((c) => c.trim().toUpperCase());
    if (!codes.length || codes.length > 50) throw new ValidationError('give 1 to 50 taxonomy codes', 'input.taxonomyCodes');
    const key = input.idempotencyKey?.trim() || null;
    const fingerprint = inputFingerprint({
      declarationId: input.declarationId, applicant, endUser: input.endUser, destination, taxonomyCodes: [...new Set(codes)].sort(), justification,
      requestedUntil: input.requestedUntil,
    });
    return inTransaction(this.deps.dataSource, async (m) => {
      if (key) {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fasttrack:${p.jurisdiction}:${key}`]);
        const existing = await m.getRepository(FastTrackApplication).findOneBy({ jurisdictionCode: p.jurisdiction!, idempotencyKey: key });
        if (existing) {
          if (!sameInput(existing, fingerprint, () => existing.declarationId === input.declarationId && existing.applicant === applicant && JSON.stringify(existing.taxonomyCodes) === JSON.stringify([...new Set(codes)]))) throw new ConflictError('this idempotencyKey was used for a different application', { field: 'input.idempotencyKey', applicationId: existing.id });
          return existing;
        }
      }
      const d = isUuid(input.declarationId) ? await m.getRepository(EmergencyDeclaration).findOne({ where: { id: input.declarationId }, lock: { mode: 'pessimistic_read' } }) : null;
      if (!d) throw new NotFoundError('EmergencyDeclaration', input.declarationId);
      const now = this.now();
      const status = declarationStatus(d, now);
      if (status === DeclarationStatus.ENDED) throw new DeadlinePassedError(`the declaration "${d.title}" ended on ${d.effectiveEnd().toISOString()}; no new filings`, { endedAt: d.effectiveEnd() });
      if (status === DeclarationStatus.SCHEDULED) throw new ValidationError(`the declaration takes effect on ${d.startsAt.toISOString()}`, 'input.declarationId');
      if (!d.jurisdictionCodes.includes(p.jurisdiction!)) throw new ForbiddenError(`${p.jurisdiction} is not covered by the declaration "${d.title}"`);
      for (const [i, code] of codes.entries()) {
        if (!d.taxonomyCodes.some((scope) => inSubtree(code, scope))) {
          throw new ValidationError(`${code} is outside the declaration's scope (${d.taxonomyCodes.join(', ')})`, `input.taxonomyCodes.${i}`, { item: code });
        }
      }
      const nodes = await m.getRepository(TaxonomyNode).findBy(codes.map((code) => ({ code })));
      const missing = codes.findIndex((c) => !nodes.some((n) => n.code === c));
      if (missing >= 0) throw new ValidationError(`taxonomy node ${codes[missing]} does not exist`, `input.taxonomyCodes.${missing}`, { item: codes[missing] });
      checkDate(input.requestedUntil, 'input.requestedUntil');
      if (input.requestedUntil && input.requestedUntil <= now) throw new ValidationError('requestedUntil must be in the future', 'input.requestedUntil');
      const endUser = await this.decisions.resolveEndUser(m, { endUser: input.endUser });
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      const repo = m.getRepository(FastTrackApplication);
      const a = await repo.save(
        repo.create({
          declarationId: d.id,
          jurisdictionCode: p.jurisdiction!,
          applicant,
          endUserId: endUser.id,
          destination,
          taxonomyCodes: [...new Set(codes)],
          justification,
          requestedUntil: input.requestedUntil ?? null,
          status: ApplicationStatus.SUBMITTED,
          filedAt: now,
          decisionDueAt: new Date(now.getTime() + consortium.policy.emergencyReviewHours * HOUR),
          filedById: p.id,
          idempotencyKey: key,
          idempotencyFingerprint: key ? fingerprint : null,
        }),
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'FAST_TRACK.FILED',
        subjectType: 'FastTrackApplication',
        subjectId: a.id,
        after: { declarationId: d.id, taxonomyCodes: a.taxonomyCodes, decisionDueAt: a.decisionDueAt },
        rationale: justification,
      });
      return a;
    });
  }

  /** Decide within the window (late decisions are allowed and their lateness recorded). */
  async decide(principal: AuthPrincipal | null, input: DecideInput): Promise<FastTrackApplication> {
    const p = requireRole(principal, Role.REGULATOR);
    const rationale = requiredText(input.rationale, 'input.rationale', 10000);
    const conditions = (input.conditions ?? []).map((c, i) => requiredText(c, `input.conditions.${i}`, 2000));
    if (input.monitoringEveryDays !== undefined && input.monitoringEveryDays !== null && (!Number.isInteger(input.monitoringEveryDays) || input.monitoringEveryDays < 1 || input.monitoringEveryDays > 365)) {
      throw new ValidationError('monitoringEveryDays must be 1 to 365', 'input.monitoringEveryDays');
    }
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = isUuid(input.applicationId) ? await m.getRepository(FastTrackApplication).findOne({ where: { id: input.applicationId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!a) throw new NotFoundError('FastTrackApplication', input.applicationId);
      const parties: EmergencyParty[] = p.jurisdiction === a.jurisdictionCode ? ['AUTHORIZER'] : [];
      const event = input.approve ? 'APPROVE' : 'REFUSE';
      // Check the move before writing anything.
      applicationMachine.next(a.status, event, parties);
      const now = this.now();
      a.decidedAt = now;
      a.decidedById = p.id;
      a.rationale = rationale;
      a.conditions = conditions;
      a.lateByMs = now > a.decisionDueAt ? now.getTime() - a.decisionDueAt.getTime() : null;
      let auth: ProvisionalAuthorization | null = null;
      if (input.approve) {
        await this.decisions.assertNoUndercut(m, a.jurisdictionCode, a.endUserId, a.taxonomyCodes, now.toISOString().slice(0, 10));
        const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
        const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
        const sunsetAt = minDate(a.requestedUntil, d.effectiveEnd(), new Date(now.getTime() + consortium.policy.maxProvisionalDays * DAY));
        if (sunsetAt <= now) throw new DeadlinePassedError('the declaration has ended: an approval would already be past its sunset', { sunsetAt });
        const every = input.monitoringEveryDays ?? consortium.policy.monitoringEveryDays;
        const repo = m.getRepository(ProvisionalAuthorization);
        auth = await repo.save(
          repo.create({
            applicationId: a.id,
            declarationId: d.id,
            jurisdictionCode: a.jurisdictionCode,
            taxonomyCodes: a.taxonomyCodes,
            status: AuthorizationStatus.ACTIVE,
            conditions,
            grantedAt: now,
            sunsetAt,
            monitoringEveryDays: every,
            nextReportDue: new Date(now.getTime() + every * DAY),
            reviewDueAt: minDate(new Date(now.getTime() + consortium.policy.postApprovalReviewDays * DAY), sunsetAt),
          }),
        );
        a.authorizationId = auth.id;
      }
      await applicationMachine.transition(m, a, event, parties, {
        actor: actorOf(principal),
        clock: this.deps.clock,
        action: input.approve ? 'APPROVED' : 'REFUSED',
        after: { authorizationId: a.authorizationId, lateByMs: a.lateByMs, conditions },
        rationale,
      });
      if (auth) {
        await recordAudit(m, actorOf(principal), this.deps.clock, {
          action: 'PROVISIONAL_AUTHORIZATION.GRANTED',
          subjectType: 'ProvisionalAuthorization',
          subjectId: auth.id,
          after: { status: auth.status, sunsetAt: auth.sunsetAt, nextReportDue: auth.nextReportDue, reviewDueAt: auth.reviewDueAt, conditions },
          rationale,
        });
        await publishToRegister(m, this.deps.clock, {
          kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
          consortiumId: (await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId })).consortiumId,
          subjectId: auth.id,
          title: `${auth.jurisdictionCode} provisional authorization for ${auth.taxonomyCodes.join(', ')}`,
          summary: `In force until ${auth.sunsetAt.toISOString()}${conditions.length ? `; conditions: ${conditions.join('; ')}` : ''}; monitoring every ${auth.monitoringEveryDays} days; review due ${auth.reviewDueAt.toISOString()}`,
          rationale,
          jurisdictions: [auth.jurisdictionCode],
          details: { scope: auth.taxonomyCodes, sunsetAt: auth.sunsetAt, conditions, monitoringEveryDays: auth.monitoringEveryDays, lateByMs: a.lateByMs },
        });
      }
      return a;
    });
  }

  // --- authorizations -----------------------------------------------------------------

  private async lockAuthorization(m: EntityManager, id: string): Promise<ProvisionalAuthorization> {
    const a = isUuid(id) ? await m.getRepository(ProvisionalAuthorization).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!a) throw new NotFoundError('ProvisionalAuthorization', id);
    return a;
  }

  private async move(m: EntityManager, a: ProvisionalAuthorization, event: AuthorizationEvent, parties: EmergencyParty[], actor: Actor, extra: Record<string, unknown> = {}, rationale: string | null = null): Promise<void> {
    await authorizationMachine.transition(m, a, event, parties, { actor, clock: this.deps.clock, after: extra, rationale });
  }

  /** Only the authorizing member reports; an overdue (suspended) authorization is reinstated. */
  async report(principal: AuthPrincipal | null, input: ReportInput): Promise<ProvisionalAuthorization> {
    const p = requireRole(principal, Role.REGULATOR);
    const shipments: Shipment[] = (input.shipments ?? []).map((s, i) => {
      if (typeof s.quantity !== 'number' || !Number.isFinite(s.quantity) || s.quantity <= 0) throw new ValidationError('quantity must be a positive number', `input.shipments.${i}.quantity`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s.shippedOn ?? '')) throw new ValidationError('shippedOn must be a date', `input.shipments.${i}.shippedOn`);
      checkDate(s.shippedOn, `input.shipments.${i}.shippedOn`);
      if ((s.unit?.length ?? 0) > 30 || (s.description?.length ?? 0) > 1000) throw new ValidationError('unit is at most 30 and description 1000 characters', `input.shipments.${i}`);
      return { quantity: s.quantity, unit: s.unit?.trim() || 'units', shippedOn: s.shippedOn, description: s.description?.trim() || null };
    });
    if ((input.shipments?.length ?? 0) > 500) throw new ValidationError('at most 500 shipments per report', 'input.shipments');
    const incidents = input.incidents?.trim() || null;
    if ((incidents?.length ?? 0) > 10000) throw new ValidationError('incidents is at most 10000 characters', 'input.incidents');
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lockAuthorization(m, input.authorizationId);
      if (p.jurisdiction !== a.jurisdictionCode) throw new ForbiddenError(`only ${a.jurisdictionCode}, the authorizing member, reports on this authorization`);
      const now = this.now();
      const today = now.toISOString().slice(0, 10);
      const future = shipments.findIndex((s) => s.shippedOn > today);
      if (future >= 0) throw new ValidationError('a shipment cannot be dated in the future', `input.shipments.${future}.shippedOn`);
      const late = now > a.nextReportDue;
      const event: AuthorizationEvent = a.status === AuthorizationStatus.SUSPENDED ? 'REINSTATE' : 'REPORT';
      if (event === 'REINSTATE' && a.suspendedByDisputeId) {
        throw new InvalidTransitionError('ProvisionalAuthorization', a.status, 'REINSTATE', `suspended by the ruling in dispute ${a.suspendedByDisputeId}: only a post-approval review ends it`);
      }
      if (event === 'REINSTATE' && a.sunsetAt <= now) {
        throw new InvalidTransitionError('ProvisionalAuthorization', a.status, 'REINSTATE', 'the sunset has passed: the authorization cannot be reinstated');
      }
      const repo = m.getRepository(MonitoringReport);
      const report = await repo.save(repo.create({ authorizationId: a.id, submittedAt: now, shipments, endUseVerified: input.endUseVerified, incidents, late, submittedById: p.id }));
      a.nextReportDue = new Date(now.getTime() + a.monitoringEveryDays * DAY);
      await this.move(m, a, event, ['AUTHORIZER'], actorOf(principal), { reportId: report.id, late, nextReportDue: a.nextReportDue, endUseVerified: input.endUseVerified, shipments: shipments.length }, incidents);
      return a;
    });
  }

  async review(principal: AuthPrincipal | null, input: { authorizationId: string; outcome: PostApprovalOutcome; rationale: string }): Promise<ProvisionalAuthorization> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    const rationale = requiredText(input.rationale, 'input.rationale', 10000);
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lockAuthorization(m, input.authorizationId);
      const reviewer = p.role === Role.SECRETARIAT || p.jurisdiction === a.jurisdictionCode;
      const event: AuthorizationEvent = input.outcome === PostApprovalOutcome.REVOKE ? 'REVOKE' : 'CONFIRM';
      const parties: EmergencyParty[] = reviewer ? ['REVIEWER'] : [];
      // Check the move before creating anything.
      authorizationMachine.next(a.status, event, parties);
      const now = this.now();
      let decisionId: string | null = null;
      if (input.outcome === PostApprovalOutcome.CONVERT_TO_STANDARD) {
        const app = await m.getRepository(FastTrackApplication).findOneByOrFail({ id: a.applicationId });
        await this.decisions.assertNoUndercut(m, a.jurisdictionCode, app.endUserId, a.taxonomyCodes, now.toISOString().slice(0, 10));
        const controls = await this.harmonized.controlsIn(a.jurisdictionCode, a.taxonomyCodes, m);
        const items = a.taxonomyCodes.map((taxonomyCode) => ({ taxonomyCode, entries: controls.get(taxonomyCode) ?? [] }));
        const repo = m.getRepository(LicenceDecision);
        const decision = await repo.save(
          repo.create({
            jurisdictionCode: a.jurisdictionCode,
            applicant: app.applicant,
            endUserId: app.endUserId,
            destination: app.destination,
            taxonomyCodes: a.taxonomyCodes,
            items,
            tier: mostRestrictive(items.flatMap((i) => i.entries.map((e) => e.tier))),
            outcome: a.conditions.length ? LicenceOutcome.GRANTED_WITH_CONDITIONS : LicenceOutcome.GRANTED,
            conditions: a.conditions,
            rationale: `Converted from provisional authorization ${a.id}: ${rationale}`,
            validUntil: null,
            confidential: false,
            decidedById: p.id,
            decidedAt: now,
          }),
        );
        decisionId = decision.id;
        a.convertedDecisionId = decision.id;
        await recordAudit(m, actorOf(principal), this.deps.clock, {
          action: 'LICENCE_DECISION.RECORDED',
          subjectType: 'LicenceDecision',
          subjectId: decision.id,
          after: { outcome: decision.outcome, taxonomyCodes: decision.taxonomyCodes, convertedFrom: a.id },
          rationale: decision.rationale,
        });
      }
      a.reviewOutcome = input.outcome;
      a.suspendedByDisputeId = null;
      a.reviewRationale = rationale;
      a.reviewedAt = now;
      await this.move(m, a, event, parties, actorOf(principal), { reviewOutcome: input.outcome, convertedDecisionId: decisionId }, rationale);
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
        consortiumId: d.consortiumId,
        subjectId: a.id,
        title: `${a.jurisdictionCode} provisional authorization for ${a.taxonomyCodes.join(', ')}: post-approval review ${input.outcome}`,
        summary: input.outcome === PostApprovalOutcome.REVOKE ? 'Revoked' : input.outcome === PostApprovalOutcome.CONFIRM ? `Confirmed until ${a.sunsetAt.toISOString()}` : 'Confirmed and converted to a standard licence',
        rationale,
        jurisdictions: [a.jurisdictionCode],
        details: { scope: a.taxonomyCodes, status: a.status, reviewOutcome: input.outcome, sunsetAt: a.sunsetAt },
      });
      return a;
    });
  }

  // --- time-driven --------------------------------------------------------------------

  async due(now: Date): Promise<{ key: string; id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[]> {
    const rows: { id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[] = await this.deps.dataSource.query(
      `SELECT id, 'EXPIRE' AS kind FROM provisional_authorization WHERE status IN ('ACTIVE', 'SUSPENDED') AND sunset_at <= $1
       UNION ALL
       SELECT id, 'SUSPEND' FROM provisional_authorization WHERE status = 'ACTIVE' AND next_report_due <= $1 AND sunset_at > $1
       UNION ALL
       SELECT id, 'REVIEW_DUE' FROM provisional_authorization WHERE status IN ('ACTIVE', 'SUSPENDED') AND review_due_at <= $1 AND review_overdue_at IS NULL AND sunset_at > $1`,
      [now],
    );
    return rows.map((r) => ({ ...r, key: `authorization:${r.kind}:${r.id}` }));
  }

  /** Fire one due transition if it is still due (another instance may have fired it). */
  async fireDue(id: string, kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE'): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await m.getRepository(ProvisionalAuthorization).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) return false;
      const now = this.now();
      const open = a.status === AuthorizationStatus.ACTIVE || a.status === AuthorizationStatus.SUSPENDED;
      if (!open) return false;
      if (kind === 'EXPIRE' || a.sunsetAt <= now) {
        if (a.sunsetAt > now) return false;
        await this.move(m, a, 'EXPIRE', ['SYSTEM'], SYSTEM_ACTOR, { sunsetAt: a.sunsetAt });
        return true;
      }
      if (kind === 'SUSPEND') {
        if (a.status !== AuthorizationStatus.ACTIVE || a.nextReportDue > now) return false;
        await this.move(m, a, 'SUSPEND', ['SYSTEM'], SYSTEM_ACTOR, { reportDue: a.nextReportDue }, 'monitoring report overdue');
        return true;
      }
      if (a.reviewOverdueAt || a.reviewDueAt > now) return false;
      a.reviewOverdueAt = now;
      await m.save(a);
      await recordAudit(m, SYSTEM_ACTOR, this.deps.clock, {
        action: 'PROVISIONAL_AUTHORIZATION.REVIEW_OVERDUE',
        subjectType: 'ProvisionalAuthorization',
        subjectId: a.id,
        after: { reviewDueAt: a.reviewDueAt, status: a.status },
      });
      return true;
    });
  }

  // --- reads --------------------------------------------------------------------------

  async applications(principal: AuthPrincipal | null, filter: { status?: ApplicationStatus | null; jurisdiction?: string | null; declarationId?: string | null; overdue?: boolean | null }, first?: number | null, after?: string | null): Promise<ConnectionShape<FastTrackApplication>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    const reach: Record<string, unknown> = {};
    const qb = this.deps.dataSource.getRepository(FastTrackApplication).createQueryBuilder('a')
      .where(reachSql(principal, 'application', 'a', named(reach)), reach); // a panelist: the cases it sits on
    if (filter.status) qb.andWhere('a.status = :s', { s: filter.status });
    if (filter.jurisdiction) qb.andWhere('a.jurisdiction_code = :j', { j: filter.jurisdiction.toUpperCase() });
    if (filter.declarationId) {
      if (!isUuid(filter.declarationId)) throw new ValidationError('declarationId is not an id', 'filter.declarationId');
      qb.andWhere('a.declaration_id = :d', { d: filter.declarationId });
    }
    if (filter.overdue) qb.andWhere(`((a.status = 'SUBMITTED' AND a.decision_due_at < :now) OR a.late_by_ms IS NOT NULL)`, { now: this.now() });
    return newestFirst(qb, 'a', 'filed_at', (a) => a.filedAt, first, after);
  }

  async authorizations(principal: AuthPrincipal | null, filter: AuthorizationFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<ProvisionalAuthorization>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    const reach: Record<string, unknown> = {};
    const qb = this.deps.dataSource.getRepository(ProvisionalAuthorization).createQueryBuilder('p')
      .where(reachSql(principal, 'authorization', 'p', named(reach)), reach); // a panelist: the cases it sits on
    if (filter.status) qb.andWhere('p.status = :s', { s: filter.status });
    if (filter.jurisdiction) qb.andWhere('p.jurisdiction_code = :j', { j: filter.jurisdiction.toUpperCase() });
    if (filter.declarationId) {
      if (!isUuid(filter.declarationId)) throw new ValidationError('declarationId is not an id', 'filter.declarationId');
      qb.andWhere('p.declaration_id = :d', { d: filter.declarationId });
    }
    if (filter.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
      if (!Number.isInteger(filter.dueWithinDays) || filter.dueWithinDays < 0 || filter.dueWithinDays > 3650) throw new ValidationError('dueWithinDays must be 0 to 3650', 'filter.dueWithinDays');
      const limit = new Date(this.now().getTime() + filter.dueWithinDays * DAY);
      qb.andWhere(`p.status IN ('ACTIVE', 'SUSPENDED') AND (p.next_report_due <= :limit OR p.review_due_at <= :limit OR p.sunset_at <= :limit)`, { limit });
    }
    return newestFirst(qb, 'p', 'granted_at', (a) => a.grantedAt, first, after);
  }
}
