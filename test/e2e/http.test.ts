import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createDataSource } from '../../ormconfig';
import { readConfig } from '../../src/config/env';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { ManualClock } from '../../src/shared/clock';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV, withDatabase } from '../support/db-server';
import { JURISDICTIONS, ME_HANDLE } from '../support/operations';
import { postGraphQL } from '../support/http-post';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(() => t.close());

const post = (body: unknown, headers: Record<string, string> = {}) => postGraphQL(base, body, { 'content-type': 'application/json', ...headers });

describe('HTTP', () => {
  it('GET /healthz answers while the process lives', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 with the database up and migrated', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
  });

  it('serves GraphQL with a bearer token, and echoes or creates a request id', async () => {
    const token = await t.token('gb-regulator');
    const r = await post({ query: '{ me { handle jurisdiction { code } } }' }, { authorization: `Bearer ${token}`, 'x-request-id': 'trace-42' });
    expect(r.status).toBe(200);
    expect(r.json.data.me).toEqual({ handle: 'gb-regulator', jurisdiction: { code: 'GB' } });
    expect(r.headers.get('x-request-id')).toBe('trace-42');
    const anon = await post({ query: ME_HANDLE });
    expect(anon.json.data.me).toBeNull();
    expect(anon.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the SQL statements of a response in extensions.sql outside production', async () => {
    const r = await post({ query: JURISDICTIONS });
    expect(r.json.extensions.sql.statements).toBe(1);
  });

  it('an invalid, tampered or expired token is UNAUTHENTICATED with HTTP 401', async () => {
    const bad = await post({ query: ME_HANDLE }, { authorization: 'Bearer not.a.jwt' });
    expect(bad.status).toBe(401);
    expect(bad.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const otherKey = await new SignJWT({ role: 'SECRETARIAT' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret'));
    expect((await post({ query: ME_HANDLE }, { authorization: `Bearer ${otherKey}` })).json.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const expired = await new SignJWT({ role: 'ANALYST' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const r = await post({ query: ME_HANDLE }, { authorization: `Bearer ${expired}` });
    expect(r.status).toBe(401);
    expect(r.json.errors[0].message).toMatch(/expired/);

    const noRole = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await post({ query: ME_HANDLE }, { authorization: `Bearer ${noRole}` })).status).toBe(401);
    expect((await post({ query: ME_HANDLE }, { authorization: 'Basic abc' })).status).toBe(401);
  });

  it('rejects a body over 1 MB with 413 and malformed JSON with 400, without a stack', async () => {
    const big = await post({ query: `{ me { handle } } # ${'x'.repeat(1_100_000)}` });
    expect(big.status).toBe(413);
    expect(big.text).not.toMatch(/at .*\.js/);
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(malformed.text).not.toMatch(/at .*\.js|node_modules/);
  });

  it('a syntax error and an unknown field are coded errors, not crashes', async () => {
    expect((await post({ query: '{ me { ' })).json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await post({ query: '{ nope }' })).json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('WebSocket', () => {
  it('only subscriptions are served over WebSocket', async () => {
    const client = createClient({ url: base.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const errors = await new Promise<any>((resolve) => {
        client.subscribe({ query: JURISDICTIONS }, { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => undefined });
      });
      expect(JSON.stringify(errors)).toContain('only subscriptions');
    } finally {
      await client.dispose();
    }
  });
});

describe('readiness follows the database', () => {
  it('is 503 when migrations are pending', async () => {
    const adminUrl = process.env[ADMIN_URL_ENV]!;
    const name = `${t.databaseName}_empty`;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    const ds = createDataSource(withDatabase(adminUrl, name));
    await ds.initialize();
    const app = await createApp({
      dataSource: ds,
      config: readConfig({ NODE_ENV: 'test', JWT_SECRET: 'x' }),
      clock: new ManualClock(),
      logger: createLogger('silent'),
    });
    try {
      const port = await app.listen(0);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', reason: 'migrations pending' });
    } finally {
      await app.stop();
      await adminQuery(adminUrl, `DROP DATABASE "${name}" WITH (FORCE)`);
    }
  });

  it('is 503 when the database is unreachable, and requests fail with a coded error', async () => {
    const adminUrl = process.env[ADMIN_URL_ENV]!;
    const name = `${t.databaseName}_gone`;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${process.env[TEMPLATE_ENV]}"`);
    const ds = createDataSource(withDatabase(adminUrl, name), { extra: { max: 2, connectionTimeoutMillis: 1000 } });
    await ds.initialize();
    const app = await createApp({
      dataSource: ds,
      config: readConfig({ NODE_ENV: 'test', JWT_SECRET: 'x' }),
      clock: new ManualClock(),
      logger: createLogger('silent'),
    });
    try {
      const port = await app.listen(0);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      await adminQuery(adminUrl, `DROP DATABASE "${name}" WITH (FORCE)`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      const gql = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: JURISDICTIONS }),
      });
      const body: any = await gql.json();
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/does not exist|SELECT|stack/i);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
