/**
 * What a caller is told of an error: its HTTP status, public message and `extensions`
 * (code and details). The REST routes (CSV export, Atom feed, the request checks) answer
 * with it, the GraphQL context raises it, and src/graphql/format-error.ts takes its message
 * and extensions. Domain errors keep their message, code and details; a database that is
 * unreachable is SERVICE_UNAVAILABLE; anything else is INTERNAL_SERVER_ERROR with a generic
 * message — never a stack, SQL text or driver message.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../shared/logger';
import { DomainError } from '../shared/errors';
import { isDatabaseUnavailable, publicError, type PublicError } from '../shared/public-error';

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
