/**
 * Fast-track emergency approvals (DESIGN.md §2.2): declarations (secretariat), fast-track
 * applications and their decisions (the filing member's regulators), provisional
 * authorizations with sunsets, monitoring and a post-approval review. Transitions follow
 * emergency.states.ts, each in one transaction with its audit event; time-driven ones
 * (overdue report, sunset, review due) are fired by the scheduler.
 */
import { In, type EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import type { Clock } from '../../shared/clock';
import { ConflictError, DeadlinePassedError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, sameInput } from '../../shared/idempotency';
import { inTransaction } from '../../shared/transaction';
import { checkDate, newestFirst, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { recordAudit } from '../audit/audit-chain';
import { LicenceOutcome } from '../decisions/decision.enums';
import type { DecisionService, EndUserData } from '../decisions/decision.service';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { mostRestrictive, inSubtree } from '../harmonized/harmonize';
import type { HarmonizedService } from '../harmonized/harmonized.service';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../../shared/ids';
import { Membership } from '../jurisdictions/membership.entity';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { emitEvent } from '../../shared/events';
import { named, reachSql } from '../auth/panel-reach';
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
  trigger?: string | null;
  affectedDestinations?: string[] | null;
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
  quantity?: number | null;
  quantityUnit?: string | null;
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

/** Publish the authorization's current standing (public fields only: no end user, applicant or destination). */
export async function publishAuthorizationStanding(m: EntityManager, clock: Clock, a: ProvisionalAuthorization, event: string, rationale: string | null): Promise<void> {
  const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
  const until = a.sunsetAt.toISOString();
  const standing: Record<AuthorizationStatus, string> = {
    ACTIVE: `In force until ${until}`,
    SUSPENDED: `Suspended since ${(a.suspendedAt ?? clock.now()).toISOString()}: not in force until reinstated (sunset ${until})`,
    CONFIRMED: `Confirmed at post-approval review; in force and monitored until ${until}`,
    EXPIRED: `Expired at its sunset ${until}: no longer in force`,
    REVOKED: 'Revoked: no longer in force',
  };
  const parts = [standing[a.status]];
  if (a.windDownUntil && (a.status === AuthorizationStatus.ACTIVE || a.status === AuthorizationStatus.CONFIRMED || a.status === AuthorizationStatus.SUSPENDED)) parts.push(`emergency ended: wind-down until ${a.windDownUntil.toISOString()}`);
  if (a.authorizedQuantity !== null) parts.push(`${a.shippedQuantity} of ${a.authorizedQuantity} ${a.quantityUnit} shipped`);
  if (a.conditions.length) parts.push(`conditions: ${a.conditions.join('; ')}`);
  await publishToRegister(m, clock, {
    kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
    consortiumId: d.consortiumId,
    subjectId: a.id,
    title: `${a.jurisdictionCode} provisional authorization for ${a.taxonomyCodes.join(', ')}: ${a.status}`,
    summary: parts.join('; '),
    rationale: rationale ?? '',
    jurisdictions: [a.jurisdictionCode],
    details: { status: a.status, event, scope: a.taxonomyCodes, sunsetAt: a.sunsetAt, windDownUntil: a.windDownUntil, conditions: a.conditions, authorizedQuantity: a.authorizedQuantity, shippedQuantity: a.shippedQuantity, quantityUnit: a.quantityUnit },
  });
  await emitEvent(m, clock, { type: 'PROVISIONAL_AUTHORIZATION_UPDATED', id: a.id, event, status: a.status, audience: d.jurisdictionCodes });
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
    const trigger = input.trigger?.trim() || null;
    if ((trigger?.length ?? 0) > 500) throw new ValidationError('trigger is at most 500 characters', 'input.trigger');
    const affected = [...new Set((input.affectedDestinations ?? []).map((c, i) => {
      const code = typeof c === 'string' ? c.trim().toUpperCase() : '';
      if (!/^[A-Z]{2}$/.test(code)) throw new ValidationError('an affected destination is an ISO 3166-1 alpha-2 code', `input.affectedDestinations.${i}`);
      return code;
    }))].sort();
    if (affected.length > 250) throw new ValidationError('at most 250 affected destinations', 'input.affectedDestinations');
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
        repo.create({ consortiumId: consortium.id, title, taxonomyCodes: codes, jurisdictionCodes: [...new Set(covered)].sort(), startsAt, endsAt: input.endsAt, declaredById: p.id, declaredAt: now, trigger, affectedDestinations: affected }),
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'EMERGENCY.DECLARED',
        subjectType: 'EmergencyDeclaration',
        subjectId: d.id,
        after: { title, taxonomyCodes: codes, jurisdictions: d.jurisdictionCodes, startsAt, endsAt: d.endsAt, trigger, affectedDestinations: affected },
      });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: consortium.id,
        subjectId: d.id,
        title: `Emergency declared: ${title}`,
        summary: `Fast-track approvals open from ${startsAt.toISOString()} to ${d.endsAt.toISOString()} for ${codes.join(', ')} in ${d.jurisdictionCodes.join(', ')}${affected.length ? `, for shipments to ${affected.join(', ')}` : ''}${trigger ? `; trigger: ${trigger}` : ''}`,
        jurisdictions: d.jurisdictionCodes,
        details: { taxonomyCodes: codes, startsAt, endsAt: d.endsAt, emergencyReviewHours: consortium.policy.emergencyReviewHours, trigger, affectedDestinations: affected },
      });
      return d;
    });
  }

  /** End a declaration now: no new filings; its authorizations wind down (policy emergencyWindDownDays) instead of being cut at once. */
  async end(principal: AuthPrincipal | null, id: string): Promise<EmergencyDeclaration> {
    requireRole(principal, Role.SECRETARIAT);
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = isUuid(id) ? await m.getRepository(EmergencyDeclaration).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!d) throw new NotFoundError('EmergencyDeclaration', id);
      const now = this.now();
      if (declarationStatus(d, now) === DeclarationStatus.ENDED) throw new InvalidTransitionError('EmergencyDeclaration', 'ENDED', 'END', 'the declaration has already ended');
      d.endedAt = now < d.startsAt ? d.startsAt : now;
      await m.save(d);
      // Wind-down (policy): shipments already under way may go on until windDownUntil; no
      // authorization is cut at once. Each authorization still open records it, its sunset
      // comes forward to it at most, and its register entry says so.
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      const windDownUntil = new Date(d.endedAt.getTime() + consortium.policy.emergencyWindDownDays * DAY);
      const open = await m.getRepository(ProvisionalAuthorization).find({
        where: { declarationId: d.id, status: In([AuthorizationStatus.ACTIVE, AuthorizationStatus.SUSPENDED, AuthorizationStatus.CONFIRMED]) },
        order: { grantedAt: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const a of open) {
        const before = { sunsetAt: a.sunsetAt, windDownUntil: a.windDownUntil };
        a.windDownUntil = windDownUntil;
        if (a.sunsetAt > windDownUntil) a.sunsetAt = windDownUntil;
        if (a.reviewDueAt > a.sunsetAt) a.reviewDueAt = a.sunsetAt;
        await m.save(a);
        await recordAudit(m, actorOf(principal), this.deps.clock, {
          action: 'PROVISIONAL_AUTHORIZATION.WIND_DOWN',
          subjectType: 'ProvisionalAuthorization',
          subjectId: a.id,
          before,
          after: { status: a.status, sunsetAt: a.sunsetAt, windDownUntil, declarationEndedAt: d.endedAt },
        });
        await this.amendRegister(m, a, 'WIND_DOWN', `emergency "${d.title}" ended`);
      }
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'EMERGENCY.ENDED',
        subjectType: 'EmergencyDeclaration',
        subjectId: d.id,
        before: { endsAt: d.endsAt },
        after: { endedAt: d.endedAt, windDownUntil, authorizationsWindingDown: open.length },
      });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: d.consortiumId,
        subjectId: d.id,
        title: `Emergency ended: ${d.title}`,
        summary: `Ended early on ${d.endedAt.toISOString()} (declared to end ${d.endsAt.toISOString()}); no new filings; ${open.length} provisional authorization(s) wind down until ${windDownUntil.toISOString()} at the latest`,
        jurisdictions: d.jurisdictionCodes,
        details: { endedAt: d.endedAt, endsAt: d.endsAt, windDownUntil, authorizationsWindingDown: open.length },
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
    const quantity = input.quantity ?? null;
    if (quantity !== null && (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0 || quantity > 1e15)) throw new ValidationError('quantity must be a positive number', 'input.quantity');
    const quantityUnit = quantity === null ? null : input.quantityUnit?.trim() || 'units';
    if (quantity === null && input.quantityUnit?.trim()) throw new ValidationError('a quantityUnit goes with a quantity', 'input.quantityUnit');
    if ((quantityUnit?.length ?? 0) > 30) throw new ValidationError('quantityUnit is at most 30 characters', 'input.quantityUnit');
    const fingerprint = inputFingerprint({
      declarationId: input.declarationId, applicant, endUser: input.endUser, destination, taxonomyCodes: [...new Set(codes)].sort(), justification,
      requestedUntil: input.requestedUntil,
      ...(quantity !== null ? { quantity, quantityUnit } : {}),
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
      if (d.affectedDestinations.length && !d.affectedDestinations.includes(destination)) {
        throw new ValidationError(`${destination} is not an affected destination of the emergency "${d.title}" (${d.affectedDestinations.join(', ')}): file a standard licence application instead`, 'input.destination', { affectedDestinations: d.affectedDestinations });
      }
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
          quantity,
          quantityUnit,
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
        after: { declarationId: d.id, taxonomyCodes: a.taxonomyCodes, decisionDueAt: a.decisionDueAt, quantity, quantityUnit },
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
            authorizedQuantity: a.quantity,
            quantityUnit: a.quantityUnit,
            shippedQuantity: 0,
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
        const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
        await publishToRegister(m, this.deps.clock, {
          kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
          consortiumId: d.consortiumId,
          subjectId: auth.id,
          title: `${auth.jurisdictionCode} provisional authorization for ${auth.taxonomyCodes.join(', ')}`,
          summary: `In force until ${auth.sunsetAt.toISOString()}${auth.authorizedQuantity !== null ? `; for ${auth.authorizedQuantity} ${auth.quantityUnit}` : ''}${conditions.length ? `; conditions: ${conditions.join('; ')}` : ''}; monitoring every ${auth.monitoringEveryDays} days; review due ${auth.reviewDueAt.toISOString()}`,
          rationale,
          jurisdictions: [auth.jurisdictionCode],
          details: { status: auth.status, scope: auth.taxonomyCodes, sunsetAt: auth.sunsetAt, conditions, monitoringEveryDays: auth.monitoringEveryDays, lateByMs: a.lateByMs, authorizedQuantity: auth.authorizedQuantity, quantityUnit: auth.quantityUnit },
        });
        // The other members hear that an authorization took effect (subscriptions and webhooks).
        await emitEvent(m, this.deps.clock, { type: 'PROVISIONAL_AUTHORIZATION_UPDATED', id: auth.id, event: 'GRANTED', status: auth.status, audience: d.jurisdictionCodes });
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

  /**
   * A move through authorizationMachine; when the status changes (or the sunset or
   * conditions are amended) the register entry is amended — a new entry for the
   * authorization saying what it now is, so a suspended one never reads "in force" — and
   * the declaration's members are notified.
   */
  private async move(m: EntityManager, a: ProvisionalAuthorization, event: AuthorizationEvent, parties: EmergencyParty[], actor: Actor, extra: Record<string, unknown> = {}, rationale: string | null = null): Promise<void> {
    const mv = await authorizationMachine.transition(m, a, event, parties, { actor, clock: this.deps.clock, after: extra, rationale });
    if (mv.from !== mv.to || event === 'EXTEND' || event === 'AMEND_CONDITIONS') await this.amendRegister(m, a, event, rationale);
  }

  async amendRegister(m: EntityManager, a: ProvisionalAuthorization, event: string, rationale: string | null): Promise<void> {
    await publishAuthorizationStanding(m, this.deps.clock, a, event, rationale);
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
      const confirmed = a.reviewOutcome !== null && a.reviewOutcome !== PostApprovalOutcome.REVOKE;
      const event: AuthorizationEvent = a.status === AuthorizationStatus.SUSPENDED ? (confirmed ? 'REINSTATE_CONFIRMED' : 'REINSTATE') : 'REPORT';
      // Check the move before writing (an expired or revoked authorization takes no report).
      authorizationMachine.next(a.status, event, ['AUTHORIZER']);
      // Shipments count against the authorized quantity. A report that would take the total
      // past it is refused (BAD_USER_INPUT on input.shipments, with authorizedQuantity,
      // shippedQuantity and reported), rather than accepted with the authorization suspended:
      // the report is the authorizing member's own account of what left under this
      // authorization, and nothing can have left under it beyond what it authorized — an
      // excess is an unlicensed export for the member to handle under its national law and
      // report as an incident, while the authorization stays usable for the rest. Accepting the
      // figure would make shippedQuantity read above authorizedQuantity on the register.
      // A shipment without a unit is in the authorized quantity's unit.
      shipments.forEach((sh, i) => { if (!input.shipments?.[i]?.unit?.trim()) sh.unit = a.quantityUnit ?? 'units'; });
      const reported = shipments.reduce((x, y) => x + y.quantity, 0);
      if (a.authorizedQuantity !== null && shipments.length) {
        const wrong = shipments.findIndex((sh) => sh.unit !== a.quantityUnit);
        if (wrong >= 0) throw new ValidationError(`shipments are counted in ${a.quantityUnit}, the authorized quantity's unit`, `input.shipments.${wrong}.unit`);
        if (a.shippedQuantity + reported > a.authorizedQuantity + 1e-9) {
          throw new ValidationError(`the shipments reported (${reported} ${a.quantityUnit}) would take the total shipped to ${a.shippedQuantity + reported}, over the ${a.authorizedQuantity} ${a.quantityUnit} authorized`, 'input.shipments', {
            authorizedQuantity: a.authorizedQuantity, shippedQuantity: a.shippedQuantity, reported,
          });
        }
      }
      if (event !== 'REPORT' && a.suspendedByDisputeId) {
        throw new InvalidTransitionError('ProvisionalAuthorization', a.status, 'REINSTATE', `suspended by the ruling in dispute ${a.suspendedByDisputeId}: only a post-approval review ends it`);
      }
      if (event !== 'REPORT' && a.sunsetAt <= now) {
        throw new InvalidTransitionError('ProvisionalAuthorization', a.status, 'REINSTATE', 'the sunset has passed: the authorization cannot be reinstated');
      }
      const repo = m.getRepository(MonitoringReport);
      const report = await repo.save(repo.create({ authorizationId: a.id, submittedAt: now, shipments, endUseVerified: input.endUseVerified, incidents, late, submittedById: p.id }));
      a.nextReportDue = new Date(now.getTime() + a.monitoringEveryDays * DAY);
      a.shippedQuantity = a.shippedQuantity + reported;
      await this.move(m, a, event, ['AUTHORIZER'], actorOf(principal), { reportId: report.id, late, nextReportDue: a.nextReportDue, endUseVerified: input.endUseVerified, shipments: shipments.length, reported, shippedQuantity: a.shippedQuantity }, incidents);
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
      // Confirmation does not end monitoring: the next report stays due, the sunset stands.
      await this.move(m, a, event, parties, actorOf(principal), { reviewOutcome: input.outcome, convertedDecisionId: decisionId, nextReportDue: a.nextReportDue, sunsetAt: a.sunsetAt }, rationale);
      return a;
    });
  }

  // --- extension and amended conditions (through the table, with a rationale) ---------

  private amendParties(p: AuthPrincipal, a: ProvisionalAuthorization): EmergencyParty[] {
    const out: EmergencyParty[] = [];
    if (p.role === Role.REGULATOR && p.jurisdiction === a.jurisdictionCode) out.push('AUTHORIZER');
    if (p.role === Role.SECRETARIAT || (p.role === Role.REGULATOR && p.jurisdiction === a.jurisdictionCode)) out.push('REVIEWER');
    return out;
  }

  /**
   * Move the sunset later (the authorizing member, or the secretariat): no later than the
   * declaration's end (or, once it has ended, the wind-down) and the policy's maximum
   * counted from now. A confirmed authorization is extended the same way.
   */
  async extend(principal: AuthPrincipal | null, id: string, until: Date, rationaleIn: string): Promise<ProvisionalAuthorization> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    const rationale = requiredText(rationaleIn, 'rationale', 10000);
    if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw new ValidationError('until must be a date-time', 'until');
    checkDate(until, 'until');
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lockAuthorization(m, id);
      const parties = this.amendParties(p, a);
      if (!parties.length) throw new ForbiddenError(`only ${a.jurisdictionCode}, the authorizing member, or the secretariat extends this authorization`);
      authorizationMachine.next(a.status, 'EXTEND', parties);
      const now = this.now();
      if (until <= a.sunsetAt) throw new ValidationError(`until must be after the current sunset ${a.sunsetAt.toISOString()}`, 'until');
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      const limit = minDate(d.endedAt ? (a.windDownUntil ?? d.effectiveEnd()) : d.effectiveEnd(), new Date(now.getTime() + consortium.policy.maxProvisionalDays * DAY));
      if (until > limit) {
        throw new ValidationError(`an extension runs at most to ${limit.toISOString()} (${d.endedAt ? 'the wind-down of the ended emergency' : 'the declaration\'s end'} and the policy's ${consortium.policy.maxProvisionalDays} days)`, 'until', { limit });
      }
      const before = a.sunsetAt;
      a.sunsetAt = until;
      await this.move(m, a, 'EXTEND', parties, actorOf(principal), { sunsetBefore: before, sunsetAt: until }, rationale);
      return a;
    });
  }

  /** Replace the conditions (the authorizing member, or the secretariat), with a rationale. */
  async amendConditions(principal: AuthPrincipal | null, id: string, conditionsIn: string[], rationaleIn: string): Promise<ProvisionalAuthorization> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    const rationale = requiredText(rationaleIn, 'rationale', 10000);
    if (!Array.isArray(conditionsIn) || conditionsIn.length > 100) throw new ValidationError('give at most 100 conditions', 'conditions');
    const conditions = conditionsIn.map((c, i) => requiredText(c, `conditions.${i}`, 2000));
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lockAuthorization(m, id);
      const parties = this.amendParties(p, a);
      if (!parties.length) throw new ForbiddenError(`only ${a.jurisdictionCode}, the authorizing member, or the secretariat amends this authorization`);
      authorizationMachine.next(a.status, 'AMEND_CONDITIONS', parties);
      const before = a.conditions;
      a.conditions = conditions;
      await this.move(m, a, 'AMEND_CONDITIONS', parties, actorOf(principal), { conditionsBefore: before, conditions }, rationale);
      return a;
    });
  }

  // --- escalation of late fast-track applications ---------------------------------------

  /** Applications still undecided past their review window and not yet escalated. */
  async lateApplications(now: Date): Promise<{ key: string; id: string; kind: 'ESCALATE' }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT id FROM fast_track_application WHERE status = 'SUBMITTED' AND decision_due_at <= $1 AND escalated_at IS NULL`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, kind: 'ESCALATE' as const, key: `fasttrack:ESCALATE:${r.id}` }));
  }

  /**
   * Escalate once: the secretariat (which hears every event) and the filing member are
   * notified (FAST_TRACK_ESCALATED), the audit records it, and the declaration's register
   * entry is amended with the count of applications undecided past the window.
   */
  async escalate(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await m.getRepository(FastTrackApplication).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const now = this.now();
      if (!a || a.status !== ApplicationStatus.SUBMITTED || a.escalatedAt || a.decisionDueAt > now) return false;
      a.escalatedAt = now;
      await m.save(a);
      await recordAudit(m, SYSTEM_ACTOR, this.deps.clock, {
        action: 'FAST_TRACK.ESCALATED',
        subjectType: 'FastTrackApplication',
        subjectId: a.id,
        after: { status: a.status, decisionDueAt: a.decisionDueAt, escalatedAt: now },
      });
      await emitEvent(m, this.deps.clock, { type: 'FAST_TRACK_ESCALATED', id: a.id, status: a.status, deadline: a.decisionDueAt.toISOString(), audience: [a.jurisdictionCode] });
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      const [{ n }] = await m.query(`SELECT count(*) AS n FROM fast_track_application WHERE declaration_id = $1 AND status = 'SUBMITTED' AND escalated_at IS NOT NULL`, [d.id]);
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: d.consortiumId,
        subjectId: d.id,
        title: `Emergency "${d.title}": fast-track applications undecided past the review window`,
        summary: `${Number(n)} application(s) undecided past the review window, escalated to the secretariat (latest from ${a.jurisdictionCode})`,
        jurisdictions: d.jurisdictionCodes,
        details: { escalatedApplications: Number(n), jurisdiction: a.jurisdictionCode, decisionDueAt: a.decisionDueAt },
      });
      return true;
    });
  }

  // --- time-driven --------------------------------------------------------------------

  async due(now: Date): Promise<{ key: string; id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[]> {
    const rows: { id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[] = await this.deps.dataSource.query(
      `SELECT id, 'EXPIRE' AS kind FROM provisional_authorization WHERE status IN ('ACTIVE', 'SUSPENDED', 'CONFIRMED') AND sunset_at <= $1
       UNION ALL
       SELECT id, 'SUSPEND' FROM provisional_authorization WHERE status IN ('ACTIVE', 'CONFIRMED') AND next_report_due <= $1 AND sunset_at > $1
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
      const open = a.status === AuthorizationStatus.ACTIVE || a.status === AuthorizationStatus.SUSPENDED || a.status === AuthorizationStatus.CONFIRMED;
      if (!open) return false;
      if (kind === 'EXPIRE' || a.sunsetAt <= now) {
        if (a.sunsetAt > now) return false;
        await this.move(m, a, 'EXPIRE', ['SYSTEM'], SYSTEM_ACTOR, { sunsetAt: a.sunsetAt });
        return true;
      }
      if (kind === 'SUSPEND') {
        if ((a.status !== AuthorizationStatus.ACTIVE && a.status !== AuthorizationStatus.CONFIRMED) || a.nextReportDue > now) return false;
        await this.move(m, a, 'SUSPEND', ['SYSTEM'], SYSTEM_ACTOR, { reportDue: a.nextReportDue }, 'monitoring report overdue');
        return true;
      }
      if (a.status === AuthorizationStatus.CONFIRMED || a.reviewOverdueAt || a.reviewDueAt > now) return false;
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

  /** Applications under a declaration still undecided past their review window, now. */
  async undecidedPastWindow(declarationId: string): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query(
      `SELECT count(*) AS n FROM fast_track_application WHERE declaration_id = $1 AND status = 'SUBMITTED' AND decision_due_at < $2`,
      [declarationId, this.now()],
    );
    return Number(n);
  }

  /** Fast-track applications of a consortium still undecided past their review window (escalated or about to be), now. */
  async escalatedCount(consortiumId: string): Promise<number> {
    const [{ n }] = await this.deps.dataSource.query(
      `SELECT count(*) AS n FROM fast_track_application a JOIN emergency_declaration d ON d.id = a.declaration_id
       WHERE d.consortium_id = $1 AND a.status = 'SUBMITTED' AND a.decision_due_at < $2`,
      [consortiumId, this.now()],
    );
    return Number(n);
  }

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
      qb.andWhere(`p.status IN ('ACTIVE', 'SUSPENDED', 'CONFIRMED') AND (p.next_report_due <= :limit OR p.review_due_at <= :limit OR p.sunset_at <= :limit)`, { limit });
    }
    return newestFirst(qb, 'p', 'granted_at', (a) => a.grantedAt, first, after);
  }
}
