import net from 'node:net';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { readConfig } from '../../src/config/env';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { ManualClock } from '../../src/shared/clock';
import { createNodes } from '../support/factories';
import {
  AUDIT_CHAIN_STATUS,
  CONSORTIUM_IDS,
  CREATE_CONTROL_LIST_VERSION,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  JURISDICTIONS,
  ME_HANDLE,
  PROPOSE_MAPPING,
  PUBLISH_CONTROL_LIST_VERSION_STATUS,
  RECORD_LICENCE_DECISION,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
  UPSERT_CONTROL_ENTRIES,
} from '../support/operations';
import { createTestApp, errorCode, seededPrincipal, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const faults: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'FT' }, { code: 'FT.X', parentCode: 'FT' }]);
});
afterAll(async () => {
  process.stdout.write(`\nfaults survived: ${faults.join('; ')}\n`);
  await t.close();
});

async function openRequest(): Promise<string> {
  const d = await t.ok<{ recordLicenceDecision: { id: string } }>(
    RECORD_LICENCE_DECISION,
    {
      i: { applicant: 'A', endUser: { name: 'B', country: 'SG' }, destination: 'SG', taxonomyCodes: ['FT.X'], outcome: 'GRANTED', rationale: 'r' },
    },
    'de-regulator',
  );
  return (
    await t.ok<{ fileMutualRecognitionRequest: { id: string } }>(
      FILE_MUTUAL_RECOGNITION_REQUEST,
      {
        i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: d.recordLicenceDecision.id, concernedJurisdictions: ['FR'], justification: 'j' },
      },
      'de-regulator',
    )
  ).fileMutualRecognitionRequest.id;
}

const AUDIT_LOCK_KEY = 7316501; // the audit-append lock (src/modules/audit/audit.service.ts)
/** Runs `call` with its connection killed while it waits, inside its transaction, for the audit-append lock. */
async function killedMidTransaction(call: () => Promise<any>): Promise<any> {
  const blocker = new Client({ connectionString: t.databaseUrl });
  await blocker.connect();
  await blocker.query('SELECT pg_advisory_lock($1)', [AUDIT_LOCK_KEY]);
  try {
    const pending = call();
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      const rows = await blocker.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`,
      );
      pid = rows.rows[0]?.pid;
      if (!pid) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pid).toBeDefined();
    await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
    return await pending;
  } finally {
    await blocker.query('SELECT pg_advisory_unlock($1)', [AUDIT_LOCK_KEY]);
    await blocker.end();
  }
}

describe('faults', () => {
  it('a connection killed in the middle of a transition writes nothing; the chain stays valid; the next request succeeds', async () => {
    const id = await openRequest();
    // Hold the audit-append lock: the transition will have written its answer and moved the
    // request, then wait for the lock inside its transaction — where we kill its connection.
    const r = await killedMidTransaction(() => t.gql(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId: id, decision: 'RECOGNIZE' } }, 'fr-regulator'));
    expect(errorCode(r)).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(r)).not.toMatch(/terminating|administrator|SELECT/);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM recognition_response WHERE request_id = $1', [id])).toEqual([{ n: 0 }]);
    expect((await t.ds.query('SELECT status FROM recognition_request WHERE id = $1', [id]))[0].status).toBe('SUBMITTED');
    expect((await t.ok<{ auditChainStatus: any }>(AUDIT_CHAIN_STATUS, {}, 'analyst')).auditChainStatus.valid).toBe(true);
    const again = await t.ok<{ respondToRecognitionRequest: any }>(
      RESPOND_TO_RECOGNITION_REQUEST_STATUS,
      { i: { requestId: id, decision: 'RECOGNIZE' } },
      'fr-regulator',
    );
    expect(again.respondToRecognitionRequest.status).toBe('RECOGNIZED');
    faults.push('connection killed mid-transition → SERVICE_UNAVAILABLE, nothing written, chain valid, retry succeeded');
  });

  it('with the database gone, /readyz is 503 and requests fail with a coded error; both recover when it returns', async () => {
    // A TCP proxy stands between the server and PostgreSQL; stopping it is the outage.
    const target = new URL(t.databaseUrl);
    const sockets = new Set<net.Socket>();
    let proxy: net.Server | null = null;
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const startProxy = () =>
      new Promise<void>((resolve) => {
        proxy = net.createServer((client) => {
          const upstream = net.connect(Number(target.port || 5432), target.hostname);
          sockets.add(client);
          sockets.add(upstream);
          client.pipe(upstream).pipe(client);
          const close = () => {
            client.destroy();
            upstream.destroy();
          };
          client.on('error', close);
          upstream.on('error', close);
          client.on('close', close);
          upstream.on('close', close);
        });
        proxy.listen(port, '127.0.0.1', () => resolve());
      });
    const stopProxy = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        proxy!.close(() => resolve());
      });
    await startProxy();
    const viaProxy = new URL(t.databaseUrl);
    viaProxy.host = `127.0.0.1:${port}`;
    const ds = createDataSource(viaProxy.toString(), { extra: { max: 3, connectionTimeoutMillis: 1000 } });
    await ds.initialize();
    // STRICT_TOKENS: a signed-in request looks its principal up in the database before anything else.
    const app = await createApp({
      dataSource: ds,
      config: readConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, STRICT_TOKENS: 'true' }),
      clock: new ManualClock(),
      logger: createLogger(process.env.DEBUG_FAULTS ? 'error' : 'silent'),
      listenForEvents: false,
    });
    try {
      const base = `http://127.0.0.1:${await app.listen(0)}`;
      const p = seededPrincipal('analyst');
      const token = await app.tokens.sign({ sub: p.id, role: p.role, jurisdiction: p.jurisdiction, handle: p.handle });
      const gql = async () =>
        (await (
          await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: JURISDICTIONS }) })
        ).json()) as any;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await stopProxy();
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const down = await gql();
      expect(down.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      // The token's principal cannot be looked up: the same answer, not an internal error.
      const signedIn = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ME_HANDLE }),
      });
      expect(signedIn.status).toBe(503);
      expect(((await signedIn.json()) as any).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      const csv = await fetch(`${base}/export/concordance.csv?consortiumId=00000000-0000-4000-8000-000000000001`);
      expect(csv.status).toBe(503);
      expect(((await csv.json()) as any).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await startProxy();
      let ready = 503;
      for (let i = 0; i < 40 && ready !== 200; i++) {
        ready = (await fetch(`${base}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      let up: any;
      for (let i = 0; i < 5; i++) {
        up = await gql();
        if (!up.errors) break;
      }
      expect(up.data.jurisdictions.length).toBeGreaterThan(10);
      faults.push('database outage → /readyz 503 + SERVICE_UNAVAILABLE, recovered when it returned');
    } finally {
      await app.stop();
      await stopProxy().catch(() => undefined);
    }
  });

  it('SIGTERM under load: in-flight requests finish, then the process exits 0', async () => {
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
        LOG_LEVEL: 'warn',
        SEED_ON_START: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 100; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [{ id }] = await t.ds.query('SELECT id FROM consortium LIMIT 1');
      const query = JSON.stringify({
        query: `query($c: ID!) { concordance(consortiumId: $c, first: 100) { totalCount edges { node { cells { tier } } } } }`,
        variables: { c: id },
      });
      const inflight = Array.from({ length: 40 }, () =>
        fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as any,
        })),
      );
      // SIGTERM once the server is visibly busy: the first answer is back, the rest in flight.
      await Promise.race(inflight);
      child.kill('SIGTERM');
      const results = await Promise.allSettled(inflight);
      const answered = results.filter((r): r is PromiseFulfilledResult<{ status: number; body: any }> => r.status === 'fulfilled');
      // Every request the server accepted before SIGTERM was answered in full.
      expect(answered.length).toBeGreaterThan(0);
      for (const r of answered) {
        expect(r.value.status).toBe(200);
        expect(r.value.body.errors).toBeUndefined();
      }
      expect(await exited).toBe(0);
      faults.push(
        `SIGTERM with ${answered.length - 1} requests in flight → all answered, exit 0 (${results.length - answered.length} sent after it were refused)`,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('faults and visibility', () => {
  it('a publication killed midway leaves the draft a draft, hidden from everyone but its owners; the retry makes it public', async () => {
    const v = await t.ok<any>(
      CREATE_CONTROL_LIST_VERSION,
      { i: { jurisdiction: 'CH', listName: 'Faults CH list', label: 'draft', coverage: ['FT'] } },
      'ch-regulator',
    );
    const versionId = v.createControlListVersion.id;
    const up = await t.ok<any>(
      UPSERT_CONTROL_ENTRIES,
      { v: versionId, e: [{ controlNumber: 'FT-DRAFT-1', title: 'Unpublished fermenters', text: 't', tier: 'STANDARD' }] },
      'ch-regulator',
    );
    await t.ok(PROPOSE_MAPPING, { i: { entryId: up.upsertControlEntries[0].id, taxonomyCode: 'FT.X', relation: 'EXACT' } }, 'ch-regulator');
    const NODE = `{ taxonomyNode(code: "FT.X") { mappings { entry { controlNumber version { status } } } } }`;
    const seen = async (as: string | null) => JSON.stringify((await t.gql(NODE, {}, as)).data).includes('FT-DRAFT-1');

    const r = await killedMidTransaction(() => t.gql(PUBLISH_CONTROL_LIST_VERSION_STATUS, { id: versionId }, 'ch-regulator'));
    expect(errorCode(r)).toBe('SERVICE_UNAVAILABLE');
    expect((await t.ds.query('SELECT status FROM control_list_version WHERE id = $1', [versionId]))[0].status).toBe('DRAFT');
    expect([await seen(null), await seen('analyst'), await seen('de-regulator'), await seen('ch-regulator'), await seen('secretariat')]).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);

    await t.ok(PUBLISH_CONTROL_LIST_VERSION_STATUS, { id: versionId }, 'ch-regulator');
    expect(await seen(null)).toBe(true);
    faults.push('publication killed midway → the draft stays hidden; the retry publishes it');
  });

  it("an outcome killed midway publishes nothing; the retry publishes it without the licence's parties", async () => {
    const id = await openRequest(); // DE's licence to end user "B", applicant "A", destination SG
    const entries = () => t.ds.query<any[]>(`SELECT title, summary, details FROM register_entry WHERE subject_id = $1`, [id]);
    const r = await killedMidTransaction(() =>
      t.gql(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId: id, decision: 'DECLINE', rationale: 'criterion 2' } }, 'fr-regulator'),
    );
    expect(errorCode(r)).toBe('SERVICE_UNAVAILABLE');
    expect(await entries()).toEqual([]);
    await t.ok(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId: id, decision: 'DECLINE', rationale: 'criterion 2' } }, 'fr-regulator');
    const [entry] = await entries();
    expect(entry.title).toBe('DE request for recognition of its licence for FT.X: DECLINED');
    expect(JSON.stringify(entry)).not.toMatch(/"B"|\(SG\)|"destination"|"applicant"|"endUser/);
    faults.push('outcome killed midway → no register entry; the retry publishes one naming no end user');
  });
});
