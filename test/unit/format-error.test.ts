import { GraphQLError } from 'graphql';
import { formatError } from '../../src/graphql/format-error';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../src/shared/errors';

function wrap(original: Error) {
  return new GraphQLError(original.message, { originalError: original, path: ['x'] });
}
const formatted = (e: GraphQLError) => formatError({ message: e.message, path: e.path, extensions: e.extensions }, e);

describe('formatError', () => {
  it('maps domain errors to their codes with details', () => {
    expect(formatted(wrap(new NotFoundError('Consortium', 'abc'))).extensions).toEqual({ code: 'NOT_FOUND', entity: 'Consortium', id: 'abc' });
    expect(formatted(wrap(new ValidationError('too long', 'input.title'))).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(formatted(wrap(new ConflictError('raced'))).extensions!.code).toBe('CONFLICT');
    expect(formatted(wrap(new InvalidTransitionError('RecognitionRequest', 'LAPSED', 'RESPOND'))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'LAPSED',
      event: 'RESPOND',
    });
  });

  it('hides unknown errors: generic message, no stack, no SQL', () => {
    const sqlError = Object.assign(new Error('duplicate key value violates unique constraint "x" in SELECT * FROM secret'), { code: '23505' });
    const out = formatted(wrap(sqlError));
    expect(out.message).toBe('internal error');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(out)).not.toMatch(/SELECT|secret|stack/);
  });

  it('reports class-validator failures as BAD_USER_INPUT naming the field', () => {
    const original = Object.assign(new Error('Argument Validation Error'), {
      validationErrors: [{ property: 'input', children: [{ property: 'panelSize', constraints: { max: 'panelSize must not be greater than 9' } }] }],
    });
    const out = formatted(wrap(original));
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.panelSize' });
    expect(out.message).toBe('input.panelSize: panelSize must not be greater than 9');
  });

  it('says the database is unavailable when it is', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(formatted(wrap(down)).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('says the database is unavailable when a connection died under a transaction or a timeout ended a statement', () => {
    class QueryRunnerAlreadyReleasedError extends Error {}
    class QueryRunnerProviderAlreadyReleasedError extends Error {}
    const released = Object.assign(new QueryRunnerAlreadyReleasedError('Query runner already released. Cannot run queries anymore.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    const provider = Object.assign(new QueryRunnerProviderAlreadyReleasedError('Database connection provided by a query runner was already released'), {
      name: 'QueryRunnerProviderAlreadyReleasedError',
    });
    const dead = new Error('Client has encountered a connection error and is not queryable');
    const statement = Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' } });
    const idle = Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), { code: '25P03' });
    for (const e of [released, provider, dead, statement, idle])
      expect([e.message, formatted(wrap(e)).extensions]).toEqual([e.message, { code: 'SERVICE_UNAVAILABLE' }]);
  });
});

describe('formatError and a pool that rejects with a plain object', () => {
  it('still says the database is unavailable', () => {
    const wrapped = new GraphQLError('Unexpected error value', {
      originalError: Object.assign(new Error('Unexpected error value: { code: "ECONNREFUSED" }'), { thrownValue: { errno: -111, code: 'ECONNREFUSED' } }),
      path: ['x'],
    });
    expect(formatError({ message: wrapped.message, path: wrapped.path }, wrapped).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe('formatError and too many variable errors', () => {
  it('is BAD_USER_INPUT', () => {
    const e = new GraphQLError('Too many errors processing variables, error limit reached. Execution aborted.');
    expect(formatError({ message: e.message }, e).extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
