/**
 * `npm run bench` (`npm run bench:small` for the quick scale): builds the scale dataset
 * into its own database, measures SQL statement counts and query plans in-process,
 * starts Accord (production mode) and the floor as separate processes, drives both with
 * autocannon at several concurrency levels, and writes the report.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *     → database accord_bench on that server (dropped and recreated)
 *   npm run bench            (no DATABASE_URL)
 *     → an embedded PostgreSQL under .data/bench-pg on port 54349
 *
 * Options (after `--`): --scale small|default, --duration <s>, --warmup <s>,
 * --connections 1,16,64, --max-requests <n>, --reuse (keep a dataset of the same scale),
 * --only item,concordance,search,write,register,assess,generic (generic: the four generic reads beside PostGraphile v4, see bench/generic.ts), --label <name> (e.g. cache-off),
 * --cache on|off|both (default both: the cacheable reads with the response cache on and off),
 * --prewarm (request every BENCH node and concordance page once before measuring),
 * --server-env KEY=VALUE,KEY=VALUE (extra environment for the Accord server, e.g. to
 * switch a cache off and on: measure with and without).
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { freePort } from '../src/shared/free-port';
import { parseArgs, type BenchOptions } from './config';
import { benchTaxonomy, generate, previousGeneration, prng, type GenerationResult } from './generate';
import { GENERIC_READS } from './generic';
import { inProcessPass } from './inprocess';
import { runLoad, waitIdle, type NextRequest } from './load';
import { ASSESS, assessInput, CONCORDANCE, DECISIONS, drawSearch, ITEM, publicRegisterQuery, RESPOND, SEARCH, searchTerms } from './queries';
import { CACHE_OFF, checkTargets, stdoutReport, writeResults, type BenchReport, type Machine, type Run, type SameRows } from './report';
import { buildAppSchema } from '../src/app/schema';
import { createDataSource } from '../ormconfig';

const ROOT = path.resolve(__dirname, '../..');
const BENCH_DIR = path.join(ROOT, 'bench');
const MAIN_JS = path.join(ROOT, 'dist/src/main.js');
const FLOOR_JS = path.join(__dirname, 'floor.js');
/** PostGraphile v4 lives in its own folder with its own lock file (it needs graphql 15). */
const POSTGRAPHILE_DIR = path.join(ROOT, 'bench/postgraphile');
const POSTGRAPHILE_JS = path.join(POSTGRAPHILE_DIR, 'server.js');

/** Install bench/postgraphile from its lock file on first use (never part of the app's npm ci). */
function ensurePostgraphile(): void {
  if (fs.existsSync(path.join(POSTGRAPHILE_DIR, 'node_modules/postgraphile/package.json'))) return;
  process.stderr.write('installing PostGraphile v4 into bench/postgraphile (npm ci, its own lock file)\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: POSTGRAPHILE_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ci in ${POSTGRAPHILE_DIR} failed (exit ${r.status}): the generic reads need PostGraphile beside Accord`);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitReady(url: string, proc: ChildProcess, what: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with code ${proc.exitCode} before it was ready`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}

const children = new Set<ChildProcess>();

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
  children.delete(proc);
}

interface Started {
  proc: ChildProcess;
  baseUrl: string;
  logFile: string;
}

async function startProcess(what: string, script: string, env: Record<string, string>, readyPath: string): Promise<Started> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `accord-bench-${what}-${port}.log`);
  const fd = fs.openSync(logFile, 'w');
  const proc = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), FLOOR_PORT: String(port) },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  children.add(proc);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${baseUrl}${readyPath}`, proc, what);
  } catch (err) {
    await stopChild(proc);
    throw new Error(`${(err as Error).message}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
  }
  return { proc, baseUrl, logFile };
}

async function machine(url: string, embedded: boolean): Promise<Machine> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const version = (await c.query('SHOW server_version')).rows[0].server_version as string;
    const settings: Record<string, string> = {};
    for (const name of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'random_page_cost', 'jit']) {
      settings[name] = (await c.query(`SHOW ${name}`)).rows[0][name] as string;
    }
    return {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      postgres: version,
      postgresSettings: settings,
      poolMax: Number(process.env.PG_POOL_MAX || 10),
      embeddedPostgres: embedded,
    };
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const opts: BenchOptions = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const notes: string[] = [];
  const wants = (s: string) => !opts.only || opts.only.has(s);
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first (npm run bench does)`);

  // --- the database server --------------------------------------------------------------
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const host = new URL(adminUrl).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`the bench only uses a local PostgreSQL (127.0.0.1), not ${host}`);
  } else {
    log('no DATABASE_URL: starting an embedded PostgreSQL (.data/bench-pg, port 54349)');
    embedded = await startEmbeddedPostgres({ dir: path.join(ROOT, '.data/bench-pg'), port: 54349, database: 'postgres' });
    adminUrl = embedded.adminUrl;
  }
  const url = withDatabase(adminUrl, opts.database);
  let cleanupDone = false;
  const cleanup = async () => {
    if (cleanupDone) return;
    cleanupDone = true;
    for (const c of [...children]) await stopChild(c).catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping`);
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // --- the dataset ----------------------------------------------------------------------
    let generation: GenerationResult & { reused: boolean };
    const previous = opts.reuse ? await previousGeneration(url) : null;
    if (previous && previous.scale === opts.scale.name) {
      log(`reusing ${opts.database} (scale ${previous.scale}, generated in ${previous.seconds} s)`);
      generation = { ...previous, reused: true };
      // A reused dataset gets the migrations added since it was generated (as a deployment would).
      const ds = createDataSource(url, { extra: { max: 1, application_name: 'accord-bench-migrate' } });
      await ds.initialize();
      try {
        const applied = await ds.runMigrations({ transaction: 'each' });
        if (applied.length) notes.push(`reused dataset: applied ${applied.map((m) => m.name).join(', ')} first`);
      } finally {
        await ds.destroy();
      }
      notes.push('dataset reused from a previous run (--reuse): earlier write runs have answered part of the open requests');
    } else {
      log(`creating database ${opts.database} (dropped if it exists)`);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${opts.database}" WITH (FORCE)`);
      await adminQuery(adminUrl, `CREATE DATABASE "${opts.database}"`);
      generation = { ...(await generate(url, opts.scale, log)), reused: false };
    }
    const consortiumId = generation.consortiumId;

    // --- what the load draws from ------------------------------------------------------
    const db = new Client({ connectionString: url });
    await db.connect();
    const benchCodes: string[] = (await db.query(`SELECT code FROM taxonomy_node WHERE code = 'BENCH' OR code LIKE 'BENCH.%' ORDER BY code`)).rows.map((r) => r.code);
    const memberCodes: string[] = (
      await db.query(`SELECT jurisdiction_code AS code FROM membership WHERE consortium_id = $1 AND role = 'MEMBER' AND until IS NULL ORDER BY 1`, [consortiumId])
    ).rows.map((r) => r.code);
    const pairRows: { request_id: string; jurisdiction: string }[] = (
      await db.query(
        `SELECT r.id AS request_id, c AS jurisdiction FROM recognition_request r CROSS JOIN LATERAL unnest(r.concerned_jurisdiction_codes) c
         WHERE r.status IN ('SUBMITTED', 'UNDER_REVIEW') AND r.deadline > now() + interval '1 day'
           AND NOT EXISTS (SELECT 1 FROM recognition_response s WHERE s.request_id = r.id AND s.jurisdiction_code = c)`,
      )
    ).rows;
    const versionIds: string[] = (await db.query(`SELECT id FROM control_list_version WHERE label = 'bench-1' AND status = 'PUBLISHED' ORDER BY id`)).rows.map((r) => r.id);
    await db.end();
    const rand = prng(7);
    const shuffled = pairRows.map((p) => ({ requestId: p.request_id, jurisdiction: p.jurisdiction })).sort(() => rand() - 0.5);
    const pairs = shuffled;
    log(`${benchCodes.length} BENCH nodes, ${memberCodes.length} members, ${pairs.length} open (request, concerned member) pairs for the write mix`);
    const itemCode = () => benchCodes[Math.floor(rand() * benchCodes.length)];
    // Cursors are opaque: a client only has the endCursors of pages it received, so `after`
    // is a page boundary of the BENCH subtree paged by 100 from the start (50 pages at the
    // default scale), drawn at random.
    const pageCount = Math.ceil(benchCodes.length / 100);
    const concordanceAfter = () => {
      const k = Math.floor(rand() * pageCount);
      return k === 0 ? null : Buffer.from(JSON.stringify(benchCodes[k * 100 - 1])).toString('base64url');
    };
    const terms = searchTerms(memberCodes, opts.scale.entriesPerList);
    const seedCheck = new Client({ connectionString: url });
    await seedCheck.connect();
    const seededNodes = Number((await seedCheck.query(`SELECT count(*)::int AS n FROM taxonomy_node WHERE code NOT LIKE 'BENCH%'`)).rows[0].n);
    await seedCheck.end();
    if (seededNodes === 0) {
      notes.push('the seeds loaded from the build (dist/seeds) hold no taxonomy and no control lists: seedDataDir() in seeds/lists.ts finds dist/seeds/data '
        + '(where tsc copied the imported jurisdictions.json) and reads taxonomy.json and lists/ from there, where they are missing — `npm start` on an empty database has the same gap');
    }
    if (benchCodes.length !== opts.scale.nodes) notes.push(`expected ${opts.scale.nodes} BENCH nodes, found ${benchCodes.length}`);
    void benchTaxonomy;

    // --- in-process: SQL counts, plans, floor correctness, audit chain ------------------
    log('in-process pass: SQL statement counts, EXPLAIN plans, floor answers, audit chain');
    const inProcess = await inProcessPass({ url, consortiumId, itemCodes: itemCode, concordanceAfter, terms, pairs: pairs.splice(0, 3), versionIds, samples: 10, log });
    for (const c of inProcess.counts) log(`  ${c.operation}: ${c.min === c.max ? c.median : `${c.min}–${c.max}`} statements${c.errors ? ` (${c.errors} errors)` : ''}`);
    if (inProcess.correctness.firstMismatch) log(`  floor mismatch: ${inProcess.correctness.firstMismatch}`);
    const register = publicRegisterQuery(await buildAppSchema());
    if (!register.query) notes.push(register.note);

    // --- the servers: one at a time, a fresh process for each scenario --------------------
    // A fresh process per scenario keeps one scenario's leftovers (heap, requests abandoned
    // when a run stops) out of the next one; each scenario starts with a warm-up.
    const jwtSecret = randomBytes(32).toString('base64url');
    const logLevel = process.env.BENCH_SERVER_LOG_LEVEL || 'info';
    const startAccord = (extra: Record<string, string> = {}) => startProcess('accord', MAIN_JS, {
      NODE_ENV: 'production', JWT_SECRET: jwtSecret, DATABASE_URL: url, SEED_ON_START: 'false', LOG_LEVEL: logLevel,
      // The bench measures capacity, not the limiter: the per-caller rate limit (if this build has one) is off.
      RATE_LIMIT_PER_MINUTE: '0',
      // The bench's regulators are ad-hoc token subjects, not stored principals.
      STRICT_TOKENS: 'false',
      ...opts.serverEnv,
      ...extra,
    }, '/readyz');
    const startFloor = () => startProcess('floor', FLOOR_JS, { FLOOR_DATABASE_URL: url }, '/readyz');
    const startPostgraphile = () => startProcess('postgraphile', POSTGRAPHILE_JS, { NODE_ENV: 'production', DATABASE_URL: url }, '/readyz');
    const secret = new TextEncoder().encode(jwtSecret);
    const tokens = new Map<string, string>();
    for (const code of memberCodes) {
      tokens.set(code, await new SignJWT({ role: 'REGULATOR', jurisdiction: code, handle: `bench-${code.toLowerCase()}` })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(`bench-regulator-${code.toLowerCase()}`).setIssuedAt().setExpirationTime('12h').sign(secret));
    }
    tokens.set('analyst', await new SignJWT({ role: 'ANALYST', handle: 'bench-analyst' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('bench-analyst').setIssuedAt().setExpirationTime('12h').sign(secret));
    const monitor = new Client({ connectionString: url, application_name: 'accord-bench-monitor' });
    await monitor.connect();
    const SERVER_APPS = ['accord', 'accord-bench-floor', 'accord-bench-postgraphile'];
    const pgBusy = async () =>
      Number((await monitor.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
        AND pid <> pg_backend_pid() AND application_name = ANY($1)`, [SERVER_APPS])).rows[0].n) > 0;
    /** Cancel what the bench's own server processes left running in PostgreSQL. */
    const cancelLeftovers = async () =>
      Number((await monitor.query(`SELECT count(pg_cancel_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
        AND pid <> pg_backend_pid() AND application_name = ANY($1)`, [SERVER_APPS])).rows[0].n);

    // --- the load ---------------------------------------------------------------------------
    const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): NextRequest => ({
      method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query, variables }),
    });
    type Scenario = {
      scenario: string; target: 'accord' | 'floor' | 'postgraphile'; next: () => NextRequest | null; share?: number; warm: boolean; all?: () => NextRequest[];
      env?: Record<string, string>;
      /** Before the load: the answers to compare with the other server's (generic reads). */
      sample?: (baseUrl: string) => Promise<void>;
    };
    const scenarios: Scenario[] = [];
    /**
     * The cacheable reads are measured with the response cache on (as in production) and off
     * (HARMONIZED_CACHE=false: the engine itself, what a request for a question not asked
     * before costs), per --cache (default both); the off rows are named "<scenario> [cache off]".
     */
    const cached = (s: Scenario): Scenario[] => [
      ...(opts.cache !== 'off' ? [s] : []),
      ...(opts.cache !== 'on' ? [{ ...s, scenario: s.scenario + CACHE_OFF, all: undefined, env: { HARMONIZED_CACHE: 'false' } }] : []),
    ];
    if (wants('item')) {
      scenarios.push(...cached({ scenario: 'harmonizedItem', target: 'accord', warm: true, next: () => gql(ITEM, { code: itemCode(), c: consortiumId }),
        all: () => benchCodes.map((code) => gql(ITEM, { code, c: consortiumId })) }));
      if (wants('floor') || opts.only?.has('item')) scenarios.push({ scenario: 'harmonizedItem', target: 'floor', warm: true,
        next: () => ({ method: 'GET', path: `/item?c=${consortiumId}&code=${encodeURIComponent(itemCode())}` }) });
    }
    if (wants('concordance')) {
      scenarios.push(...cached({ scenario: 'concordance(first:100)', target: 'accord', warm: true,
        next: () => gql(CONCORDANCE, { c: consortiumId, p: 'BENCH', first: 100, after: concordanceAfter() }),
        all: () => Array.from({ length: pageCount }, (_, k) => gql(CONCORDANCE, {
          c: consortiumId, p: 'BENCH', first: 100, after: k === 0 ? null : Buffer.from(JSON.stringify(benchCodes[k * 100 - 1])).toString('base64url'),
        })) }));
      if (wants('floor') || opts.only?.has('concordance')) scenarios.push({ scenario: 'concordance(first:100)', target: 'floor', warm: true,
        next: () => {
          const after = concordanceAfter();
          return { method: 'GET', path: `/concordance?c=${consortiumId}&prefix=BENCH&first=100${after ? `&after=${after}` : ''}` };
        } });
    }
    if (wants('search')) {
      scenarios.push(...cached({ scenario: 'controlEntries(text)', target: 'accord', warm: true,
        next: () => gql(SEARCH, drawSearch(rand, memberCodes, opts.scale.entriesPerList)) }));
    }
    if (wants('assess')) {
      // Each call stores its assessment (a decision may refer to it): a read with one INSERT.
      scenarios.push({ scenario: 'assessTransaction', target: 'accord', warm: true, next: () => gql(ASSESS, assessInput(itemCode()), { authorization: `Bearer ${tokens.get('analyst')}` }) });
    }
    if (wants('register') && register.query) {
      const q = register.query;
      scenarios.push({ scenario: 'publicRegister', target: 'accord', warm: true, next: () => gql(q, {}) });
    }
    // The generic reads: Accord and PostGraphile v4 over the same database, one
    // after the other; each first answers the same sample inputs, compared after the runs.
    const answers = new Map<string, { accord: unknown[]; postgraphile: unknown[] }>();
    if (wants('generic')) {
      ensurePostgraphile();
      const version = () => versionIds[Math.floor(rand() * versionIds.length)];
      const sampleVersions = versionIds.slice(0, 5);
      const post = async (baseUrl: string, query: string, variables: Record<string, unknown>) => {
        const r = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
        const body = (await r.json()) as { data?: unknown; errors?: { message: string }[] };
        if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors).slice(0, 400)}`);
        return body.data;
      };
      for (const g of GENERIC_READS) {
        const vars = (v: string | undefined) => (g.perVersion ? { v } : {});
        answers.set(g.scenario, { accord: [], postgraphile: [] });
        for (const target of ['accord', 'postgraphile'] as const) {
          const query = target === 'accord' ? g.accord : g.postgraphile;
          scenarios.push({
            scenario: g.scenario, target, warm: true,
            next: () => gql(query, vars(version())),
            sample: async (baseUrl) => {
              const got = answers.get(g.scenario)![target];
              for (const v of g.perVersion ? sampleVersions : [undefined]) {
                const data = await post(baseUrl, query, vars(v));
                got.push(target === 'accord' ? g.fromAccord(data) : g.fromPostgraphile(data));
              }
            },
          });
        }
      }
      notes.push('Generic reads: Accord runs with HARMONIZED_CACHE=false (no response cache) and AUDIT_CHECKPOINT_MINUTES=0 (no checkpoint written into the register between the two servers\' answers); PostGraphile 4.14.1 (bench/postgraphile, graphql 15) over the same database with a pool of the same size; '
        + 'each read is drawn over the PUBLISHED bench versions at random (the first page of one version).');
    }
    if (wants('write')) {
      let w = 0;
      const share = Math.floor(pairs.length / opts.connections.length);
      if (share < Math.max(...opts.connections)) notes.push(`only ${pairs.length} open (request, member) pairs: the write mix may end before its duration`);
      scenarios.push({ scenario: 'respondToRecognitionRequest', target: 'accord', warm: false, share,
        next: () => {
          const p = pairs.shift();
          if (!p) return null;
          const decision = DECISIONS[w++ % DECISIONS.length];
          return gql(RESPOND, { input: { requestId: p.requestId, ...decision } }, { authorization: `Bearer ${tokens.get(p.jurisdiction)}` });
        } });
    }

    const runs: Run[] = [];
    let server: Started | null = null;
    const settle = async (label: string) => {
      const pids = server?.proc.pid ? [server.proc.pid] : [];
      const w = await waitIdle(pids, 120_000, pgBusy);
      if (!w.idle) {
        const n = await cancelLeftovers();
        notes.push(`${label}: the server was still busy ${Math.round(w.ms / 1000)} s after the previous run (requests abandoned at its end); ${n} leftover queries cancelled`);
      } else if (w.ms > 5000) notes.push(`${label}: waited ${Math.round(w.ms / 1000)} s for the server to finish requests abandoned at the end of the previous run`);
    };
    try {
      for (const s of scenarios) {
        if (server) {
          await stopChild(server.proc);
          server = null;
        }
        await waitIdle([], 60_000, pgBusy).then(async (w) => { if (!w.idle) await cancelLeftovers(); });
        server = s.target === 'accord'
          // No scheduled audit checkpoint during the generic reads: it would add a register
          // entry between Accord's answers and PostGraphile's.
          ? await startAccord(s.sample ? { HARMONIZED_CACHE: 'false', AUDIT_CHECKPOINT_MINUTES: '0', ...(s.env ?? {}) } : s.env)
          : s.target === 'postgraphile' ? await startPostgraphile() : await startFloor();
        log(`${s.scenario}: ${s.target} on ${server.baseUrl} (pid ${server.proc.pid}, log ${server.logFile})`);
        if (s.sample) await s.sample(server.baseUrl);
        if (opts.prewarm && s.all) {
          const queue = s.all();
          const total = queue.length;
          const w = await runLoad({ name: `${s.scenario} prewarm`, baseUrl: server.baseUrl, connections: Math.min(8, total), durationSec: 300, maxRequests: total, next: () => queue.shift() ?? null });
          log(`prewarm ${s.scenario}: ${w.requests}/${total} requests in ${w.seconds} s`);
          notes.push(`--prewarm: ${s.scenario} was requested once for each of its ${total} keys before measuring (${w.requests} answered in ${w.seconds} s)`);
        }
        if (s.warm && opts.warmup > 0) {
          await runLoad({ name: `${s.scenario} warm-up`, baseUrl: server.baseUrl, connections: Math.min(8, Math.max(...opts.connections)), durationSec: opts.warmup, maxRequests: opts.maxRequests, next: s.next });
        }
        for (const connections of opts.connections) {
          await settle(`${s.scenario} (${s.target}) at ${connections} connections`);
          const maxRequests = s.share !== undefined ? Math.max(connections, s.share) : opts.maxRequests;
          const loadAvg1 = Math.round(os.loadavg()[0] * 100) / 100;
          const r = await runLoad({ name: s.scenario, baseUrl: server.baseUrl, connections, durationSec: opts.duration, maxRequests, next: s.next, pid: server.proc.pid });
          runs.push({ ...r, scenario: s.scenario, target: s.target, loadAvg1 });
          log(`${s.scenario.padEnd(28)} ${s.target.padEnd(6)} c=${String(connections).padStart(3)}  ${r.rps.toFixed(1).padStart(8)} req/s  p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms`
            + `  load ${loadAvg1}`
            + `  errors ${r.non2xx + r.gqlErrors + r.connErrors}/${r.requests}  rss ${r.rssPeakMb ?? '–'} MB  cpu ${r.cpuMsPerOp ?? '–'} ms/op`);
          for (const e of r.sampleErrors) log(`    error sample: ${e}`);
          if (r.sampleErrors.some((e) => e.includes('QUERY_TOO_COMPLEX'))) notes.push(`${s.scenario}: the server refused the operation as too complex (QUERY_TOO_COMPLEX) — see the error sample in the JSON`);
          if (s.share !== undefined && r.seconds < opts.duration * 0.9) notes.push(`${s.scenario} at ${connections} connections ran ${r.seconds} s: it used up its share of open requests (${maxRequests})`);
        }
      }
      if (server) await settle('end');
    } finally {
      if (server) await stopChild(server.proc);
      await cancelLeftovers().catch(() => 0);
      await monitor.end();
    }

    const sameRows: SameRows[] = [...answers].map(([scenario, a]) => {
      const compared = Math.min(a.accord.length, a.postgraphile.length);
      let identical = 0;
      let firstDifference: string | null = null;
      for (let i = 0; i < compared; i++) {
        if (isDeepStrictEqual(a.accord[i], a.postgraphile[i])) identical += 1;
        else firstDifference ??= `accord ${JSON.stringify(a.accord[i]).slice(0, 300)} / postgraphile ${JSON.stringify(a.postgraphile[i]).slice(0, 300)}`;
      }
      return { scenario, compared, identical, firstDifference };
    });
    for (const x of sameRows) log(`same rows, ${x.scenario}: ${x.identical}/${x.compared}${x.firstDifference ? ` — ${x.firstDifference}` : ''}`);
    const report: BenchReport = {
      startedAt,
      finishedAt: new Date().toISOString(),
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      label: opts.label,
      serverEnv: opts.serverEnv,
      scale: opts.scale.name,
      durationSec: opts.duration,
      connections: opts.connections,
      machine: await machine(url, Boolean(embedded)),
      generation,
      inProcess,
      runs,
      targets: [],
      ...(sameRows.length ? { sameRows } : {}),
      notes,
    };
    report.notes.push(
      'SQL statement counts are measured in-process (countSql around executeOperation on the real app) because the production server hides extensions.sql; the same pass captures the SQL for EXPLAIN.',
      'The floor serves the same JSON answers as Accord for the bench selections (checked above) from one SQL statement per request, reusing the pure rules in src/modules/harmonized/harmonize.ts.',
      `Accord runs with NODE_ENV=production, LOG_LEVEL=${process.env.BENCH_SERVER_LOG_LEVEL || 'info'} (one JSON access-log line per request, written to a file), its scheduler running and RATE_LIMIT_PER_MINUTE=0; one server process at a time, a fresh one per scenario, PG_POOL_MAX ${process.env.PG_POOL_MAX || 10} for Accord and the floor.`,
      'Runs end after their duration with autocannon stop(): requests still in flight are abandoned and not counted; before the next run the bench waits until the server process and its PostgreSQL queries are idle.',
    );
    report.targets = checkTargets(report);
    const files = writeResults(report, BENCH_DIR);
    process.stdout.write(stdoutReport(report));
    process.stdout.write(`\nwrote ${path.relative(ROOT, files.json)} and ${path.relative(ROOT, files.markdown)}\n`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
