/**
 * Who is calling: the principal of a bearer token, the same for HTTP requests and for
 * subscription sockets.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AuthPrincipal } from '../shared/actor';
import { bearerToken, type TokenService } from '../modules/auth/token.service';
import { DomainError } from '../shared/errors';

/** The principal of an `Authorization: Bearer <token>` value; null without one; throws when it is refused. */
export type Authenticate = (authorization: string | undefined) => Promise<AuthPrincipal | null>;

export function authenticator(tokens: TokenService): Authenticate {
  return async (authorization) => {
    const token = bearerToken(authorization);
    return token ? await tokens.verify(token) : null;
  };
}

/**
 * Once per request: `res.locals.principal`, which the rate limit keys on and the GraphQL
 * context reuses; or `authError` (the token was refused) or `authFailure` (it could not be checked).
 */
export function principalMiddleware(authenticate: Authenticate) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.locals.principal = await authenticate(req.header('authorization'));
    } catch (err) {
      // A token refused is UNAUTHENTICATED; a failure to check it (the principal lookup of
      // STRICT_TOKENS could not reach the database) is reported as what it is, by the context.
      if (err instanceof DomainError) res.locals.authError = err;
      else res.locals.authFailure = err; // the pool may reject with a plain object: isDatabaseUnavailable reads both
    }
    next();
  };
}
