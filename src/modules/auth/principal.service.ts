import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { isUuid } from '../../shared/ids';
import type { AuthPrincipal } from '../../shared/actor';
import { Principal } from './principal.entity';
import type { Role } from '../../shared/role';

export class PrincipalService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The caller as a Principal: the stored one when the token's subject is a known
   * principal, else one described by the token's claims (ad-hoc development tokens,
   * or principals managed by an outside identity provider).
   */
  async me(principal: AuthPrincipal | null): Promise<Principal | null> {
    if (!principal) return null;
    const stored = isUuid(principal.id) ? await this.deps.dataSource.getRepository(Principal).findOneBy({ id: principal.id }) : null;
    if (stored) {
      // The token is what the caller acts as: its role and jurisdiction win.
      return Object.assign(stored, { role: principal.role, jurisdictionCode: principal.jurisdiction });
    }
    return Object.assign(new Principal(), {
      id: principal.id,
      handle: principal.handle ?? principal.id,
      displayName: principal.handle ?? principal.id,
      role: principal.role,
      jurisdictionCode: principal.jurisdiction,
      nationality: null,
      organisation: null,
    });
  }

  list(filter: { role?: Role; jurisdiction?: string }): Promise<Principal[]> {
    const where: FindOptionsWhere<Principal> = {};
    if (filter.role) where.role = filter.role;
    if (filter.jurisdiction) where.jurisdictionCode = filter.jurisdiction.toUpperCase();
    return this.deps.dataSource.getRepository(Principal).find({ where, order: { handle: 'ASC' } });
  }
}

/** A stored principal by id, in the caller's transaction (null when unknown or not an id). */
export async function findPrincipal(m: EntityManager, id: string): Promise<{ id: string; handle: string; role: Role; nationality: string | null } | null> {
  return isUuid(id) ? m.getRepository(Principal).findOneBy({ id }) : null;
}
