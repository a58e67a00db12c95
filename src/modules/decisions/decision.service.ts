/**
 * Licence decisions, end users and their verifications, and the no-undercut rule
 * (DESIGN.md §1, Denial consultation): a member may not grant an essentially identical
 * transaction (same taxonomy node, same end user) that another member denied, while the
 * denial is in force, unless it has recorded a consultation with the denying member.
 */
import { nearDuplicateDenials } from './end-user-match';
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inputFingerprint, replayIdempotent, idempotencyColumns } from '../../shared/idempotency';
import { inTransaction } from '../../shared/transaction';
import { checkDate, newestFirst, optionalText, requiredText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { mostRestrictive } from '../harmonized/harmonize';
import { LicensingTier } from '../control-lists/control-list.enums';
import type { HarmonizedService } from '../harmonized/harmonized.service';
import { isUuid } from '../../shared/ids';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { reachedRow, withinReach } from '../auth/panel-reach';
import { ConsultationOutcome, LicenceOutcome } from './decision.enums';
import { EndUser, EndUserVerification } from './end-user.entity';
import { DenialConsultation, LicenceDecision } from './licence-decision.entity';

export interface EndUserData {
  name: string;
  country: string;
  identifiers?: string[] | null;
}

export interface LicenceDecisionData {
  applicant: string;
  endUser?: EndUserData | null;
  endUserId?: string | null;
  destination: string;
  taxonomyCodes: string[];
  outcome: LicenceOutcome;
  rationale: string;
  conditions?: string[] | null;
  validUntil?: string | null;
  confidential?: boolean | null;
  idempotencyKey?: string | null;
  /** Transaction assessment: the decided tier, why it differs from the proposed one, the assessment decided against. */
  tier?: LicensingTier | null;
  tierDeviationReason?: string | null;
  assessmentId?: string | null;
}

export interface DecisionFilter {
  jurisdiction?: string | null;
  outcome?: LicenceOutcome | null;
  endUserId?: string | null;
  taxonomyCode?: string | null;
}

const COUNTRY = /^[A-Z]{2}$/;

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Who sees a decision in full: its own regulators and the secretariat; denials are shared with every member. */
export function maySeeDecision(principal: AuthPrincipal | null, d: Pick<LicenceDecision, 'jurisdictionCode' | 'confidential' | 'outcome'>): boolean {
  if (!d.confidential || d.outcome === LicenceOutcome.DENIED) return true;
  return !!principal && (principal.role === Role.SECRETARIAT || (principal.role === Role.REGULATOR && principal.jurisdiction === d.jurisdictionCode));
}

export function redactDecision(principal: AuthPrincipal | null, d: LicenceDecision): LicenceDecision {
  if (maySeeDecision(principal, d)) return d;
  return Object.assign(new LicenceDecision(), d, {
    applicant: null,
    rationale: null,
    conditions: null,
    destination: null,
    validUntil: null,
    endUserId: '',
    items: [],
    tierDeviationReason: null,
    redacted: true,
  });
}

/**
 * What a decision is measured against: the proposed tier and risk of the transaction
 * (the assessment module provides it; decisions only ask).
 */
export interface TierProposals {
  forDecision(m: EntityManager, principal: AuthPrincipal | null, d: DecisionToMeasure): Promise<TierProposal | null>;
}

/** The transaction a decision is about, as the assessment reads it. */
export interface DecisionToMeasure {
  /** The stored assessment the decision names, if any. */
  assessmentId?: string | null;
  jurisdiction: string;
  destination: string;
  codes: string[];
  endUserId: string;
  endUserName: string;
  endUserCountry: string;
}

/** The assessment a decision is measured against. */
export interface TierProposal {
  id: string;
  proposedTier: LicensingTier;
  riskScore: number;
  riskLevel: string;
  postShipmentCheckDays: number[];
}

export class DecisionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly harmonized: HarmonizedService,
    private readonly assessment?: TierProposals,
  ) {}

  /** Find the end user by name and country, or record it. */
  async resolveEndUser(m: EntityManager, input: { endUser?: EndUserData | null; endUserId?: string | null }, field = 'input'): Promise<EndUser> {
    const repo = m.getRepository(EndUser);
    if (input.endUserId) {
      const found = isUuid(input.endUserId) ? await repo.findOneBy({ id: input.endUserId }) : null;
      if (!found) throw new NotFoundError('EndUser', input.endUserId);
      return found;
    }
    if (!input.endUser) throw new ValidationError('give endUser or endUserId', `${field}.endUser`);
    const name = requiredText(input.endUser.name, `${field}.endUser.name`, 300);
    const country = input.endUser.country?.trim().toUpperCase() ?? '';
    if (!COUNTRY.test(country)) throw new ValidationError('country must be an ISO 3166-1 alpha-2 code', `${field}.endUser.country`);
    const identifiers = (input.endUser.identifiers ?? []).map((x, i) => requiredText(x, `${field}.endUser.identifiers.${i}`, 100));
    await m.query(
      `INSERT INTO end_user (name, normalized_name, country, identifiers) VALUES ($1, $2, $3, $4) ON CONFLICT (normalized_name, country) DO NOTHING`,
      [name, normalizeName(name), country, identifiers],
    );
    return (await repo.findOneBy({ normalizedName: normalizeName(name), country }))!;
  }

  /** A regulator records its own jurisdiction's decision; controlling entries are resolved for it. */
  async record(principal: AuthPrincipal | null, input: LicenceDecisionData): Promise<LicenceDecision> {
    const p = requireRole(principal, Role.REGULATOR);
    const jurisdiction = p.jurisdiction!;
    const applicant = requiredText(input.applicant, 'input.applicant', 300);
    const rationale = requiredText(input.rationale, 'input.rationale', 10000);
    const destination = input.destination?.trim().toUpperCase() ?? '';
    if (!COUNTRY.test(destination)) throw new ValidationError('destination must be an ISO 3166-1 alpha-2 code', 'input.destination');
    const codes = [...new Set((input.taxonomyCodes ?? []).map((c) => c.trim().toUpperCase()))];
    if (codes.length === 0 || codes.length > 50) throw new ValidationError('give 1 to 50 taxonomy codes', 'input.taxonomyCodes');
    const conditions = (input.conditions ?? []).map((c, i) => requiredText(c, `input.conditions.${i}`, 2000));
    if (input.outcome === LicenceOutcome.GRANTED_WITH_CONDITIONS && conditions.length === 0) {
      throw new ValidationError('a grant with conditions needs its conditions', 'input.conditions');
    }
    if (input.validUntil && !/^\d{4}-\d{2}-\d{2}$/.test(input.validUntil)) throw new ValidationError('validUntil must be a date', 'input.validUntil');
    checkDate(input.validUntil, 'input.validUntil');
    const key = optionalText(input.idempotencyKey, 'input.idempotencyKey', 200);
    const deviationReason = optionalText(input.tierDeviationReason, 'input.tierDeviationReason', 5000);
    const fingerprint = inputFingerprint({
      applicant,
      endUser: input.endUser,
      endUserId: input.endUserId,
      destination,
      taxonomyCodes: [...codes].sort(),
      outcome: input.outcome,
      rationale,
      conditions,
      validUntil: input.validUntil,
      confidential: !!input.confidential,
      tier: input.tier ?? null,
      tierDeviationReason: input.tierDeviationReason ?? null,
      assessmentId: input.assessmentId ?? null,
    });
    const now = this.deps.clock.now();
    const today = now.toISOString().slice(0, 10);

    return inTransaction(this.deps.dataSource, async (m) => {
      const replay = await replayIdempotent(m, {
        key,
        scope: `decision:${jurisdiction}`,
        fingerprint,
        find: () => m.getRepository(LicenceDecision).findOneBy({ jurisdictionCode: jurisdiction, idempotencyKey: key! }),
        legacySame: (existing) =>
          existing.applicant === applicant &&
          existing.outcome === input.outcome &&
          existing.destination === destination &&
          JSON.stringify([...existing.taxonomyCodes].sort()) === JSON.stringify([...codes].sort()),
        conflict: 'this idempotencyKey was used for a different decision',
        details: (existing) => ({ decisionId: existing.id }),
      });
      if (replay) return replay;
      const nodes = await m.getRepository(TaxonomyNode).findBy(codes.map((code) => ({ code })));
      const missing = codes.findIndex((c) => !nodes.some((n) => n.code === c));
      if (missing >= 0) throw new ValidationError(`taxonomy node ${codes[missing]} does not exist`, `input.taxonomyCodes.${missing}`);
      const endUser = await this.resolveEndUser(m, input);

      if (input.outcome !== LicenceOutcome.DENIED) await this.assertNoUndercut(m, jurisdiction, endUser.id, codes, today);
      // Near-duplicates of the end user denied by another member: flagged, not refused — the
      // names may be two institutions; the flag is in the audit event and on the decision (nearDuplicateDenials).
      const nearDenials = input.outcome !== LicenceOutcome.DENIED ? await nearDuplicateDenials(m, jurisdiction, endUser.id, codes, today) : [];

      const controls = await this.harmonized.controlsIn(jurisdiction, codes, m);
      const items = codes.map((taxonomyCode) => ({ taxonomyCode, entries: controls.get(taxonomyCode) ?? [] }));
      // The proposed tier and risk at the moment of deciding.
      const assessed = this.assessment
        ? await this.assessment.forDecision(m, principal, {
            assessmentId: input.assessmentId,
            jurisdiction,
            destination,
            codes,
            endUserId: endUser.id,
            endUserName: endUser.normalizedName,
            endUserCountry: endUser.country,
          })
        : null;
      const tier = input.tier ?? mostRestrictive(items.flatMap((i) => i.entries.map((e) => e.tier)));
      const deviates = !!assessed && !!input.tier && input.tier !== assessed.proposedTier;
      if (deviates && !deviationReason) {
        throw new ValidationError(
          `the proposed tier is ${assessed.proposedTier}: a decision at ${input.tier} needs tierDeviationReason`,
          'input.tierDeviationReason',
        );
      }
      const checksDue =
        assessed && tier === LicensingTier.ENHANCED && input.outcome !== LicenceOutcome.DENIED
          ? assessed.postShipmentCheckDays.map((d) => new Date(now.getTime() + d * 86_400_000).toISOString().slice(0, 10))
          : [];
      const repo = m.getRepository(LicenceDecision);
      const decision = await repo.save(
        repo.create({
          jurisdictionCode: jurisdiction,
          applicant,
          endUserId: endUser.id,
          destination,
          taxonomyCodes: codes,
          items,
          tier,
          proposedTier: assessed?.proposedTier ?? null,
          riskScore: assessed?.riskScore ?? null,
          riskLevel: assessed?.riskLevel ?? null,
          assessmentId: assessed?.id ?? null,
          tierDeviationReason: deviates ? deviationReason : null,
          postShipmentChecksDue: checksDue,
          outcome: input.outcome,
          conditions,
          rationale,
          validUntil: input.validUntil ?? null,
          confidential: !!input.confidential,
          decidedById: p.id,
          decidedAt: now,
          ...idempotencyColumns(key, fingerprint),
        }),
      );
      const shared = !decision.confidential || decision.outcome === LicenceOutcome.DENIED;
      await auditChange(m, actorOf(principal), this.deps.clock, decision, 'LICENCE_DECISION.RECORDED', {
        // Confidential grants: the trail keeps what every member may see, not the details.
        after: shared
          ? {
              outcome: decision.outcome,
              taxonomyCodes: codes,
              endUserId: endUser.id,
              destination,
              tier: decision.tier,
              confidential: decision.confidential,
              proposedTier: decision.proposedTier,
              riskScore: decision.riskScore,
              tierDeviation: deviates,
              ...(nearDenials.length
                ? { nearDuplicateDenials: nearDenials.map((x) => ({ denialId: x.denialId, deniedBy: x.deniedBy, similarity: x.similarity })) }
                : {}),
            }
          : {
              outcome: decision.outcome,
              taxonomyCodes: codes,
              confidential: true,
              ...(nearDenials.length ? { nearDuplicateDenials: nearDenials.map((x) => ({ denialId: x.denialId, deniedBy: x.deniedBy })) } : {}),
            },
        rationale: shared ? rationale : null,
      });
      return decision;
    });
  }

  /**
   * No-undercut: a grant for an end user and node that another member denied, while the
   * denial is in force, is CONFLICT naming the denial unless the granting member recorded a
   * consultation with the denying member and decided to proceed. Every path that grants
   * (a decision, a fast-track approval, its conversion to a standard licence) checks it.
   */
  async assertNoUndercut(m: EntityManager, jurisdiction: string, endUserId: string, codes: string[], today: string): Promise<void> {
    const denials: { id: string; jurisdiction_code: string; taxonomy_codes: string[]; consulted: boolean }[] = await m.query(
      `SELECT d.id, d.jurisdiction_code, d.taxonomy_codes,
              EXISTS (SELECT 1 FROM denial_consultation c WHERE c.denial_id = d.id AND c.jurisdiction_code = $3 AND c.outcome = 'PROCEED') AS consulted
       FROM licence_decision d
       WHERE d.outcome = 'DENIED' AND d.end_user_id = $1 AND d.taxonomy_codes && $2 AND d.jurisdiction_code <> $3
         AND (d.valid_until IS NULL OR d.valid_until >= $4)
       ORDER BY d.decided_at`,
      [endUserId, codes, jurisdiction, today],
    );
    const blocking = denials.find((d) => !d.consulted);
    if (blocking) {
      throw new ConflictError(
        `${blocking.jurisdiction_code} denied an essentially identical transaction (denial ${blocking.id}, ${blocking.taxonomy_codes.filter((c) => codes.includes(c)).join(', ')}); record a consultation with ${blocking.jurisdiction_code} before granting`,
        { denialId: blocking.id, deniedBy: blocking.jurisdiction_code },
      );
    }
  }

  /** A regulator of a member other than the denying one records its consultation. */
  async recordConsultation(
    principal: AuthPrincipal | null,
    input: { denialId: string; summary: string; outcome: ConsultationOutcome },
  ): Promise<DenialConsultation> {
    const p = requireRole(principal, Role.REGULATOR);
    const summary = requiredText(input.summary, 'input.summary', 10000);
    return inTransaction(this.deps.dataSource, async (m) => {
      const denial = isUuid(input.denialId) ? await m.getRepository(LicenceDecision).findOneBy({ id: input.denialId }) : null;
      if (!denial) throw new NotFoundError('LicenceDecision', input.denialId);
      if (denial.outcome !== LicenceOutcome.DENIED) throw new ValidationError('that decision is not a denial', 'input.denialId');
      if (denial.jurisdictionCode === p.jurisdiction) throw new ForbiddenError('a member does not consult itself about its own denial');
      const repo = m.getRepository(DenialConsultation);
      const c = await repo.save(
        repo.create({
          denialId: denial.id,
          jurisdictionCode: p.jurisdiction!,
          consultedJurisdictionCode: denial.jurisdictionCode,
          summary,
          outcome: input.outcome,
          recordedById: p.id,
          recordedAt: this.deps.clock.now(),
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, c, 'DENIAL_CONSULTATION.RECORDED', {
        after: { denialId: denial.id, consulted: denial.jurisdictionCode, outcome: c.outcome },
        rationale: summary,
      });
      return c;
    });
  }

  /** A regulator records its vetting of an end user. */
  async verifyEndUser(
    principal: AuthPrincipal | null,
    input: { endUser?: EndUserData | null; endUserId?: string | null; validUntil?: string | null; note?: string | null },
  ): Promise<EndUserVerification> {
    const p = requireRole(principal, Role.REGULATOR);
    const note = optionalText(input.note, 'input.note', 5000) ?? '';
    if (input.validUntil && !/^\d{4}-\d{2}-\d{2}$/.test(input.validUntil)) throw new ValidationError('validUntil must be a date', 'input.validUntil');
    checkDate(input.validUntil, 'input.validUntil');
    return inTransaction(this.deps.dataSource, async (m) => {
      const endUser = await this.resolveEndUser(m, input);
      const repo = m.getRepository(EndUserVerification);
      const v = await repo.save(
        repo.create({
          endUserId: endUser.id,
          jurisdictionCode: p.jurisdiction!,
          verifiedById: p.id,
          verifiedAt: this.deps.clock.now(),
          validUntil: input.validUntil ?? null,
          note,
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, v, 'END_USER.VERIFIED', {
        after: { endUserId: endUser.id, jurisdiction: v.jurisdictionCode, validUntil: v.validUntil },
        rationale: note || null,
      });
      return v;
    });
  }

  /** Decisions, newest first, redacted for the caller. */
  async list(principal: AuthPrincipal | null, filter: DecisionFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<LicenceDecision>> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    const qb = withinReach(this.deps.dataSource, LicenceDecision, principal, 'licenceDecision', 'd'); // a panelist: the cases it sits on
    if (filter.jurisdiction) qb.andWhere('d.jurisdiction_code = :j', { j: filter.jurisdiction.toUpperCase() });
    if (filter.outcome) qb.andWhere('d.outcome = :o', { o: filter.outcome });
    if (filter.endUserId) {
      if (!isUuid(filter.endUserId)) throw new ValidationError('endUserId is not an id', 'filter.endUserId');
      qb.andWhere('d.end_user_id = :e', { e: filter.endUserId });
    }
    if (filter.taxonomyCode) qb.andWhere(':t = ANY(d.taxonomy_codes)', { t: filter.taxonomyCode.toUpperCase() });
    // Confidential grants of other members are listed (outcome only) but never filtered on their hidden fields.
    if (filter.endUserId && !(principal!.role === Role.SECRETARIAT)) {
      qb.andWhere(`(d.confidential = false OR d.outcome = 'DENIED' OR d.jurisdiction_code = :own)`, { own: principal!.jurisdiction ?? '' });
    }
    const page = await newestFirst(qb, 'd', 'decided_at', (d) => d.decidedAt, first, after);
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: redactDecision(principal, e.node) })) };
  }

  async get(principal: AuthPrincipal | null, id: string): Promise<LicenceDecision | null> {
    requireRole(principal, Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST);
    if (!isUuid(id)) return null;
    const d = await reachedRow(this.deps.dataSource, LicenceDecision, principal, 'licenceDecision', 'd', id);
    return d ? redactDecision(principal, d) : null;
  }
}
