/**
 * Who may write a control list: a regulator writes only its own
 * jurisdiction's lists; the secretariat maintains the regime lists (AG, WA).
 */
import { ForbiddenError } from '../../shared/errors';
import type { AuthPrincipal } from '../../shared/actor';
import { requirePrincipal } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { JurisdictionKind } from '../jurisdictions/jurisdiction.enums';

export function assertMayWriteList(principal: AuthPrincipal | null, list: { jurisdictionCode: string }, jurisdictionKind: JurisdictionKind): AuthPrincipal {
  const p = requirePrincipal(principal);
  if (p.role === Role.REGULATOR && p.jurisdiction === list.jurisdictionCode) return p;
  if (p.role === Role.SECRETARIAT && jurisdictionKind === JurisdictionKind.REGIME) return p;
  throw new ForbiddenError(
    jurisdictionKind === JurisdictionKind.REGIME
      ? `only the secretariat maintains the ${list.jurisdictionCode} regime list`
      : `only a regulator of ${list.jurisdictionCode} may change its control lists`,
  );
}
