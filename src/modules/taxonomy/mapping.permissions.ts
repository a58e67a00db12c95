/**
 * Who may propose a mapping of a list entry onto the taxonomy: a regulator for its own
 * jurisdiction's entries, the secretariat for the regime lists (AG, WA).
 */
import { ForbiddenError } from '../../shared/errors';
import type { AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { JurisdictionKind } from '../jurisdictions/jurisdiction.enums';

/** A regulator proposes mappings for its own jurisdiction's entries; the secretariat for regime lists. */
export function assertMayProposeMapping(principal: AuthPrincipal | null, listJurisdiction: string, jurisdictionKind: JurisdictionKind): AuthPrincipal {
  const p = requirePrincipal(principal);
  if (p.role === Role.REGULATOR && p.jurisdiction === listJurisdiction) return p;
  if (p.role === Role.SECRETARIAT && jurisdictionKind === JurisdictionKind.REGIME) return p;
  throw new ForbiddenError(`only a regulator of ${listJurisdiction} may propose mappings for its entries`);
}
