/**
 * What a caller is told of an error: its HTTP status, public message and `extensions`
 * (code and details). The REST routes answer with it (src/http/http-errors.ts), the GraphQL
 * context raises it, and src/graphql/format-error.ts takes its message and extensions.
 * Domain errors keep their message, code and details; a database that is unreachable is
 * SERVICE_UNAVAILABLE; anything else is INTERNAL_SERVER_ERROR with a generic message —
 * never a stack, SQL text or driver message.
 */
import { DomainError, type ErrorCode } from './errors';

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

export const DATABASE_UNAVAILABLE: PublicError = {
  status: 503,
  message: 'the database is unavailable; try again shortly',
  extensions: { code: 'SERVICE_UNAVAILABLE' },
};
export const INTERNAL_ERROR: PublicError = { status: 500, message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

/** True for errors that mean the database is unreachable or went away. */
export function isDatabaseUnavailable(err: unknown): boolean {
  // graphql-js wraps a thrown non-Error (the pool rejects with a plain object) in NonErrorThrown.
  const raw = err as { code?: string; message?: string; driverError?: { code?: string }; thrownValue?: { code?: string } };
  const e = raw?.thrownValue && typeof raw.thrownValue === 'object' ? { ...raw.thrownValue, message: raw.message } : raw;
  const code = e?.driverError?.code ?? e?.code;
  return (
    // 57014: statement_timeout; 25P03: idle_in_transaction_session_timeout (PG_STATEMENT_TIMEOUT_MS, PG_IDLE_IN_TRANSACTION_TIMEOUT_MS).
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '3D000', '57014', '25P03'].includes(
      code ?? '',
    ) ||
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
