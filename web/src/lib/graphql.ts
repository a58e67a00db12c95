/**
 * The pages talk to the API like any client: a POST of JSON to /graphql on the same
 * origin. Errors come back as a GraphQLRequestError carrying the server's error list (its
 * `extensions.code` tells a validation failure — a field this server does not have — from
 * a domain error or an outage).
 */

export interface GraphQLErrorItem {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorItem[];
  readonly status: number;

  constructor(errors: GraphQLErrorItem[], status: number) {
    super(errors.map((e) => e.message).join('; ') || `request failed (HTTP ${status})`);
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** True when the server does not know a field or argument the operation uses. */
export function isValidationError(err: unknown): boolean {
  return err instanceof GraphQLRequestError && err.errors.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
}

/**
 * True when the server has no such root query field at all (a part of the API this server
 * does not offer yet), as opposed to an operation that asks a present field wrongly.
 */
export function isMissingRootField(err: unknown, field: string): boolean {
  return (
    err instanceof GraphQLRequestError &&
    err.errors.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && e.message.includes(`Cannot query field "${field}" on type "Query"`))
  );
}

export interface RequestOptions {
  /** Bearer token sent as the Authorization header. */
  token?: string;
  signal?: AbortSignal;
  endpoint?: string;
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(options.endpoint ?? '/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new GraphQLRequestError([{ message: 'the server could not be reached', extensions: { code: 'NETWORK_ERROR' } }], 0);
  }
  let body: { data?: T | null; errors?: GraphQLErrorItem[] } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([{ message: `the server answered HTTP ${res.status} without JSON`, extensions: { code: 'BAD_RESPONSE' } }], res.status);
  }
  if (body?.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
  if (!res.ok || !body || body.data == null) {
    throw new GraphQLRequestError([{ message: `request failed (HTTP ${res.status})`, extensions: { code: 'BAD_RESPONSE' } }], res.status);
  }
  return body.data;
}

/** A human-readable message for an error thrown by gql(). */
export function describeError(err: unknown): string {
  if (err instanceof GraphQLRequestError) {
    const first = err.errors[0];
    const code = first?.extensions?.code;
    if (code === 'NETWORK_ERROR') return 'The server could not be reached. Check your connection and try again.';
    if (code === 'SERVICE_UNAVAILABLE') return 'The database is unavailable; try again shortly.';
    if (code === 'UNAUTHENTICATED') return 'Your token was not accepted.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
