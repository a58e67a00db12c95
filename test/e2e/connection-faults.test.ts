/**
 * The pool under pressure and connections killed under load:
 * - a transaction holds one pooled connection and runs every query on it, so PG_POOL_MAX + 1
 *   concurrent decisions all complete (a read through the data source inside the transaction
 *   needed a second connection while holding the first, and a full pool wedged for good);
 * - an exhausted pool answers SERVICE_UNAVAILABLE after PG_CONNECTION_TIMEOUT_MS;
 * - a real server (`node dist/src/main.js`: app pool, job queue, LISTEN connection) whose
 *   database connections are all terminated 10 times during a 6-client read/write burst stays
 *   up, answers every failed request with SERVICE_UNAVAILABLE, keeps every write it
 *   acknowledged, becomes ready again and still shuts down cleanly.
 * Only this file's own database is touched (`datname = current_database()`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { readConfig } from '../../src/config/env';
import { createApp, type AccordApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { EventListener } from '../../src/modules/notifications/listener';
import { ManualClock } from '../../src/shared/clock';
import { createNodes } from '../support/factories';
import { JURISDICTIONS, RECORD_LICENCE_DECISION } from '../support/operations';
import { createTestApp, seededPrincipal, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

let t: TestApp;
const report: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  await createNodes(t.ds, [{ code: 'CF' }, { code: 'CF.X', parentCode: 'CF' }]);
});
afterAll(async () => {
  process.stdout.write(`\nconnection faults: ${report.join('; ')}\n`);
  await t.close();
});

const decision = (name: string) => ({
  i: { applicant: name, endUser: { name, country: 'SG' }, destination: 'SG', taxonomyCodes: ['CF.X'], outcome: 'GRANTED', rationale: 'r' },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An app of its own on the test database, with a small pool and the pool settings of `env`. */
async function smallPoolApp(max: number, env: Record<string, string> = {}): Promise<{ app: AccordApp; ds: DataSource; restore: () => void }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const restore = () => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  const ds = createDataSource(t.databaseUrl, { extra: { max } });
  await ds.initialize();
  const app = await createApp({
    dataSource: ds,
    config: readConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET }),
    clock: new ManualClock('2026-03-02T09:00:00Z'),
    logger: createLogger('silent'),
    listenForEvents: false,
  });
  return { app, ds, restore };
}

async function run(app: AccordApp, query: string, variables: Record<string, unknown>, handle: string | null) {
  const r = await app.apollo.executeOperation({ query, variables }, { contextValue: app.createContext(handle ? seededPrincipal(handle) : null) });
  if (r.body.kind !== 'single') throw new Error('single result expected');
  return JSON.parse(JSON.stringify(r.body.singleResult)) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

describe('the pool', () => {
  it('PG_POOL_MAX + 1 concurrent decisions all complete: a transaction needs one connection, not two', async () => {
    const max = 3;
    const { app, restore } = await smallPoolApp(max);
    try {
      const results = await Promise.all(Array.from({ length: max + 1 }, (_, i) => run(app, RECORD_LICENCE_DECISION, decision(`pool-${i}`), 'de-regulator')));
      expect(results.map((r) => r.errors ?? [])).toEqual(results.map(() => []));
      const ids = results.map((r) => r.data.recordLicenceDecision.id);
      expect(await t.ds.query('SELECT count(*)::int AS n FROM licence_decision WHERE id = ANY($1)', [ids])).toEqual([{ n: max + 1 }]);
      // Still serving afterwards.
      expect((await run(app, JURISDICTIONS, {}, null)).errors).toBeUndefined();
      report.push(`${max + 1} concurrent decisions on a pool of ${max} → all recorded`);
    } finally {
      await app.stop();
      restore();
    }
  });

  it('an exhausted pool answers SERVICE_UNAVAILABLE after PG_CONNECTION_TIMEOUT_MS, then serves again', async () => {
    const { app, ds, restore } = await smallPoolApp(2, { PG_CONNECTION_TIMEOUT_MS: '300' });
    const held = [ds.createQueryRunner(), ds.createQueryRunner()];
    try {
      for (const qr of held) await qr.connect();
      const r = await run(app, JURISDICTIONS, {}, null);
      expect(r.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      for (const qr of held) await qr.release();
      expect((await run(app, JURISDICTIONS, {}, null)).errors).toBeUndefined();
      report.push('pool exhausted → SERVICE_UNAVAILABLE after the connection timeout, then served again');
    } finally {
      for (const qr of held) if (!qr.isReleased) await qr.release();
      await app.stop();
      restore();
    }
  });
});

describe('shutdown', () => {
  it('stopping the LISTEN connection while it is being opened leaves no connection behind', async () => {
    const listeners = async (): Promise<number> =>
      (await t.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'accord-events'`))[0].n;
    const before = await listeners(); // the test app's own
    const listener = new EventListener(t.databaseUrl, { publish: () => undefined }, createLogger('silent'));
    const started = listener.start();
    await listener.stop(); // as a shutdown would, while start() is still connecting
    await started;
    let now = await listeners();
    for (let i = 0; i < 50 && now !== before; i++) {
      await sleep(100); // a backend leaves pg_stat_activity shortly after its client ends
      now = await listeners();
    }
    expect(now).toBe(before);
    report.push('LISTEN connection stopped while opening → closed');
  });
});

describe('connections killed under load', () => {
  it('every backend of the database terminated 10 times during a 6-client read/write burst: the server stays up, recovers, and keeps every acknowledged write', async () => {
    const root = path.resolve(__dirname, '../..');
    const port = 40000 + Math.floor(Math.random() * 20000);
    const child = spawn('node', [path.join(root, 'dist/src/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        PORT: String(port),
        NODE_ENV: 'production',
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'error',
        SEED_ON_START: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
        PG_POOL_MAX: '6',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let errorLog = ''; // pino's error lines (stdout)
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => (errorLog = (errorLog + String(d)).slice(-20_000)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    const ready = async () =>
      fetch(`${base}/readyz`)
        .then((r) => r.status === 200)
        .catch(() => false);
    const killer = new Client({ connectionString: t.databaseUrl });
    try {
      for (let i = 0; i < 200 && !(await ready()); i++) await sleep(100);
      expect(await ready()).toBe(true);
      const token = await t.token('de-regulator');
      type Answer = { data?: any; errors?: { extensions?: { code?: string } }[] };
      const post = (query: string, variables: Record<string, unknown> = {}): Promise<Answer> =>
        fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        })
          .then(async (r) => (await r.json()) as Answer)
          .catch(() => ({ errors: [{ extensions: { code: 'NO_ANSWER' } }] }));

      const acknowledged: string[] = [];
      const codes = new Map<string, number>();
      let requests = 0;
      let stop = false;
      const clients = Array.from({ length: 6 }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          const write = i % 2 === 0;
          const r = write
            ? await post(RECORD_LICENCE_DECISION, decision(`burst-${c}-${i}`))
            : i % 4 === 1
              ? await post(`{ licenceDecisions(first: 5) { edges { node { id } } } harmonizedItem(code: "CF.X") { node { code } } }`)
              : await fetch(`${base}/register.atom`).then(
                  async (res): Promise<Answer> => {
                    const text = await res.text();
                    return res.status === 200
                      ? {}
                      : { errors: [{ extensions: { code: res.status === 503 ? JSON.parse(text).errors[0].extensions.code : `HTTP ${res.status}` } }] };
                  },
                  (): Answer => ({ errors: [{ extensions: { code: 'NO_ANSWER' } }] }),
                );
          requests += 1;
          for (const e of r.errors ?? []) codes.set(e.extensions?.code ?? '?', (codes.get(e.extensions?.code ?? '?') ?? 0) + 1);
          if (write && !r.errors && r.data?.recordLicenceDecision?.id) acknowledged.push(r.data.recordLicenceDecision.id);
        }
      });

      await killer.connect();
      let killed = 0;
      await sleep(300); // the burst is under way
      for (let k = 0; k < 10; k++) {
        const rows = await killer.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        killed += rows.rows.filter((x: { done: boolean }) => x.done).length;
        await sleep(150);
      }
      await sleep(300);
      stop = true;
      await Promise.all(clients);

      // The process is alive and becomes ready again.
      if (child.exitCode !== null) throw new Error(`the server died (exit code ${child.exitCode}):\n${stderr.slice(-3000)}`);
      let back = false;
      for (let i = 0; i < 100 && !(back = await ready()); i++) await sleep(100);
      expect(back).toBe(true);
      expect(stderr).not.toMatch(/Unhandled 'error' event|uncaught|FATAL/i);

      // Failures were the database's: SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR or no answer.
      const other = [...codes].filter(([c]) => c !== 'SERVICE_UNAVAILABLE');
      if (other.length)
        throw new Error(
          `answers other than SERVICE_UNAVAILABLE: ${JSON.stringify(other)}; the server logged:\n${errorLog
            .split('\n')
            .filter((l) => /"err"/.test(l))
            .map((l) => l.slice(0, 400))
            .join('\n')}`,
        );
      // Every acknowledged write is there.
      expect(acknowledged.length).toBeGreaterThan(0);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM licence_decision WHERE id = ANY($1)', [acknowledged]);
      expect(n).toBe(acknowledged.length);
      // And it serves reads and writes again.
      const after = await post(RECORD_LICENCE_DECISION, decision('after-the-burst'));
      expect(after.errors).toBeUndefined();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      report.push(
        `${killed} backends terminated in 10 rounds during ${requests} requests from 6 clients → server up, ready again, ` +
          `${codes.get('SERVICE_UNAVAILABLE') ?? 0} SERVICE_UNAVAILABLE and no other error, ${acknowledged.length}/${acknowledged.length} acknowledged writes present, SIGTERM → exit 0`,
      );
    } finally {
      await killer.end().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  });
});
