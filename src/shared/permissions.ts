/**
 * Record-level permission rules (the role checks are declared on the operations).
 * Each rule is a pure function that throws FORBIDDEN; services call them inside the
 * transaction, after loading the record.
 */
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { AuthPrincipal } from './actor';
import { Role } from './role';

export function requirePrincipal(principal: AuthPrincipal | null): AuthPrincipal {
  if (!principal) throw new UnauthenticatedError('this operation needs a bearer token');
  return principal;
}

/** A regulator acts for exactly one jurisdiction. */
export function requireRegulatorOf(principal: AuthPrincipal | null, jurisdiction: string, what = 'this'): AuthPrincipal {
  const p = requirePrincipal(principal);
  if (p.role !== Role.REGULATOR || p.jurisdiction !== jurisdiction) {
    throw new ForbiddenError(`only a regulator of ${jurisdiction} may do ${what}`);
  }
  return p;
}

export function requireRole(principal: AuthPrincipal | null, ...roles: Role[]): AuthPrincipal {
  const p = requirePrincipal(principal);
  if (!roles.includes(p.role)) throw new ForbiddenError(`this is for ${roles.join(', ')}; you act as ${p.role}`);
  return p;
}
