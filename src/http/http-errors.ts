/**
 * What a caller is told of an error: its HTTP status, public message and `extensions`
 * (code and details). The REST routes (CSV export, Atom feed, the request checks) answer
 * with it, the GraphQL context raises it, and src/graphql/format-error.ts takes its message
 * and extensions. Domain errors keep their message, code and details; a database that is
 * unreachable is SERVICE_UNAVAILABLE; anything else is INTERNAL_SERVER_ERROR with a generic
 * message — never a stack, SQL text or driver message.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import { DomainError, type ErrorCode } from '../shared/errors';

export interface PublicError {
  status: number;
  message: string;
  extensions: { code: string; [key: string]: unknown };
}

/** The HTTP status of each domain error code when a REST route answers with it. */
export const DOMAIN_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  INVALID_TRANSITION: 400,
  CONFLICT: 400,
  DEADLINE_PASSED: 400,
  RATE_LIMITED: 429,
};

export const DATABASE_UNAVAILABLE: PublicError = { status: 503, message: 'the database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };
export const INTERNAL_ERROR: PublicError = { status: 500, message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

/** True for errors that mean the database is unreachable or went away. */
export function isDatabaseUnavailable(err: unknown): boolean {
  // graphql-js wraps a thrown non-Error (the pool rejects with a plain object) in NonErrorThrown.
  const raw = err as { code?: string; message?: string; driverError?: { code?: string }; thrownValue?: { code?: string } };
  const e = raw?.thrownValue && typeof raw.thrownValue === 'object' ? { ...raw.thrownValue, message: raw.message } : raw;
  const code = e?.driverError?.code ?? e?.code;
  return (
    // 57014: statement_timeout; 25P03: idle_in_transaction_session_timeout (PG_STATEMENT_TIMEOUT_MS, PG_IDLE_IN_TRANSACTION_TIMEOUT_MS).
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '3D000', '57014', '25P03'].includes(code ?? '') ||
    // A connection that died under a transaction: TypeORM has already released its query runner.
    ['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError'].includes((e as { name?: string })?.name ?? '') ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|is not queryable/i.test(e?.message ?? '')
  );
}

/** An error raised while serving a request, as the caller sees it. */
export function publicError(err: unknown): PublicError {
  if (err instanceof DomainError) return { status: DOMAIN_STATUS[err.code], message: err.message, extensions: { code: err.code, ...err.details } };
  return isDatabaseUnavailable(err) ? DATABASE_UNAVAILABLE : INTERNAL_ERROR;
}

/**
 * The same for an error of the HTTP layer itself (a body too large, malformed JSON, a file
 * not found): its 4xx status stands, with its own message.
 */
export function requestError(err: unknown): PublicError {
  const { status, type, message } = (err ?? {}) as { status?: number; type?: string; message?: string };
  if (err instanceof DomainError || isDatabaseUnavailable(err) || !status || status < 400 || status >= 500) return publicError(err);
  if (type === 'entity.too.large') return { status, message: 'request body is larger than 1 MB', extensions: { code: 'PAYLOAD_TOO_LARGE' } };
  return { status, message: message as string, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } };
}

/** Answer with the error as JSON in the GraphQL shape: `{ errors: [{ message, extensions }] }`. */
export function sendError(res: Response, error: PublicError): void {
  res.status(error.status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
}

/** The last middleware: errors before GraphQL (body too large, malformed JSON, a route that failed) as a JSON error, no stack. */
export function errorHandler(logger: Logger) {
  return (err: Error, _req: Request, res: Response, _next: NextFunction): void => {
    const error = requestError(err);
    if (error.extensions.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: err.message, reqId: res.locals.reqId }, 'database unavailable');
    else if (error.status === 500) logger.error({ err, reqId: res.locals.reqId }, 'unhandled HTTP error');
    sendError(res, error);
  };
}
