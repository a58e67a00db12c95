import { In, type EntityManager } from 'typeorm';
import type { AuthPrincipal } from '../../shared/actor';
import { actorOf } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { inTransaction } from '../../shared/transaction';
import { ValidationError } from '../../shared/errors';
import type { ConsortiumPolicyInput } from './jurisdiction.inputs';
import type { ServiceDeps } from '../../shared/service-deps';
import { isUuid } from '../../shared/ids';
import { lockOrNotFound } from '../../shared/lock';
import { NotFoundError } from '../../shared/errors';
import { Consortium, type ConsortiumPolicy } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { JurisdictionKind } from './jurisdiction.enums';
import { Membership } from './membership.entity';

export class JurisdictionService {
  constructor(private readonly deps: ServiceDeps) {}

  jurisdictions(): Promise<Jurisdiction[]> {
    return this.deps.dataSource.getRepository(Jurisdiction).find({ order: { code: 'ASC' } });
  }

  consortia(): Promise<Consortium[]> {
    return this.deps.dataSource.getRepository(Consortium).find({ order: { name: 'ASC' } });
  }

  async consortium(id: string): Promise<Consortium | null> {
    if (!isUuid(id)) return null;
    return this.deps.dataSource.getRepository(Consortium).findOneBy({ id });
  }

  async requireConsortium(id: string): Promise<Consortium> {
    const c = await this.consortium(id);
    if (!c) throw new NotFoundError('Consortium', id);
    return c;
  }

  /** Publish a new policy (secretariat; the role check is on the mutation). Audited. */
  async updatePolicy(principal: AuthPrincipal | null, consortiumId: string, input: ConsortiumPolicyInput, rationale: string): Promise<Consortium> {
    if (input.panelSize !== undefined && input.panelSize !== null && input.panelSize % 2 === 0) {
      throw new ValidationError('panelSize must be odd so that a panel always has a majority', 'input.panelSize');
    }
    if (!rationale.trim()) throw new ValidationError('a policy change needs a rationale', 'rationale');
    return inTransaction(this.deps.dataSource, async (manager) => {
      const repo = manager.getRepository(Consortium);
      const consortium = await lockOrNotFound(manager, Consortium, consortiumId, 'Consortium');
      const before = { ...consortium.policy };
      for (const [key, value] of Object.entries(input)) {
        if (value !== undefined && value !== null) (consortium.policy as unknown as Record<string, unknown>)[key] = value;
      }
      consortium.policyPublishedAt = this.deps.clock.now();
      await repo.save(consortium);
      await auditChange(manager, actorOf(principal), this.deps.clock, consortium, 'CONSORTIUM.POLICY_UPDATED', {
        before,
        after: { ...consortium.policy },
        rationale,
      });
      return consortium;
    });
  }

  jurisdictionsByCodes(codes: readonly string[]): Promise<Jurisdiction[]> {
    return this.deps.dataSource.getRepository(Jurisdiction).findBy({ code: In([...codes]) });
  }
}

/** Lookups other modules make inside their own transaction (they do not import this module's entities). */
export const membership = {
  /** A consortium's published policy. */
  async policy(m: EntityManager, consortiumId: string): Promise<ConsortiumPolicy> {
    return (await m.getRepository(Consortium).findOneByOrFail({ id: consortiumId })).policy;
  },
  /** The codes of a consortium's current members. */
  async members(m: EntityManager, consortiumId: string): Promise<string[]> {
    return (await m.getRepository(Membership).findBy({ consortiumId })).filter((x) => x.role === 'MEMBER' && x.until === null).map((x) => x.jurisdictionCode);
  },
  /** The codes, with the states that apply a union's list for each union among them. */
  async withAdopters(m: EntityManager, codes: string[]): Promise<string[]> {
    const out = new Set(codes);
    for (const code of codes) {
      const j = await m.getRepository(Jurisdiction).findOneBy({ code });
      if (j?.kind === JurisdictionKind.UNION) for (const a of await m.getRepository(Jurisdiction).findBy({ adoptsCode: code })) out.add(a.code);
    }
    return [...out];
  },
};
