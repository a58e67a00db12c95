/**
 * Fast-track emergency approvals (DESIGN.md §2.2): declarations (secretariat), fast-track
 * applications and their decisions (the filing member's regulators), provisional
 * authorizations with sunsets, monitoring and a post-approval review. Transitions follow
 * emergency.states.ts, each in one transaction with its audit event; time-driven ones
 * (overdue report, sunset, review due) are fired by the scheduler.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { DeadlinePassedError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, replayIdempotent, idempotencyColumns } from '../../shared/idempotency';
import { lockOrNotFound } from '../../shared/lock';
import { inTransaction } from '../../shared/transaction';
import { checkDate, requiredText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import type { DecisionService, EndUserData } from '../decisions/decision.service';
import { inSubtree } from '../harmonized/harmonize';
import type { HarmonizedService } from '../harmonized/harmonized.service';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../../shared/ids';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { ApplicationStatus, AuthorizationStatus, DeclarationStatus, PostApprovalOutcome } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, ProvisionalAuthorization } from './emergency.entity';
import { ProvisionalAuthorizations } from './emergency.authorizations';
import { EmergencyQueries } from './emergency.query';
import { EmergencyDeclarations } from './emergency.declarations';
import { publishGrant } from './emergency.register';
import { DAY, declarationStatus, HOUR, minDate } from './emergency.rules';
import { EmergencySchedule } from './emergency.schedule';
import { applicationMachine, type EmergencyParty } from './emergency.states';

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

export interface ApplicationFilter {
  status?: ApplicationStatus | null;
  jurisdiction?: string | null;
  declarationId?: string | null;
  overdue?: boolean | null;
}

export class EmergencyService {
  private readonly lifecycle: ProvisionalAuthorizations;
  private readonly schedule: EmergencySchedule;
  private readonly queries: EmergencyQueries;
  private readonly declaring: EmergencyDeclarations;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly decisions: DecisionService,
    harmonized: HarmonizedService,
  ) {
    this.lifecycle = new ProvisionalAuthorizations(deps, decisions, harmonized);
    this.schedule = new EmergencySchedule(deps, this.lifecycle);
    this.queries = new EmergencyQueries(deps);
    this.declaring = new EmergencyDeclarations(deps, this.lifecycle);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  // --- declarations -------------------------------------------------------------------

  async declare(principal: AuthPrincipal | null, input: DeclareInput): Promise<EmergencyDeclaration> {
    return this.declaring.declare(principal, input);
  }

  /** End a declaration now: no new filings; its authorizations wind down (emergency.declarations.ts). */
  async end(principal: AuthPrincipal | null, id: string): Promise<EmergencyDeclaration> {
    return this.declaring.end(principal, id);
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
    if (quantity !== null && (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0 || quantity > 1e15))
      throw new ValidationError('quantity must be a positive number', 'input.quantity');
    const quantityUnit = quantity === null ? null : input.quantityUnit?.trim() || 'units';
    if (quantity === null && input.quantityUnit?.trim()) throw new ValidationError('a quantityUnit goes with a quantity', 'input.quantityUnit');
    if ((quantityUnit?.length ?? 0) > 30) throw new ValidationError('quantityUnit is at most 30 characters', 'input.quantityUnit');
    const fingerprint = inputFingerprint({
      declarationId: input.declarationId,
      applicant,
      endUser: input.endUser,
      destination,
      taxonomyCodes: [...new Set(codes)].sort(),
      justification,
      requestedUntil: input.requestedUntil,
      ...(quantity !== null ? { quantity, quantityUnit } : {}),
    });
    return inTransaction(this.deps.dataSource, async (m) => {
      const replay = await replayIdempotent(m, {
        key,
        scope: `fasttrack:${p.jurisdiction}`,
        fingerprint,
        find: () => m.getRepository(FastTrackApplication).findOneBy({ jurisdictionCode: p.jurisdiction!, idempotencyKey: key! }),
        legacySame: (existing) =>
          existing.declarationId === input.declarationId &&
          existing.applicant === applicant &&
          JSON.stringify(existing.taxonomyCodes) === JSON.stringify([...new Set(codes)]),
        conflict: 'this idempotencyKey was used for a different application',
        details: (existing) => ({ applicationId: existing.id }),
      });
      if (replay) return replay;
      const d = isUuid(input.declarationId)
        ? await m.getRepository(EmergencyDeclaration).findOne({ where: { id: input.declarationId }, lock: { mode: 'pessimistic_read' } })
        : null;
      if (!d) throw new NotFoundError('EmergencyDeclaration', input.declarationId);
      const now = this.now();
      const status = declarationStatus(d, now);
      if (status === DeclarationStatus.ENDED)
        throw new DeadlinePassedError(`the declaration "${d.title}" ended on ${d.effectiveEnd().toISOString()}; no new filings`, { endedAt: d.effectiveEnd() });
      if (status === DeclarationStatus.SCHEDULED)
        throw new ValidationError(`the declaration takes effect on ${d.startsAt.toISOString()}`, 'input.declarationId');
      if (!d.jurisdictionCodes.includes(p.jurisdiction!)) throw new ForbiddenError(`${p.jurisdiction} is not covered by the declaration "${d.title}"`);
      if (d.affectedDestinations.length && !d.affectedDestinations.includes(destination)) {
        throw new ValidationError(
          `${destination} is not an affected destination of the emergency "${d.title}" (${d.affectedDestinations.join(', ')}): file a standard licence application instead`,
          'input.destination',
          { affectedDestinations: d.affectedDestinations },
        );
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
          ...idempotencyColumns(key, fingerprint),
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, a, 'FAST_TRACK.FILED', {
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
    if (
      input.monitoringEveryDays !== undefined &&
      input.monitoringEveryDays !== null &&
      (!Number.isInteger(input.monitoringEveryDays) || input.monitoringEveryDays < 1 || input.monitoringEveryDays > 365)
    ) {
      throw new ValidationError('monitoringEveryDays must be 1 to 365', 'input.monitoringEveryDays');
    }
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await lockOrNotFound(m, FastTrackApplication, input.applicationId, 'FastTrackApplication');
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
        await auditChange(m, actorOf(principal), this.deps.clock, auth, 'PROVISIONAL_AUTHORIZATION.GRANTED', {
          after: { status: auth.status, sunsetAt: auth.sunsetAt, nextReportDue: auth.nextReportDue, reviewDueAt: auth.reviewDueAt, conditions },
          rationale,
        });
        await publishGrant(m, this.deps.clock, a, auth, rationale);
      }
      return a;
    });
  }

  // --- authorizations (emergency.authorizations.ts) ----------------------------------------

  amendRegister(m: EntityManager, a: ProvisionalAuthorization, event: string, rationale: string | null): Promise<void> {
    return this.lifecycle.amendRegister(m, a, event, rationale);
  }

  /** Only the authorizing member reports; an overdue (suspended) authorization is reinstated. */
  report(principal: AuthPrincipal | null, input: ReportInput): Promise<ProvisionalAuthorization> {
    return this.lifecycle.report(principal, input);
  }

  review(
    principal: AuthPrincipal | null,
    input: { authorizationId: string; outcome: PostApprovalOutcome; rationale: string },
  ): Promise<ProvisionalAuthorization> {
    return this.lifecycle.review(principal, input);
  }

  extend(principal: AuthPrincipal | null, id: string, until: Date, rationale: string): Promise<ProvisionalAuthorization> {
    return this.lifecycle.extend(principal, id, until, rationale);
  }

  amendConditions(principal: AuthPrincipal | null, id: string, conditions: string[], rationale: string): Promise<ProvisionalAuthorization> {
    return this.lifecycle.amendConditions(principal, id, conditions, rationale);
  }

  // --- time-driven (emergency.schedule.ts) ---------------------------------------------------

  lateApplications(now: Date): Promise<{ key: string; id: string; kind: 'ESCALATE' }[]> {
    return this.schedule.lateApplications(now);
  }

  escalate(id: string): Promise<boolean> {
    return this.schedule.escalate(id);
  }

  due(now: Date): Promise<{ key: string; id: string; kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE' }[]> {
    return this.schedule.due(now);
  }

  fireDue(id: string, kind: 'EXPIRE' | 'SUSPEND' | 'REVIEW_DUE'): Promise<boolean> {
    return this.schedule.fireDue(id, kind);
  }

  // --- reads (emergency.query.ts) --------------------------------------------------------------

  declarations(activeOnly?: boolean | null): Promise<EmergencyDeclaration[]> {
    return this.queries.declarations(activeOnly);
  }

  undecidedPastWindow(declarationId: string): Promise<number> {
    return this.queries.undecidedPastWindow(declarationId);
  }

  escalatedCount(consortiumId: string): Promise<number> {
    return this.queries.escalatedCount(consortiumId);
  }

  applications(
    principal: AuthPrincipal | null,
    filter: ApplicationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<FastTrackApplication>> {
    return this.queries.applications(principal, filter, first, after);
  }

  authorizations(
    principal: AuthPrincipal | null,
    filter: AuthorizationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<ProvisionalAuthorization>> {
    return this.queries.authorizations(principal, filter, first, after);
  }
}
