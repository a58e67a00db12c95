/**
 * The one place errors become GraphQL errors, with the public message and extensions of
 * src/http/http-errors.ts (the map REST routes answer with). Domain errors keep their code and details;
 * GraphQL's own errors (parse, validation, bad variables, argument validation) keep theirs;
 * anything else is INTERNAL_SERVER_ERROR with a generic message — never a stack, SQL text
 * or driver message.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { publicError } from '../shared/public-error';
import { DomainError } from '../shared/errors';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE', // set by the context when a token could not be checked against the database
]);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function firstConstraint(errors: ValidationErrorLike[], prefix = ''): { field: string; message: string } | undefined {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length) return { field, message: Object.values(e.constraints)[0] };
    const nested = firstConstraint(e.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) return publicFormatted(base, original);
  const code = formatted.extensions?.code as string | undefined;
  // type-graphql's ArgumentValidationError carries class-validator's errors in its extensions.
  const carrier = original as { validationErrors?: ValidationErrorLike[]; extensions?: { validationErrors?: ValidationErrorLike[] } } | undefined;
  const validation = carrier?.validationErrors ?? carrier?.extensions?.validationErrors;
  if (Array.isArray(validation)) {
    const first = firstConstraint(validation);
    return {
      ...base,
      message: first ? `${first.field}: ${first.message}` : formatted.message,
      extensions: {
        code: 'BAD_USER_INPUT',
        field: first?.field,
        validationErrors: validation.map((v) => ({ property: v.property, constraints: v.constraints })),
      },
    };
  }
  if (code && PASS_THROUGH.has(code)) {
    const { cost, limit, field } = (formatted.extensions ?? {}) as { cost?: number; limit?: number; field?: string };
    if (code === 'QUERY_TOO_COMPLEX') return { ...base, extensions: { code, cost, limit } };
    return { ...base, extensions: field ? { code, field } : { code } };
  }
  // graphql-js stops coercing variables after 50 errors with an uncoded error of its own.
  if (/^Too many errors processing variables/.test(formatted.message)) {
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  return publicFormatted(base, original); // SERVICE_UNAVAILABLE or INTERNAL_SERVER_ERROR
}

/** The error as src/http/http-errors.ts tells it to every caller: its public message and extensions. */
function publicFormatted(base: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  const { message, extensions } = publicError(original);
  return { ...base, message, extensions };
}
