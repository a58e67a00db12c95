/**
 * assessTransaction: for a proposed export, what each member requires and why,
 * the risk and a proposed tier. A fixed number of set-based statements whatever the number
 * of members or items; every read goes through the manager it is given (a decision's
 * transaction) or the DataSource. The result is stored so that a decision can refer to it.
 */
import { applicableWaivers } from '../waivers/waiver.applicable';
import { In, type EntityManager } from 'typeorm';
import { RecognitionRequest } from '../recognition/recognition-request.entity';
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { actorOf } from '../../shared/actor';
import { recordAudit } from '../audit/audit-chain';
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';
import type { LicensingTier } from '../control-lists/control-list.enums';
import { isUuid } from '../../shared/ids';
import { normalizeName, type DecisionToMeasure, type TierProposal } from '../decisions/decision.service';
import { ancestors, assessMember, type Member, type MemberRequirement } from './assess';
import { EndUseCategory, RiskFactorName } from './assessment.enums';
import { DEFAULT_RISK_POLICY, assessRisk, type RiskPolicyData, type RiskResult } from './risk';
import { loadEndUserHistory } from './assessment.history';
import { countryGroups, entryFacts, listCoverage, ruleFacts, together } from './assessment.facts';
import { checkUnits, validateTransaction } from './assessment.validate';

export interface TransactionInputData {
  exportingJurisdiction: string;
  destination: string;
  endUse: EndUseCategory;
  endUseText?: string | null;
  endUser?: { name: string; country: string; identifiers?: string[] | null } | null;
  endUserId?: string | null;
  consortiumId?: string | null;
  items: {
    taxonomyCode: string;
    parameters?: { name: string; value: number; unit?: string | null }[] | null;
    quantity?: number | null;
    quantityUnit?: string | null;
  }[];
}

export interface AssessmentView {
  id: string;
  consortiumId: string;
  exportingJurisdiction: string;
  destination: string;
  endUse: EndUseCategory;
  proposedTier: LicensingTier;
  explanation: string[];
  risk: RiskResult;
  perMember: (MemberRequirement & { applicableRecognitionIds: string[]; applicableWaiverIds: string[] })[];
  createdAt: Date;
}

type Q = Pick<EntityManager, 'query'>;

/**
 * Members' regulators, the secretariat and analysts see end-user history (and the
 * recognitions and waivers that apply); the public does not, nor do panelists, whose reads
 * stop at the cases they sit on.
 */
export const seesEndUserHistory = (p: AuthPrincipal | null): boolean =>
  !!p && (p.role === Role.REGULATOR || p.role === Role.SECRETARIAT || p.role === Role.ANALYST);

export class AssessmentService {
  constructor(private readonly deps: ServiceDeps) {}

  private q(m?: EntityManager | null): Q {
    return m ?? this.deps.dataSource;
  }

  /** The consortium's published risk policy (the defaults until one is published). */
  async policy(consortiumId: string, m?: EntityManager | null): Promise<RiskPolicyData & { publishedAt: Date | null }> {
    const rows: { policy: RiskPolicyData; published_at: Date }[] = isUuid(consortiumId)
      ? await this.q(m).query('SELECT policy, published_at FROM risk_policy WHERE consortium_id = $1', [consortiumId])
      : [];
    return rows.length ? { ...DEFAULT_RISK_POLICY, ...rows[0].policy, publishedAt: rows[0].published_at } : { ...DEFAULT_RISK_POLICY, publishedAt: null };
  }

  /** assessTransaction: anyone may call it; anonymous callers get no end-user history. */
  async assess(principal: AuthPrincipal | null, input: TransactionInputData, m?: EntityManager | null, field = 'input'): Promise<AssessmentView> {
    const { exporting, destination, items } = validateTransaction(input, field);
    const q = this.q(m);
    const codes = [...new Set(items.map((i) => i.taxonomyCode))];
    const nodeCodes = [...new Set(codes.flatMap((c) => [c, ...ancestors(c)]))];

    // 1. The exporting jurisdiction, the items' nodes, the consortium and its members: one statement.
    const consortiumArg = input.consortiumId ?? null;
    if (consortiumArg !== null && !isUuid(consortiumArg)) throw new NotFoundError('Consortium', consortiumArg);
    const [head]: { exporting: string | null; nodes: string[]; consortia: string[]; members: string[] }[] = await q.query(
      `SELECT (SELECT code FROM jurisdiction WHERE code = $1) AS exporting,
              ARRAY(SELECT code FROM taxonomy_node WHERE code = ANY($2)) AS nodes,
              ARRAY(SELECT id::text FROM consortium WHERE $3::uuid IS NULL OR id = $3::uuid ORDER BY name LIMIT 2) AS consortia,
              ARRAY(SELECT m.jurisdiction_code || '/' || COALESCE(j.adopts_code, '') FROM membership m JOIN jurisdiction j ON j.code = m.jurisdiction_code
                    WHERE m.consortium_id = COALESCE($3::uuid, (SELECT id FROM consortium ORDER BY name LIMIT 1)) AND m.role = 'MEMBER' AND m.until IS NULL
                    ORDER BY m.jurisdiction_code) AS members`,
      [exporting, codes, consortiumArg],
    );
    if (!head.exporting) throw new ValidationError(`jurisdiction ${exporting} does not exist`, `${field}.exportingJurisdiction`);
    const missing = items.findIndex((i) => !head.nodes.includes(i.taxonomyCode));
    if (missing >= 0) throw new ValidationError(`taxonomy node ${items[missing].taxonomyCode} does not exist`, `${field}.items.${missing}.taxonomyCode`);
    if (consortiumArg !== null && !head.consortia.length) throw new NotFoundError('Consortium', consortiumArg);
    if (consortiumArg === null && head.consortia.length !== 1) throw new ValidationError('several consortia exist: give consortiumId', `${field}.consortiumId`);
    const consortiumId = consortiumArg ?? head.consortia[0];
    const memberRows = head.members.map((x) => ({ code: x.slice(0, x.indexOf('/')), adopts_code: x.slice(x.indexOf('/') + 1) || null }));
    const members: Member[] = memberRows.map((r) => ({ code: r.code, lists: r.adopts_code ? [r.code, r.adopts_code] : [r.code] }));
    const lists = [...new Set(members.flatMap((x) => x.lists))];
    const today = this.deps.clock.now().toISOString().slice(0, 10);

    // 2. Entries in force mapped onto the nodes or their ancestors; coverage; rules and groups; policy.
    const visible = seesEndUserHistory(principal);
    const [facts, coverage, rules, groups, policy, loaded, waivers] = await together(!!m, [
      () => entryFacts(q, nodeCodes, lists, today),
      () => listCoverage(q, lists, today),
      () => ruleFacts(q, lists, today),
      () => countryGroups(q),
      () => this.policy(consortiumId, m),
      () => loadEndUserHistory(q, visible, input, codes, destination, consortiumId, today, principal),
      // Humanitarian waivers for this end user, per member: members only, like the end-user history.
      () =>
        visible
          ? applicableWaivers(q, {
              consortiumId,
              destination,
              codes,
              endUserId: input.endUserId ?? null,
              endUserName: input.endUser ? normalizeName(input.endUser.name) : null,
              endUserCountry: input.endUser?.country.trim().toUpperCase() ?? null,
              today,
            })
          : Promise.resolve(new Map<string, string[]>()),
    ] as const);

    // Parameters whose unit cannot be turned into the unit of a threshold with the same name.
    checkUnits(items, facts, field);

    // 3. End-user history (members only), read alongside: see loadEndUserHistory.
    const { history, endUserId, destinationDenials, recognitions } = loaded;
    if (visible && input.endUserId && !history.endUserCountry) throw new NotFoundError('EndUser', input.endUserId);

    const ctx = { exporting, destination, endUse: input.endUse, items, facts, coverage, rules, groups, denials: history.denials };
    const perMember = members.map((mem) => ({
      ...assessMember(mem, ctx),
      applicableRecognitionIds: recognitions.get(mem.code) ?? [],
      // Humanitarian waivers: the sponsor's and the recognizers' only.
      applicableWaiverIds: waivers.get(mem.code) ?? [],
    }));
    const risk = assessRisk({ destination, endUse: input.endUse, members: perMember, facts, groups, destinationDenials, history }, policy);
    const exportingView = perMember.find((p) => p.jurisdiction === exporting);
    const explanation = [
      `${items.length} item(s) from ${exporting} to ${destination} for ${input.endUse.toLowerCase().replace(/_/g, ' ')} use${input.endUseText ? ` (${input.endUseText.trim().slice(0, 500)})` : ''}.`,
      exportingView
        ? `${exporting}, the exporting member: ${exportingView.requirement}${exportingView.reference ? ` (${exportingView.reference})` : ''}.`
        : `${exporting} is not a member of the consortium; the members' requirements are shown as they would apply under each member's law.`,
      ...perMember.filter((p) => p.jurisdiction !== exporting).map((p) => `${p.jurisdiction}: ${p.requirement}${p.reference ? ` (${p.reference})` : ''}.`),
      `Risk ${risk.score}/100 (${risk.level}); proposed tier ${risk.proposedTier}: ${risk.tierReasons.join('; ')}.`,
    ];

    // 4. Stored, so that a decision can refer to it.
    const stored = { perMember, risk, explanation };
    // Outside a decision's transaction the row is not worth a wait for the WAL flush: losing it in a crash
    // only means a decision naming it is refused (BAD_USER_INPUT), and the assessment can be run again.
    const [row]: { id: string; created_at: Date }[] = await q.query(
      `${m ? '' : `WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)) `}INSERT INTO transaction_assessment (consortium_id, exporting_jurisdiction, destination, end_use, end_user_id, taxonomy_codes, input, result, proposed_tier, risk_score, risk_level, requested_by_id)
       SELECT $1::uuid, $2::varchar, $3::varchar, $4::varchar, $5::uuid, $6::text[], $7::jsonb, $8::jsonb, $9::varchar, $10::int, $11::varchar, $12::text${m ? '' : ' FROM quick'}
       RETURNING id, created_at`,
      [
        consortiumId,
        exporting,
        destination,
        input.endUse,
        endUserId,
        codes,
        JSON.stringify({ ...input, items }),
        JSON.stringify(stored),
        risk.proposedTier,
        risk.score,
        risk.level,
        principal?.id ?? null,
      ],
    );
    return {
      id: row.id,
      consortiumId,
      exportingJurisdiction: exporting,
      destination,
      endUse: input.endUse,
      proposedTier: risk.proposedTier,
      explanation,
      risk,
      perMember,
      createdAt: row.created_at,
    };
  }

  /**
   * For a licence decision, inside its transaction: the stored assessment it names (which must
   * be for the same destination and items), else the latest assessment of the same
   * transaction (exporter, destination, items, end user) of the last 24 hours, else a new one
   * (exporting member = the deciding one, end use UNKNOWN, no parameters). Null when the
   * member belongs to no consortium.
   */
  async forDecision(m: EntityManager, principal: AuthPrincipal | null, d: DecisionToMeasure): Promise<TierProposal | null> {
    const rows: { consortium_id: string }[] = await m.query(
      `SELECT consortium_id FROM membership WHERE jurisdiction_code = $1 AND role = 'MEMBER' AND until IS NULL ORDER BY since, consortium_id LIMIT 1`,
      [d.jurisdiction],
    );
    if (d.assessmentId) {
      const a = await this.stored(m, d.assessmentId, 'input.assessmentId');
      if (a.destination !== d.destination || !d.codes.every((c) => a.taxonomyCodes.includes(c)) || a.exportingJurisdiction !== d.jurisdiction) {
        throw new ValidationError('that assessment is for another transaction (exporting member, destination or items differ)', 'input.assessmentId');
      }
      const policy = await this.policy(a.consortiumId, m);
      return { id: a.id, proposedTier: a.proposedTier, riskScore: a.riskScore, riskLevel: a.riskLevel, postShipmentCheckDays: policy.postShipmentCheckDays };
    }
    if (!rows.length) return null;
    // The same transaction assessed in the last 24 hours by this member (its regulators'
    // assessTransaction, or an earlier decision): its proposal stands, so that a deviation is
    // measured against what was proposed. Assessments others asked for (anonymous ones see no
    // end-user history) never set the proposal a member's decision is measured against.
    const recent: { id: string }[] = await m.query(
      `SELECT a.id FROM transaction_assessment a
       WHERE a.exporting_jurisdiction = $1 AND a.destination = $2 AND a.taxonomy_codes @> $3 AND a.taxonomy_codes <@ $3
         AND a.created_at > now() - interval '24 hours'
         AND a.requested_by_id IN (SELECT p.id::text FROM principal p WHERE p.jurisdiction_code = $1)
         AND (a.end_user_id = $4 OR (a.end_user_id IS NULL AND lower(regexp_replace(btrim(a.input->'endUser'->>'name'), '\\s+', ' ', 'g')) = $5
                                     AND upper(a.input->'endUser'->>'country') = $6))
       ORDER BY a.created_at DESC LIMIT 1`,
      [d.jurisdiction, d.destination, d.codes, d.endUserId, d.endUserName, d.endUserCountry],
    );
    if (recent.length) return this.forDecision(m, principal, { ...d, assessmentId: recent[0].id });
    const a = await this.assess(
      principal,
      {
        exportingJurisdiction: d.jurisdiction,
        destination: d.destination,
        endUse: EndUseCategory.UNKNOWN,
        endUserId: d.endUserId,
        consortiumId: rows[0].consortium_id,
        items: d.codes.map((taxonomyCode) => ({ taxonomyCode })),
      },
      m,
    );
    const policy = await this.policy(a.consortiumId, m);
    return { id: a.id, proposedTier: a.proposedTier, riskScore: a.risk.score, riskLevel: a.risk.level, postShipmentCheckDays: policy.postShipmentCheckDays };
  }

  /** Per member of the consortium, over [from, to): decisions made against an assessment, and those at another tier. One statement. */
  async tierDeviations(
    consortiumId: string,
    from: Date,
    to: Date,
  ): Promise<{ jurisdictionCode: string; assessedDecisions: number; deviations: number; deviationRate: number | null }[]> {
    const rows: { code: string; assessed: number; deviations: number }[] = await this.deps.dataSource.query(
      `SELECT m.jurisdiction_code AS code,
              count(d.id) FILTER (WHERE d.proposed_tier IS NOT NULL)::int AS assessed,
              count(d.id) FILTER (WHERE d.proposed_tier IS NOT NULL AND d.tier_deviation_reason IS NOT NULL)::int AS deviations
       FROM membership m
       LEFT JOIN licence_decision d ON d.jurisdiction_code = m.jurisdiction_code AND d.decided_at >= $2 AND d.decided_at < $3
       WHERE m.consortium_id = $1 AND m.role = 'MEMBER' AND m.until IS NULL
       GROUP BY m.jurisdiction_code ORDER BY m.jurisdiction_code`,
      [consortiumId, from, to],
    );
    return rows.map((r) => ({
      jurisdictionCode: r.code,
      assessedDecisions: r.assessed,
      deviations: r.deviations,
      deviationRate: r.assessed ? Math.round((1000 * r.deviations) / r.assessed) / 1000 : null,
    }));
  }

  /**
   * The secretariat publishes a change to the risk policy (only the fields given change);
   * audited with its rationale. Thresholds must rise (MEDIUM < HIGH < CRITICAL, STANDARD ≤ ENHANCED).
   */
  async updatePolicy(
    principal: AuthPrincipal | null,
    consortiumId: string,
    input: Partial<Omit<RiskPolicyData, 'weights' | 'levelThresholds'>> & {
      weights?: { factor: string; weight: number }[] | null;
      mediumFromScore?: number | null;
      highFromScore?: number | null;
      criticalFromScore?: number | null;
    },
    rationale: string,
  ): Promise<RiskPolicyData & { publishedAt: Date | null }> {
    if (!rationale?.trim() || rationale.length > 5000) throw new ValidationError('a policy change needs a rationale (at most 5000 characters)', 'rationale');
    if (!isUuid(consortiumId)) throw new NotFoundError('Consortium', consortiumId);
    return inTransaction(this.deps.dataSource, async (m) => {
      const found: { id: string }[] = await m.query('SELECT id FROM consortium WHERE id = $1 FOR UPDATE', [consortiumId]);
      if (!found.length) throw new NotFoundError('Consortium', consortiumId);
      const current = await this.policy(consortiumId, m);
      const { publishedAt: _published, ...before } = current;
      const next = JSON.parse(JSON.stringify(before)) as RiskPolicyData;
      const score = (v: number | null | undefined, field: string) => {
        if (v === undefined || v === null) return undefined;
        if (!Number.isInteger(v) || v < 0 || v > 100) throw new ValidationError('must be a whole number from 0 to 100', `input.${field}`);
        return v;
      };
      (input.weights ?? []).forEach((w, i) => {
        if (!Object.values(RiskFactorName).includes(w.factor as RiskFactorName)) throw new ValidationError('not a risk factor', `input.weights.${i}.factor`);
        if (!Number.isFinite(w.weight) || w.weight < 0 || w.weight > 1000) throw new ValidationError('a weight is from 0 to 1000', `input.weights.${i}.weight`);
        next.weights[w.factor as RiskFactorName] = w.weight;
      });
      if (!Object.values(next.weights).some((w) => w > 0)) throw new ValidationError('at least one weight must be above 0', 'input.weights');
      next.levelThresholds.MEDIUM = score(input.mediumFromScore, 'mediumFromScore') ?? next.levelThresholds.MEDIUM;
      next.levelThresholds.HIGH = score(input.highFromScore, 'highFromScore') ?? next.levelThresholds.HIGH;
      next.levelThresholds.CRITICAL = score(input.criticalFromScore, 'criticalFromScore') ?? next.levelThresholds.CRITICAL;
      if (!(next.levelThresholds.MEDIUM < next.levelThresholds.HIGH && next.levelThresholds.HIGH < next.levelThresholds.CRITICAL)) {
        throw new ValidationError('level thresholds must rise: MEDIUM < HIGH < CRITICAL', 'input.highFromScore');
      }
      next.standardFromScore = score(input.standardFromScore, 'standardFromScore') ?? next.standardFromScore;
      next.enhancedFromScore = score(input.enhancedFromScore, 'enhancedFromScore') ?? next.enhancedFromScore;
      if (next.standardFromScore > next.enhancedFromScore)
        throw new ValidationError('standardFromScore must not exceed enhancedFromScore', 'input.enhancedFromScore');
      if (input.postShipmentCheckDays) {
        if (input.postShipmentCheckDays.length > 12) throw new ValidationError('at most 12 checks', 'input.postShipmentCheckDays');
        input.postShipmentCheckDays.forEach((d, i) => {
          if (!Number.isInteger(d) || d < 1 || d > 3650)
            throw new ValidationError('a check is 1 to 3650 days after the grant', `input.postShipmentCheckDays.${i}`);
        });
        next.postShipmentCheckDays = [...new Set(input.postShipmentCheckDays)].sort((a, b) => a - b);
      }
      if (input.nearDuplicateSimilarity !== undefined && input.nearDuplicateSimilarity !== null) {
        if (!(input.nearDuplicateSimilarity >= 0.1 && input.nearDuplicateSimilarity <= 1))
          throw new ValidationError('a similarity from 0.1 to 1', 'input.nearDuplicateSimilarity');
        next.nearDuplicateSimilarity = input.nearDuplicateSimilarity;
      }
      const now = this.deps.clock.now();
      await m.query(
        `INSERT INTO risk_policy (consortium_id, policy, published_at) VALUES ($1, $2, $3)
         ON CONFLICT (consortium_id) DO UPDATE SET policy = EXCLUDED.policy, published_at = EXCLUDED.published_at`,
        [consortiumId, JSON.stringify(next), now],
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'RISK_POLICY.UPDATED',
        subjectType: 'Consortium',
        subjectId: consortiumId,
        before: before,
        after: next,
        rationale: rationale.trim(),
      });
      return { ...next, publishedAt: now };
    });
  }

  /** Recognition requests by id (one statement). */
  recognitions(ids: string[]): Promise<RecognitionRequest[]> {
    return this.deps.dataSource.getRepository(RecognitionRequest).findBy({ id: In(ids) });
  }

  /** A stored assessment (for a decision's `assessmentId`). */
  async stored(
    m: EntityManager,
    id: string,
    field: string,
  ): Promise<{
    id: string;
    consortiumId: string;
    exportingJurisdiction: string;
    destination: string;
    taxonomyCodes: string[];
    proposedTier: LicensingTier;
    riskScore: number;
    riskLevel: string;
    endUserId: string | null;
  }> {
    const rows: Record<string, unknown>[] = isUuid(id)
      ? await m.query(
          'SELECT id, consortium_id, exporting_jurisdiction, destination, taxonomy_codes, proposed_tier, risk_score, risk_level, end_user_id FROM transaction_assessment WHERE id = $1',
          [id],
        )
      : [];
    if (!rows.length) throw new ValidationError(`assessment ${id} does not exist`, field);
    const r = rows[0];
    return {
      id: r.id as string,
      consortiumId: r.consortium_id as string,
      exportingJurisdiction: r.exporting_jurisdiction as string,
      destination: r.destination as string,
      taxonomyCodes: r.taxonomy_codes as string[],
      proposedTier: r.proposed_tier as LicensingTier,
      riskScore: r.risk_score as number,
      riskLevel: r.risk_level as string,
      endUserId: (r.end_user_id as string | null) ?? null,
    };
  }
}
