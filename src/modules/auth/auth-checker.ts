/**
 * Role checks declared on each operation with `@Authorized(...roles)`. An anonymous
 * caller on a protected operation is UNAUTHENTICATED; a caller in another role is
 * FORBIDDEN. Checks that depend on the record (a regulator acting for its own
 * jurisdiction) sit in src/modules/auth/permissions.ts and are called by the services.
 */
import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ForbiddenError, UnauthenticatedError } from '../../shared/errors';
import { Role } from '../../shared/role';

export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const principal = context.principal;
  if (roles.length === 0) {
    if (!principal) throw new UnauthenticatedError('this operation needs a bearer token');
    return true;
  }
  if (roles.includes(Role.PUBLIC)) return true;
  if (!principal) throw new UnauthenticatedError('this operation needs a bearer token');
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError(`this operation is for ${roles.join(', ')}; you act as ${principal.role}`);
  }
  return true;
};
