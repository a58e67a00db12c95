/**
 * Emergency declarations (secretariat): declaring one, with its products, members and
 * affected destinations, and ending it early, which winds its open provisional
 * authorizations down instead of cutting them at once.
 */
import { In } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import { lockOrNotFound } from '../../shared/lock';
import { inTransaction } from '../../shared/transaction';
import { checkDate, requiredText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { Consortium } from '../jurisdictions/consortium.entity';
import { membership } from '../jurisdictions/jurisdiction.service';
import { isUuid } from '../../shared/ids';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { AuthorizationStatus, DeclarationStatus } from './emergency.enums';
import { EmergencyDeclaration, ProvisionalAuthorization } from './emergency.entity';
import type { ProvisionalAuthorizations } from './emergency.authorizations';
import { DAY, declarationStatus } from './emergency.rules';
import type { DeclareInput } from './emergency.service';

export class EmergencyDeclarations {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly lifecycle: ProvisionalAuthorizations,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

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
    const affected = [
      ...new Set(
        (input.affectedDestinations ?? []).map((c, i) => {
          const code = typeof c === 'string' ? c.trim().toUpperCase() : '';
          if (!/^[A-Z]{2}$/.test(code)) throw new ValidationError('an affected destination is an ISO 3166-1 alpha-2 code', `input.affectedDestinations.${i}`);
          return code;
        }),
      ),
    ].sort();
    if (affected.length > 250) throw new ValidationError('at most 250 affected destinations', 'input.affectedDestinations');
    return inTransaction(this.deps.dataSource, async (m) => {
      const consortium = isUuid(input.consortiumId) ? await m.getRepository(Consortium).findOneBy({ id: input.consortiumId }) : null;
      if (!consortium) throw new NotFoundError('Consortium', input.consortiumId);
      const nodes = await m.getRepository(TaxonomyNode).findBy(codes.map((code) => ({ code })));
      const missing = codes.findIndex((c) => !nodes.some((n) => n.code === c));
      if (missing >= 0) throw new ValidationError(`taxonomy node ${codes[missing]} does not exist`, `input.taxonomyCodes.${missing}`);
      const members = await membership.members(m, consortium.id);
      let covered = (input.jurisdictions ?? []).map((j) => j.trim().toUpperCase());
      if (!covered.length) covered = members;
      for (const [i, j] of covered.entries()) {
        if (!members.includes(j)) throw new ValidationError(`${j} is not a member of ${consortium.name}`, `input.jurisdictions.${i}`);
      }
      const repo = m.getRepository(EmergencyDeclaration);
      const d = await repo.save(
        repo.create({
          consortiumId: consortium.id,
          title,
          taxonomyCodes: codes,
          jurisdictionCodes: [...new Set(covered)].sort(),
          startsAt,
          endsAt: input.endsAt,
          declaredById: p.id,
          declaredAt: now,
          trigger,
          affectedDestinations: affected,
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, d, 'EMERGENCY.DECLARED', {
        after: { title, taxonomyCodes: codes, jurisdictions: d.jurisdictionCodes, startsAt, endsAt: d.endsAt, trigger, affectedDestinations: affected },
      });
      await publishToRegister(m, this.deps.clock, {
        kind: RegisterKind.EMERGENCY_DECLARATION,
        consortiumId: consortium.id,
        subjectId: d.id,
        title: `Emergency declared: ${title}`,
        summary: `Fast-track approvals open from ${startsAt.toISOString()} to ${d.endsAt.toISOString()} for ${codes.join(', ')} in ${d.jurisdictionCodes.join(', ')}${affected.length ? `, for shipments to ${affected.join(', ')}` : ''}${trigger ? `; trigger: ${trigger}` : ''}`,
        jurisdictions: d.jurisdictionCodes,
        details: {
          taxonomyCodes: codes,
          startsAt,
          endsAt: d.endsAt,
          emergencyReviewHours: consortium.policy.emergencyReviewHours,
          trigger,
          affectedDestinations: affected,
        },
      });
      return d;
    });
  }

  /** End a declaration now: no new filings; its authorizations wind down (policy emergencyWindDownDays) instead of being cut at once. */
  async end(principal: AuthPrincipal | null, id: string): Promise<EmergencyDeclaration> {
    requireRole(principal, Role.SECRETARIAT);
    return inTransaction(this.deps.dataSource, async (m) => {
      const d = await lockOrNotFound(m, EmergencyDeclaration, id, 'EmergencyDeclaration');
      const now = this.now();
      if (declarationStatus(d, now) === DeclarationStatus.ENDED)
        throw new InvalidTransitionError('EmergencyDeclaration', 'ENDED', 'END', 'the declaration has already ended');
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
        await auditChange(m, actorOf(principal), this.deps.clock, a, 'PROVISIONAL_AUTHORIZATION.WIND_DOWN', {
          before,
          after: { status: a.status, sunsetAt: a.sunsetAt, windDownUntil, declarationEndedAt: d.endedAt },
        });
        await this.lifecycle.amendRegister(m, a, 'WIND_DOWN', `emergency "${d.title}" ended`);
      }
      await auditChange(m, actorOf(principal), this.deps.clock, d, 'EMERGENCY.ENDED', {
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
}
