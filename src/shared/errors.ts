/**
 * Domain errors. Services throw these; src/graphql/format-error.ts is the one place that
 * turns them into GraphQL errors with `extensions.code`. No GraphQL imports here.
 */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'INVALID_TRANSITION' | 'CONFLICT' | 'DEADLINE_PASSED' | 'RATE_LIMITED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id: string) {
    super(`${entity} ${JSON.stringify(id)} was not found`, { entity, id });
  }
}

/** Bad input; `field` names the input field at fault (dotted path). */
export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, field ? { field, ...details } : details);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(entity: string, from: string, event: string, reason?: string) {
    super(reason ?? `${entity} in state ${from} does not allow ${event}`, { entity, from, event });
  }
}

export class DeadlinePassedError extends DomainError {
  readonly code = 'DEADLINE_PASSED';
}
