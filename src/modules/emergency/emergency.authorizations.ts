/**
 * Provisional authorizations after the grant: monitoring reports, the post-approval review,
 * extension and amended conditions. Every change is a move through authorizationMachine
 * (emergency.states.ts) in one transaction; the register entry follows the standing.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../../shared/errors';
import { lockOrNotFound } from '../../shared/lock';
import { inTransaction } from '../../shared/transaction';
import { checkDate, requiredText } from '../../shared/validate';
import { actorOf, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { LicenceOutcome } from '../decisions/decision.enums';
import type { DecisionService } from '../decisions/decision.service';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { mostRestrictive } from '../harmonized/harmonize';
import type { HarmonizedService } from '../harmonized/harmonized.service';
import { Consortium } from '../jurisdictions/consortium.entity';
import { AuthorizationStatus, PostApprovalOutcome } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, MonitoringReport, ProvisionalAuthorization, type Shipment } from './emergency.entity';
import { publishAuthorizationStanding } from './emergency.register';
import { DAY, minDate } from './emergency.rules';
import type { ReportInput } from './emergency.service';
import { authorizationMachine, type AuthorizationEvent, type EmergencyParty } from './emergency.states';

export class ProvisionalAuthorizations {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly decisions: DecisionService,
    private readonly harmonized: HarmonizedService,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  lock(m: EntityManager, id: string): Promise<ProvisionalAuthorization> {
    return lockOrNotFound(m, ProvisionalAuthorization, id, 'ProvisionalAuthorization');
  }

  /**
   * A move through authorizationMachine; when the status changes (or the sunset or
   * conditions are amended) the register entry is amended — a new entry for the
   * authorization saying what it now is, so a suspended one never reads "in force" — and
   * the declaration's members are notified.
   */
  async move(
    m: EntityManager,
    a: ProvisionalAuthorization,
    event: AuthorizationEvent,
    parties: EmergencyParty[],
    actor: Actor,
    extra: Record<string, unknown> = {},
    rationale: string | null = null,
  ): Promise<void> {
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
      if (typeof s.quantity !== 'number' || !Number.isFinite(s.quantity) || s.quantity <= 0)
        throw new ValidationError('quantity must be a positive number', `input.shipments.${i}.quantity`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s.shippedOn ?? '')) throw new ValidationError('shippedOn must be a date', `input.shipments.${i}.shippedOn`);
      checkDate(s.shippedOn, `input.shipments.${i}.shippedOn`);
      if ((s.unit?.length ?? 0) > 30 || (s.description?.length ?? 0) > 1000)
        throw new ValidationError('unit is at most 30 and description 1000 characters', `input.shipments.${i}`);
      return { quantity: s.quantity, unit: s.unit?.trim() || 'units', shippedOn: s.shippedOn, description: s.description?.trim() || null };
    });
    if ((input.shipments?.length ?? 0) > 500) throw new ValidationError('at most 500 shipments per report', 'input.shipments');
    const incidents = input.incidents?.trim() || null;
    if ((incidents?.length ?? 0) > 10000) throw new ValidationError('incidents is at most 10000 characters', 'input.incidents');
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lock(m, input.authorizationId);
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
      shipments.forEach((sh, i) => {
        if (!input.shipments?.[i]?.unit?.trim()) sh.unit = a.quantityUnit ?? 'units';
      });
      const reported = shipments.reduce((x, y) => x + y.quantity, 0);
      if (a.authorizedQuantity !== null && shipments.length) {
        const wrong = shipments.findIndex((sh) => sh.unit !== a.quantityUnit);
        if (wrong >= 0)
          throw new ValidationError(`shipments are counted in ${a.quantityUnit}, the authorized quantity's unit`, `input.shipments.${wrong}.unit`);
        if (a.shippedQuantity + reported > a.authorizedQuantity + 1e-9) {
          throw new ValidationError(
            `the shipments reported (${reported} ${a.quantityUnit}) would take the total shipped to ${a.shippedQuantity + reported}, over the ${a.authorizedQuantity} ${a.quantityUnit} authorized`,
            'input.shipments',
            {
              authorizedQuantity: a.authorizedQuantity,
              shippedQuantity: a.shippedQuantity,
              reported,
            },
          );
        }
      }
      if (event !== 'REPORT' && a.suspendedByDisputeId) {
        throw new InvalidTransitionError(
          'ProvisionalAuthorization',
          a.status,
          'REINSTATE',
          `suspended by the ruling in dispute ${a.suspendedByDisputeId}: only a post-approval review ends it`,
        );
      }
      if (event !== 'REPORT' && a.sunsetAt <= now) {
        throw new InvalidTransitionError('ProvisionalAuthorization', a.status, 'REINSTATE', 'the sunset has passed: the authorization cannot be reinstated');
      }
      const repo = m.getRepository(MonitoringReport);
      const report = await repo.save(
        repo.create({ authorizationId: a.id, submittedAt: now, shipments, endUseVerified: input.endUseVerified, incidents, late, submittedById: p.id }),
      );
      a.nextReportDue = new Date(now.getTime() + a.monitoringEveryDays * DAY);
      a.shippedQuantity = a.shippedQuantity + reported;
      await this.move(
        m,
        a,
        event,
        ['AUTHORIZER'],
        actorOf(principal),
        {
          reportId: report.id,
          late,
          nextReportDue: a.nextReportDue,
          endUseVerified: input.endUseVerified,
          shipments: shipments.length,
          reported,
          shippedQuantity: a.shippedQuantity,
        },
        incidents,
      );
      return a;
    });
  }

  async review(
    principal: AuthPrincipal | null,
    input: { authorizationId: string; outcome: PostApprovalOutcome; rationale: string },
  ): Promise<ProvisionalAuthorization> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    const rationale = requiredText(input.rationale, 'input.rationale', 10000);
    return inTransaction(this.deps.dataSource, async (m) => {
      const a = await this.lock(m, input.authorizationId);
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
        const decision = await m.save(
          m.create(LicenceDecision, {
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
        await auditChange(m, actorOf(principal), this.deps.clock, decision, 'LICENCE_DECISION.RECORDED', {
          after: { outcome: decision.outcome, taxonomyCodes: decision.taxonomyCodes, convertedFrom: a.id },
          rationale: decision.rationale,
        });
      }
      a.reviewOutcome = input.outcome;
      a.suspendedByDisputeId = null;
      a.reviewRationale = rationale;
      a.reviewedAt = now;
      // Confirmation does not end monitoring: the next report stays due, the sunset stands.
      await this.move(
        m,
        a,
        event,
        parties,
        actorOf(principal),
        { reviewOutcome: input.outcome, convertedDecisionId: decisionId, nextReportDue: a.nextReportDue, sunsetAt: a.sunsetAt },
        rationale,
      );
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
      const a = await this.lock(m, id);
      const parties = this.amendParties(p, a);
      if (!parties.length) throw new ForbiddenError(`only ${a.jurisdictionCode}, the authorizing member, or the secretariat extends this authorization`);
      authorizationMachine.next(a.status, 'EXTEND', parties);
      const now = this.now();
      if (until <= a.sunsetAt) throw new ValidationError(`until must be after the current sunset ${a.sunsetAt.toISOString()}`, 'until');
      const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: d.consortiumId });
      const limit = minDate(
        d.endedAt ? (a.windDownUntil ?? d.effectiveEnd()) : d.effectiveEnd(),
        new Date(now.getTime() + consortium.policy.maxProvisionalDays * DAY),
      );
      if (until > limit) {
        throw new ValidationError(
          `an extension runs at most to ${limit.toISOString()} (${d.endedAt ? 'the wind-down of the ended emergency' : "the declaration's end"} and the policy's ${consortium.policy.maxProvisionalDays} days)`,
          'until',
          { limit },
        );
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
      const a = await this.lock(m, id);
      const parties = this.amendParties(p, a);
      if (!parties.length) throw new ForbiddenError(`only ${a.jurisdictionCode}, the authorizing member, or the secretariat amends this authorization`);
      authorizationMachine.next(a.status, 'AMEND_CONDITIONS', parties);
      const before = a.conditions;
      a.conditions = conditions;
      await this.move(m, a, 'AMEND_CONDITIONS', parties, actorOf(principal), { conditionsBefore: before, conditions }, rationale);
      return a;
    });
  }
}
