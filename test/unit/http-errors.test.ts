import { GraphQLError } from 'graphql';
import { formatError } from '../../src/graphql/format-error';
import { errorHandler, requestError, sendError } from '../../src/http/http-errors';
import { DOMAIN_STATUS, publicError } from '../../src/shared/public-error';
import type { Logger } from '../../src/shared/logger';
import {
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../src/shared/errors';

const down = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const sqlError = () => Object.assign(new Error('duplicate key value violates unique constraint "x" in SELECT * FROM secret'), { code: '23505' });

describe('publicError', () => {
  it('gives each domain error its status, its message, its code and details', () => {
    expect(publicError(new NotFoundError('Consortium', 'abc'))).toEqual({
      status: 404,
      message: 'Consortium "abc" was not found',
      extensions: { code: 'NOT_FOUND', entity: 'Consortium', id: 'abc' },
    });
    expect(publicError(new ValidationError('asOf must be a date (YYYY-MM-DD)', 'asOf'))).toEqual({
      status: 400,
      message: 'asOf must be a date (YYYY-MM-DD)',
      extensions: { code: 'BAD_USER_INPUT', field: 'asOf' },
    });
    expect(publicError(new UnauthenticatedError('the token has expired'))).toEqual({
      status: 401,
      message: 'the token has expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(publicError(new ForbiddenError('not yours')).status).toBe(403);
    expect(publicError(new ConflictError('raced')).status).toBe(400);
    expect(publicError(new DeadlinePassedError('too late')).status).toBe(400);
    expect(publicError(new InvalidTransitionError('RecognitionRequest', 'LAPSED', 'RESPOND'))).toMatchObject({
      status: 400,
      extensions: { code: 'INVALID_TRANSITION', from: 'LAPSED', event: 'RESPOND' },
    });
  });

  it('has a status for every domain error code', () => {
    for (const [code, status] of Object.entries(DOMAIN_STATUS)) expect([code, status >= 400 && status < 500]).toEqual([code, true]);
  });

  it('says the database is unavailable when it is, also for a pool that rejects with a plain object', () => {
    const expected = { status: 503, message: 'the database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    expect(publicError(down())).toEqual(expected);
    expect(publicError({ errno: -111, code: 'ECONNREFUSED' })).toEqual(expected);
    expect(publicError(Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' } }))).toEqual(expected);
  });

  it('hides anything else: 500, a generic message, no SQL', () => {
    const out = publicError(sqlError());
    expect(out).toEqual({ status: 500, message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(publicError(undefined)).toEqual(out);
    expect(publicError('a string')).toEqual(out);
  });
});

describe('requestError', () => {
  it('keeps the 4xx status of an error of the HTTP layer', () => {
    expect(requestError(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }))).toEqual({
      status: 413,
      message: 'request body is larger than 1 MB',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(requestError(Object.assign(new Error('Unexpected token } in JSON at position 1'), { status: 400, type: 'entity.parse.failed' }))).toEqual({
      status: 400,
      message: 'Unexpected token } in JSON at position 1',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(requestError(Object.assign(new Error('Not Found'), { status: 404 }))).toEqual({
      status: 404,
      message: 'Not Found',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('is publicError for everything else', () => {
    expect(requestError(Object.assign(new Error('boom'), { status: 502 }))).toEqual(publicError(sqlError()));
    expect(requestError(sqlError())).toEqual(publicError(sqlError()));
    expect(requestError(down())).toEqual(publicError(down()));
    expect(requestError(new NotFoundError('Consortium', 'abc'))).toEqual(publicError(new NotFoundError('Consortium', 'abc')));
  });
});

describe('one map for REST routes and GraphQL', () => {
  const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });
  it('formatError tells a resolver error as a REST route does', () => {
    for (const err of [
      new NotFoundError('Consortium', 'abc'),
      new ValidationError('too long', 'input.title'),
      new ConflictError('raced'),
      down(),
      sqlError(),
    ]) {
      const e = wrap(err);
      const { message, extensions } = publicError(err);
      expect(formatError({ message: e.message, path: e.path }, e)).toEqual({ message, extensions, path: ['x'], locations: undefined });
    }
  });
});

function fakeResponse() {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    locals: { reqId: 'req-1' },
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { res, sent };
}

describe('sendError and errorHandler', () => {
  it('answer in the GraphQL shape', () => {
    const { res, sent } = fakeResponse();
    sendError(res as never, publicError(new NotFoundError('Consortium', 'abc')));
    expect(sent).toEqual({
      status: 404,
      body: { errors: [{ message: 'Consortium "abc" was not found', extensions: { code: 'NOT_FOUND', entity: 'Consortium', id: 'abc' } }] },
    });
  });

  it('log an internal error as an error and a database outage as a warning', () => {
    const lines: [string, string][] = [];
    const logger = {
      error: (_o: unknown, msg: string) => lines.push(['error', msg]),
      warn: (_o: unknown, msg: string) => lines.push(['warn', msg]),
    } as unknown as Logger;
    const handle = errorHandler(logger);
    const internal = fakeResponse();
    handle(sqlError(), {} as never, internal.res as never, () => undefined);
    expect(internal.sent).toEqual({ status: 500, body: { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
    const outage = fakeResponse();
    handle(down(), {} as never, outage.res as never, () => undefined);
    expect(outage.sent.status).toBe(503);
    const tooLarge = fakeResponse();
    handle(
      Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }),
      {} as never,
      tooLarge.res as never,
      () => undefined,
    );
    expect(tooLarge.sent.status).toBe(413);
    expect(lines).toEqual([
      ['error', 'unhandled HTTP error'],
      ['warn', 'database unavailable'],
    ]);
  });
});
