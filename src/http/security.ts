/**
 * Security headers and the rate limit of the API routes. Pages set their own
 * Content-Security-Policy (src/http/web.ts).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import type { AppConfig } from '../config/env';
import type { AuthPrincipal } from '../shared/actor';
import { sendError } from './http-errors';

/** The routes under the rate limit. */
export const RATE_LIMITED_ROUTES = ['/graphql', '/export', '/register.atom'];

/** The headers helmet sets with these options, recorded by running it once on a stand-in response. */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
    },
    removeHeader() {},
  };
  let done = false;
  helmet(options)({} as never, res as never, (err?: unknown) => {
    // helmet passes on only the Error its Content-Security-Policy check returns.
    if (err) throw err as Error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/**
 * helmet's headers do not depend on the request: recorded once, set in one step (its
 * chain of eleven middlewares showed at ~3 % of a simple read's CPU).
 */
export function securityHeaders(): RequestHandler {
  const headers = helmetHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** RATE_LIMIT_PER_MINUTE requests a minute per principal (or per address without a token); null when it is 0. */
export function rateLimiter(config: AppConfig): RequestHandler | null {
  if (config.rateLimitPerMinute <= 0) return null;
  return rateLimit({
    windowMs: 60_000,
    limit: config.rateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req, res) => (res.locals.principal ? `principal:${(res.locals.principal as AuthPrincipal).id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`),
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      sendError(res, {
        status: 429,
        message: `rate limit of ${config.rateLimitPerMinute} requests a minute reached; retry in ${retryAfter} s`,
        extensions: { code: 'RATE_LIMITED', retryAfter },
      });
    },
  });
}
