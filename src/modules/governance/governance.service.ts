/**
 * Data and specimen governance attestations. A regulator of the member a subject
 * belongs to (the deciding member of a licence decision, the requesting member of a
 * recognition request, the applicant's member of a fast-track application, the sponsor of a
 * waiver) attaches one; it is checked (governance-rules), written with its audit event in
 * one transaction, and shown in full to members only: anyone else sees that it exists.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { checkDate, optionalText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { LicenceOutcome } from '../decisions/decision.enums';
import { maySeeDecision } from '../decisions/decision.service';
import { isUuid } from '../../shared/ids';
import { ISO_3166_1_ALPHA2 } from '../licensing/iso3166';
import { DataGovernanceAttestation } from './governance.entity';
import { BenefitSharing, ConsentBasis, GovernedMaterial, GovernedSubjectKind, TransferMechanism } from './governance.enums';
import { governanceProblem } from './transfer-rules';

export interface DataGovernanceData {
  subjectKind: GovernedSubjectKind;
  subjectId: string;
  materials: GovernedMaterial[];
  consentBasis?: ConsentBasis | null;
  ethicsApprovalRef?: string | null;
  transferMechanism: TransferMechanism;
  pseudonymised: boolean;
  storageCountry: string;
  retentionUntil?: Date | string | null;
  benefitSharing: BenefitSharing;
}

/** Members (their regulators), the secretariat and analysts see the details. */
export const seesGovernance = (p: AuthPrincipal | null): boolean => !!p && [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST].includes(p.role);

/** The owning member of each kind of subject (read only). */
const OWNER_SQL: Record<GovernedSubjectKind, string> = {
  LICENCE_DECISION: 'SELECT jurisdiction_code AS owner FROM licence_decision WHERE id = $1',
  RECOGNITION_REQUEST: 'SELECT requesting_jurisdiction AS owner FROM recognition_request WHERE id = $1',
  FAST_TRACK_APPLICATION: 'SELECT jurisdiction_code AS owner FROM fast_track_application WHERE id = $1',
  HUMANITARIAN_WAIVER: 'SELECT sponsor_jurisdiction AS owner FROM humanitarian_waiver WHERE id = $1',
};

export class GovernanceService {
  constructor(private readonly deps: ServiceDeps) {}

  async attach(principal: AuthPrincipal | null, input: DataGovernanceData): Promise<DataGovernanceAttestation> {
    const p = requireRole(principal, Role.REGULATOR);
    if (!Object.values(GovernedSubjectKind).includes(input.subjectKind))
      throw new ValidationError('subjectKind is not a governed subject kind', 'input.subjectKind');
    if (!input.materials?.length) throw new ValidationError('name at least one material', 'input.materials');
    const materials = [...new Set(input.materials)].sort();
    const ethicsApprovalRef = optionalText(input.ethicsApprovalRef, 'input.ethicsApprovalRef', 500);
    const storageCountry = input.storageCountry?.trim().toUpperCase() ?? '';
    if (!ISO_3166_1_ALPHA2.has(storageCountry)) throw new ValidationError('storageCountry must be an ISO 3166-1 alpha-2 code', 'input.storageCountry');
    checkDate(input.retentionUntil, 'input.retentionUntil');
    const retentionUntil = input.retentionUntil
      ? typeof input.retentionUntil === 'string'
        ? input.retentionUntil.slice(0, 10)
        : input.retentionUntil.toISOString().slice(0, 10)
      : null;
    if (retentionUntil && retentionUntil < this.deps.clock.now().toISOString().slice(0, 10))
      throw new ValidationError('retentionUntil is in the past', 'input.retentionUntil');
    const problem = governanceProblem({
      materials,
      consentBasis: input.consentBasis ?? null,
      ethicsApprovalRef,
      transferMechanism: input.transferMechanism,
      pseudonymised: !!input.pseudonymised,
      storageCountry,
    });
    if (problem) throw new ValidationError(problem[1], problem[0]);
    return inTransaction(this.deps.dataSource, async (m) => {
      const owner = await this.owner(m, input.subjectKind, input.subjectId);
      if (owner !== p.jurisdiction)
        throw new ForbiddenError(
          `a governance attestation is attached by the member the ${input.subjectKind.toLowerCase().replace(/_/g, ' ')} belongs to (${owner})`,
        );
      const repo = m.getRepository(DataGovernanceAttestation);
      const a = await repo.save(
        repo.create({
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          jurisdictionCode: owner,
          materials,
          consentBasis: input.consentBasis ?? null,
          ethicsApprovalRef,
          transferMechanism: input.transferMechanism,
          pseudonymised: !!input.pseudonymised,
          storageCountry,
          retentionUntil,
          benefitSharing: input.benefitSharing,
          createdById: p.id,
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, a, 'DATA_GOVERNANCE.ATTACHED', {
        after: {
          subjectKind: a.subjectKind,
          subjectId: a.subjectId,
          materials,
          transferMechanism: a.transferMechanism,
          storageCountry,
          benefitSharing: a.benefitSharing,
        },
      });
      return Object.assign(a, { redacted: false });
    });
  }

  private async owner(m: EntityManager, kind: GovernedSubjectKind, id: string): Promise<string> {
    const rows: { owner: string }[] = isUuid(id) ? await m.query(OWNER_SQL[kind], [id]) : [];
    if (!rows.length) throw new NotFoundError(kind, id);
    return rows[0].owner;
  }

  /** The attestations on a subject: in full for members, existence only for anyone else. */
  async forSubject(principal: AuthPrincipal | null, kind: GovernedSubjectKind, subjectId: string): Promise<DataGovernanceAttestation[]> {
    if (!isUuid(subjectId)) throw new ValidationError('subjectId is not an id', 'subjectId');
    const rows = await this.deps.dataSource
      .getRepository(DataGovernanceAttestation)
      .find({ where: { subjectKind: kind, subjectId }, order: { createdAt: 'ASC' } });
    if (kind === GovernedSubjectKind.LICENCE_DECISION && rows.length) {
      // Of a confidential decision, only those who may see the decision see its attestation.
      const [d]: { jurisdiction_code: string; confidential: boolean; outcome: LicenceOutcome }[] = await this.deps.dataSource.query(
        'SELECT jurisdiction_code, confidential, outcome FROM licence_decision WHERE id = $1',
        [subjectId],
      );
      if (d && !maySeeDecision(principal, { jurisdictionCode: d.jurisdiction_code, confidential: d.confidential, outcome: d.outcome }))
        return rows.map((a) => view(null, a));
    }
    return rows.map((a) => view(principal, a));
  }
}

export function view(principal: AuthPrincipal | null, a: DataGovernanceAttestation): DataGovernanceAttestation {
  if (seesGovernance(principal)) return Object.assign(a, { redacted: false });
  return Object.assign(new DataGovernanceAttestation(), {
    id: a.id,
    subjectKind: a.subjectKind,
    subjectId: a.subjectId,
    jurisdictionCode: a.jurisdictionCode,
    createdAt: a.createdAt,
    redacted: true,
    materials: null,
    consentBasis: null,
    ethicsApprovalRef: null,
    transferMechanism: null,
    pseudonymised: null,
    storageCountry: null,
    retentionUntil: null,
    benefitSharing: null,
  });
}
