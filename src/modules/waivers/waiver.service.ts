/**
 * Humanitarian waivers: a member sponsors a programme-level waiver for named
 * beneficiaries, items and destinations; other members recognize it (with conditions) or
 * not; the sponsor may revoke it; the scheduler activates it on validFrom, expires it after
 * validTo and makes its reports fall due on its cadence. Every move goes through
 * waiverMachine in the caller's transaction with its audit event; every publication goes to
 * the public register (HUMANITARIAN_WAIVER), naming the beneficiaries only when the
 * sponsor marked them public.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { inputFingerprint, replayIdempotent, idempotencyColumns } from '../../shared/idempotency';
import { findLocked, lockOrNotFound } from '../../shared/lock';
import type { ConnectionShape } from '../../shared/pagination';
import { inTransaction } from '../../shared/transaction';
import { checkDate, newestFirst, optionalText, requiredText } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { normalizeName } from '../decisions/decision.service';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../../shared/ids';
import { Membership } from '../jurisdictions/membership.entity';
import { membership } from '../jurisdictions/jurisdiction.service';
import { ISO_3166_1_ALPHA2 } from '../licensing/iso3166';
import { publishToRegister, RegisterKind } from '../register/register.writer';
import { TAXONOMY_CODE } from '../taxonomy/taxonomy.service';
import { HumanitarianWaiverStatus as S, WaiverRecognitionStatus } from './waiver.enums';
import { HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport } from './waiver.entity';
import { waiverMachine, waiverRecognitionMachine, type WaiverEvent, type WaiverParty } from './waiver.states';

const DAY = 86_400_000;
const MAX_LIST = 200;

export interface WaiverInputData {
  consortiumId: string;
  programme: string;
  beneficiaries: { name: string; country: string; identifiers?: string[] | null }[];
  taxonomyCodes: string[];
  destinations: string[];
  validFrom: Date | string;
  validTo: Date | string;
  conditions?: string[] | null;
  reportingEveryDays?: number | null;
  beneficiariesPublic?: boolean | null;
  idempotencyKey?: string | null;
}

export interface WaiverFilter {
  consortiumId?: string | null;
  sponsor?: string | null;
  status?: S | null;
  recognizedBy?: string | null;
}

export type WaiverDueKind = 'ACTIVATE' | 'EXPIRE' | 'REPORT';

const day = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** Who sees a waiver's beneficiaries: members, the secretariat and analysts (never the public). */
export const seesBeneficiaries = (p: AuthPrincipal | null): boolean => !!p && [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST].includes(p.role);

export class WaiverService {
  constructor(private readonly deps: ServiceDeps) {}

  private validate(input: WaiverInputData) {
    const programme = requiredText(input.programme, 'input.programme', 500);
    if (!input.beneficiaries?.length) throw new ValidationError('name at least one beneficiary', 'input.beneficiaries');
    if (input.beneficiaries.length > MAX_LIST) throw new ValidationError(`at most ${MAX_LIST} beneficiaries`, 'input.beneficiaries');
    const beneficiaries = input.beneficiaries.map((b, i) => {
      const name = requiredText(b.name, `input.beneficiaries.${i}.name`, 300);
      const country = b.country?.trim().toUpperCase() ?? '';
      if (!ISO_3166_1_ALPHA2.has(country)) throw new ValidationError('country must be an ISO 3166-1 alpha-2 code', `input.beneficiaries.${i}.country`);
      const identifiers = (b.identifiers ?? []).map((x, k) => requiredText(x, `input.beneficiaries.${i}.identifiers.${k}`, 200));
      return { name, normalizedName: normalizeName(name), country, identifiers };
    });
    if (!input.taxonomyCodes?.length) throw new ValidationError('name at least one item (taxonomy code)', 'input.taxonomyCodes');
    if (input.taxonomyCodes.length > MAX_LIST) throw new ValidationError(`at most ${MAX_LIST} taxonomy codes`, 'input.taxonomyCodes');
    const taxonomyCodes = [
      ...new Set(
        input.taxonomyCodes.map((c, i) => {
          const code = c?.trim().toUpperCase() ?? '';
          if (!TAXONOMY_CODE.test(code))
            throw new ValidationError('taxonomyCode must be a taxonomy code such as BIO.EQP.FERMENTER', `input.taxonomyCodes.${i}`);
          return code;
        }),
      ),
    ].sort();
    if (!input.destinations?.length) throw new ValidationError('name at least one destination', 'input.destinations');
    if (input.destinations.length > MAX_LIST) throw new ValidationError(`at most ${MAX_LIST} destinations`, 'input.destinations');
    const destinations = [
      ...new Set(
        input.destinations.map((c, i) => {
          const code = c?.trim().toUpperCase() ?? '';
          if (!ISO_3166_1_ALPHA2.has(code)) throw new ValidationError('destination must be an ISO 3166-1 alpha-2 country code', `input.destinations.${i}`);
          return code;
        }),
      ),
    ].sort();
    checkDate(input.validFrom, 'input.validFrom');
    checkDate(input.validTo, 'input.validTo');
    const validFrom = day(input.validFrom);
    const validTo = day(input.validTo);
    if (validTo < validFrom) throw new ValidationError('validTo must not be before validFrom', 'input.validTo');
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    if (validTo < today) throw new ValidationError('validTo is in the past', 'input.validTo');
    if ((input.conditions?.length ?? 0) > 50) throw new ValidationError('at most 50 conditions', 'input.conditions');
    const conditions = (input.conditions ?? []).map((c, i) => requiredText(c, `input.conditions.${i}`, 2000));
    const every = input.reportingEveryDays ?? null;
    if (every !== null && (!Number.isInteger(every) || every < 1 || every > 365))
      throw new ValidationError('reportingEveryDays must be 1 to 365', 'input.reportingEveryDays');
    const key = optionalText(input.idempotencyKey, 'input.idempotencyKey', 200);
    return {
      programme,
      beneficiaries,
      taxonomyCodes,
      destinations,
      validFrom,
      validTo,
      conditions,
      every,
      key,
      beneficiariesPublic: !!input.beneficiariesPublic,
    };
  }

  /** A regulator files a waiver sponsored by its member: ACTIVE at once, or FILED until validFrom. */
  async file(principal: AuthPrincipal | null, input: WaiverInputData): Promise<HumanitarianWaiver> {
    const p = requireRole(principal, Role.REGULATOR);
    const sponsor = p.jurisdiction!;
    const v = this.validate(input);
    const fingerprint = inputFingerprint({
      consortiumId: input.consortiumId,
      programme: v.programme,
      taxonomyCodes: v.taxonomyCodes,
      destinations: v.destinations,
      validFrom: v.validFrom,
      validTo: v.validTo,
      conditions: v.conditions,
      reportingEveryDays: v.every,
      beneficiariesPublic: v.beneficiariesPublic,
      beneficiaries: v.beneficiaries.map((b) => ({ n: b.normalizedName, c: b.country, i: b.identifiers })),
    });
    return inTransaction(this.deps.dataSource, async (m) => {
      const replay = await replayIdempotent(m, {
        key: v.key,
        scope: `waiver:${sponsor}`,
        fingerprint,
        find: () => m.getRepository(HumanitarianWaiver).findOneBy({ sponsorJurisdiction: sponsor, idempotencyKey: v.key! }),
        conflict: 'this idempotencyKey was used for a different waiver',
        details: (existing) => ({ waiverId: existing.id }),
      });
      if (replay) return replay;
      const consortium = isUuid(input.consortiumId) ? await m.getRepository(Consortium).findOneBy({ id: input.consortiumId }) : null;
      if (!consortium) throw new NotFoundError('Consortium', input.consortiumId);
      const members = await membership.members(m, consortium.id);
      if (!members.includes(sponsor)) throw new ForbiddenError(`${sponsor} is not a member of ${consortium.name}`);
      const known: { code: string }[] = await m.query('SELECT code FROM taxonomy_node WHERE code = ANY($1)', [v.taxonomyCodes]);
      const unknown = v.taxonomyCodes.findIndex((c) => !known.some((k) => k.code === c));
      if (unknown >= 0)
        throw new ValidationError(
          `taxonomy node ${v.taxonomyCodes[unknown]} does not exist`,
          `input.taxonomyCodes.${input.taxonomyCodes.findIndex((c) => c.trim().toUpperCase() === v.taxonomyCodes[unknown])}`,
        );
      const now = this.deps.clock.now();
      const today = now.toISOString().slice(0, 10);
      const repo = m.getRepository(HumanitarianWaiver);
      const waiver = await repo.save(
        repo.create({
          consortiumId: consortium.id,
          sponsorJurisdiction: sponsor,
          programme: v.programme,
          taxonomyCodes: v.taxonomyCodes,
          destinations: v.destinations,
          validFrom: v.validFrom,
          validTo: v.validTo,
          conditions: v.conditions,
          reportingEveryDays: v.every,
          nextReportDue: v.every ? new Date(Math.max(now.getTime(), Date.parse(`${v.validFrom}T00:00:00Z`)) + v.every * DAY) : null,
          beneficiariesPublic: v.beneficiariesPublic,
          status: v.validFrom <= today ? S.ACTIVE : S.FILED,
          createdById: p.id,
          ...idempotencyColumns(v.key, fingerprint),
        }),
      );
      const beneficiaries = m.getRepository(HumanitarianWaiverBeneficiary);
      await beneficiaries.save(v.beneficiaries.map((b) => beneficiaries.create({ waiverId: waiver.id, ...b })));
      await auditChange(m, actorOf(principal), this.deps.clock, waiver, 'HUMANITARIAN_WAIVER.FILED', {
        after: {
          status: waiver.status,
          taxonomyCodes: waiver.taxonomyCodes,
          destinations: waiver.destinations,
          validFrom: waiver.validFrom,
          validTo: waiver.validTo,
          beneficiaries: v.beneficiaries.length,
        },
        rationale: v.programme,
      });
      await this.publish(m, waiver, 'filed');
      return waiver;
    });
  }

  /** A regulator of another member of the consortium recognizes the waiver for its member, once, with conditions or not. */
  async recognize(principal: AuthPrincipal | null, id: string, conditions?: string[] | null): Promise<HumanitarianWaiver> {
    const p = requireRole(principal, Role.REGULATOR);
    if ((conditions?.length ?? 0) > 50) throw new ValidationError('at most 50 conditions', 'conditions');
    const conds = (conditions ?? []).map((c, i) => requiredText(c, `conditions.${i}`, 2000));
    return inTransaction(this.deps.dataSource, async (m) => {
      const waiver = await this.lock(m, id);
      if (waiver.sponsorJurisdiction === p.jurisdiction) throw new ForbiddenError('the sponsor does not recognize its own waiver');
      const member = await m
        .getRepository(Membership)
        .findOneBy({ consortiumId: waiver.consortiumId, jurisdictionCode: p.jurisdiction!, role: 'MEMBER' as never });
      if (!member || member.until !== null) throw new ForbiddenError(`${p.jurisdiction} is not a member of the waiver's consortium`);
      if (waiver.status !== S.ACTIVE && waiver.status !== S.FILED)
        throw new ValidationError(`a ${waiver.status.toLowerCase()} waiver cannot be recognized`, 'id');
      const repo = m.getRepository(HumanitarianWaiverRecognition);
      if (await repo.findOneBy({ waiverId: waiver.id, jurisdictionCode: p.jurisdiction! }))
        throw new ConflictError(`${p.jurisdiction} has already recognized this waiver`, { field: 'id' });
      const rec = await repo.save(
        repo.create({
          waiverId: waiver.id,
          jurisdictionCode: p.jurisdiction!,
          conditions: conds,
          status: WaiverRecognitionStatus.RECOGNIZED,
          recognizedAt: this.deps.clock.now(),
          recognizedById: p.id,
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, waiver, 'HUMANITARIAN_WAIVER.RECOGNIZED', {
        after: { jurisdiction: rec.jurisdictionCode, conditions: conds, recognitionId: rec.id },
      });
      await this.publish(m, waiver, `recognized by ${rec.jurisdictionCode}${conds.length ? ` with conditions: ${conds.join('; ')}` : ''}`);
      return waiver;
    });
  }

  /** The sponsor revokes its waiver; the recognitions end with it. */
  async revoke(principal: AuthPrincipal | null, id: string, reason: string): Promise<HumanitarianWaiver> {
    const p = requireRole(principal, Role.REGULATOR);
    const r = requiredText(reason, 'reason', 5000);
    return inTransaction(this.deps.dataSource, async (m) => {
      const waiver = await this.lock(m, id);
      const parties: WaiverParty[] = waiver.sponsorJurisdiction === p.jurisdiction ? ['SPONSOR'] : [];
      await this.move(m, waiver, 'REVOKE', parties, actorOf(principal), { endedAt: this.deps.clock.now(), revocationReason: r }, r);
      return waiver;
    });
  }

  private async lock(m: EntityManager, id: string): Promise<HumanitarianWaiver> {
    return lockOrNotFound(m, HumanitarianWaiver, id, 'HumanitarianWaiver');
  }

  private async move(
    m: EntityManager,
    waiver: HumanitarianWaiver,
    event: WaiverEvent,
    parties: WaiverParty[],
    actor: Actor,
    set: Record<string, unknown>,
    rationale: string | null,
  ): Promise<void> {
    await waiverMachine.transition(m, waiver, event, parties, { actor, clock: this.deps.clock, set, rationale });
    if (event === 'REVOKE' || event === 'EXPIRE') {
      const recs = await m.getRepository(HumanitarianWaiverRecognition).findBy({ waiverId: waiver.id, status: WaiverRecognitionStatus.RECOGNIZED });
      for (const rec of recs)
        await waiverRecognitionMachine.transition(m, rec, 'END', [parties[0]], {
          actor,
          clock: this.deps.clock,
          after: { waiverId: waiver.id, because: event },
        });
    }
    await this.publish(m, waiver, event === 'REVOKE' ? 'revoked' : event === 'EXPIRE' ? 'expired' : 'in force');
  }

  /** The waiver's public register entry: scope, validity, conditions, recognitions; beneficiaries only when public. */
  private async publish(m: EntityManager, waiver: HumanitarianWaiver, what: string): Promise<void> {
    const recs = await m.getRepository(HumanitarianWaiverRecognition).find({ where: { waiverId: waiver.id }, order: { jurisdictionCode: 'ASC' } });
    const beneficiaries = waiver.beneficiariesPublic
      ? (await m.getRepository(HumanitarianWaiverBeneficiary).find({ where: { waiverId: waiver.id }, order: { name: 'ASC' } })).map((b) => ({
          name: b.name,
          country: b.country,
        }))
      : null;
    await publishToRegister(m, this.deps.clock, {
      kind: RegisterKind.HUMANITARIAN_WAIVER,
      consortiumId: waiver.consortiumId,
      subjectId: waiver.id,
      title: `${waiver.sponsorJurisdiction} humanitarian waiver "${waiver.programme}": ${what}`,
      summary:
        `${waiver.status}; items ${waiver.taxonomyCodes.join(', ')}; destinations ${waiver.destinations.join(', ')}; valid ${waiver.validFrom} to ${waiver.validTo}` +
        `${waiver.conditions.length ? `; conditions: ${waiver.conditions.join('; ')}` : ''}` +
        `${recs.length ? `; recognized by ${recs.map((r) => `${r.jurisdictionCode}${r.conditions.length ? ` (conditions: ${r.conditions.join('; ')})` : ''}`).join(', ')}` : ''}` +
        `${beneficiaries ? `; beneficiaries: ${beneficiaries.map((b) => `${b.name} (${b.country})`).join(', ')}` : ''}`,
      rationale: waiver.revocationReason ?? '',
      jurisdictions: [waiver.sponsorJurisdiction, ...recs.map((r) => r.jurisdictionCode)],
      details: {
        status: waiver.status,
        programme: waiver.programme,
        scope: waiver.taxonomyCodes,
        destinations: waiver.destinations,
        validFrom: waiver.validFrom,
        validTo: waiver.validTo,
        conditions: waiver.conditions,
        reportingEveryDays: waiver.reportingEveryDays,
        recognitions: recs.map((r) => ({ jurisdiction: r.jurisdictionCode, conditions: r.conditions, status: r.status })),
        ...(beneficiaries ? { beneficiaries } : {}),
      },
    });
  }

  // --- time-driven (the scheduler) ----------------------------------------------------

  /** Waivers to activate (validFrom reached), expire (past validTo) or whose report falls due. */
  async due(now: Date): Promise<{ key: string; id: string; kind: WaiverDueKind }[]> {
    const today = now.toISOString().slice(0, 10);
    const rows: { id: string; kind: WaiverDueKind; at: string }[] = await this.deps.dataSource.query(
      `SELECT id, 'EXPIRE' AS kind, valid_to::text AS at FROM humanitarian_waiver WHERE status IN ('FILED', 'ACTIVE') AND valid_to < $2::date
       UNION ALL
       SELECT id, 'ACTIVATE', valid_from::text FROM humanitarian_waiver WHERE status = 'FILED' AND valid_from <= $2::date AND valid_to >= $2::date
       UNION ALL
       SELECT id, 'REPORT', next_report_due::text FROM humanitarian_waiver WHERE status = 'ACTIVE' AND next_report_due <= $1 AND valid_to >= $2::date`,
      [now, today],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, key: `waiver:${r.kind}:${r.id}:${r.at}` }));
  }

  /** Fire a due move; false when no longer due. A due report is recorded and the next one scheduled. */
  async fireDue(id: string, kind: WaiverDueKind): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const waiver = await findLocked(m, HumanitarianWaiver, id);
      if (!waiver) return false;
      const now = this.deps.clock.now();
      const today = now.toISOString().slice(0, 10);
      if (kind === 'EXPIRE') {
        if (!waiverMachine.allows(waiver.status, 'EXPIRE') || waiver.validTo >= today) return false;
        await this.move(m, waiver, 'EXPIRE', ['SYSTEM'], SYSTEM_ACTOR, { endedAt: now }, `valid until ${waiver.validTo}`);
        return true;
      }
      if (kind === 'ACTIVATE') {
        if (waiver.status !== S.FILED || waiver.validFrom > today || waiver.validTo < today) return false;
        await this.move(m, waiver, 'ACTIVATE', ['SYSTEM'], SYSTEM_ACTOR, {}, `valid from ${waiver.validFrom}`);
        return true;
      }
      if (waiver.status !== S.ACTIVE || !waiver.nextReportDue || !waiver.reportingEveryDays || waiver.nextReportDue > now) return false;
      const dueAt = waiver.nextReportDue;
      const reports = m.getRepository(HumanitarianWaiverReport);
      const report = await reports.save(
        reports.create({ waiverId: waiver.id, dueAt, periodFrom: new Date(dueAt.getTime() - waiver.reportingEveryDays * DAY) }),
      );
      waiver.nextReportDue = new Date(dueAt.getTime() + waiver.reportingEveryDays * DAY);
      await m.save(waiver);
      await auditChange(m, SYSTEM_ACTOR, this.deps.clock, waiver, 'HUMANITARIAN_WAIVER.REPORT_DUE', {
        after: { reportId: report.id, dueAt, nextReportDue: waiver.nextReportDue },
      });
      return true;
    });
  }

  // --- reads ----------------------------------------------------------------------------

  /** Waivers are public records (their register entries are); beneficiaries are shown to members only (resolver). */
  async list(filter: WaiverFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<HumanitarianWaiver>> {
    const qb = this.deps.dataSource.getRepository(HumanitarianWaiver).createQueryBuilder('w').where('true');
    if (filter.consortiumId) {
      if (!isUuid(filter.consortiumId)) throw new ValidationError('consortiumId is not an id', 'filter.consortiumId');
      qb.andWhere('w.consortium_id = :cid', { cid: filter.consortiumId });
    }
    if (filter.sponsor) qb.andWhere('w.sponsor_jurisdiction = :sp', { sp: filter.sponsor.trim().toUpperCase() });
    if (filter.status) qb.andWhere('w.status = :st', { st: filter.status });
    if (filter.recognizedBy) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM humanitarian_waiver_recognition r WHERE r.waiver_id = w.id AND r.jurisdiction_code = :rb AND r.status = 'RECOGNIZED')`,
        { rb: filter.recognizedBy.trim().toUpperCase() },
      );
    }
    return newestFirst(qb, 'w', 'created_at', (w) => w.createdAt, first, after);
  }

  beneficiaries(waiverIds: readonly string[]): Promise<HumanitarianWaiverBeneficiary[]> {
    return this.ofWaivers(HumanitarianWaiverBeneficiary, waiverIds, 'name');
  }

  recognitions(waiverIds: readonly string[]): Promise<HumanitarianWaiverRecognition[]> {
    return this.ofWaivers(HumanitarianWaiverRecognition, waiverIds, 'jurisdiction_code');
  }

  reports(waiverIds: readonly string[]): Promise<HumanitarianWaiverReport[]> {
    return this.ofWaivers(HumanitarianWaiverReport, waiverIds, 'due_at');
  }

  /** The rows of several waivers, in one statement, ordered by `orderBy`. */
  private ofWaivers<T extends ObjectLiteral>(entity: EntityTarget<T>, waiverIds: readonly string[], orderBy: string): Promise<T[]> {
    return this.deps.dataSource
      .getRepository(entity)
      .createQueryBuilder('x')
      .where('x.waiver_id = ANY(:ids)', { ids: [...waiverIds] })
      .orderBy(`x.${orderBy}`)
      .getMany();
  }

  async byIds(ids: readonly string[]): Promise<HumanitarianWaiver[]> {
    if (!ids.length) return [];
    return this.deps.dataSource
      .getRepository(HumanitarianWaiver)
      .createQueryBuilder('w')
      .where('w.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}
