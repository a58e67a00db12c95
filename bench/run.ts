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
import { isDeepStrictEqual } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { parseArgs, type BenchOptions } from './config';
import { prng } from './words';
import { GENERIC_READS } from './generic';
import { inProcessPass } from './inprocess';
import { gql, runLoad, waitIdle, type NextRequest } from './load';
import { ASSESS, assessInput, CONCORDANCE, DECISIONS, drawSearch, ITEM, publicRegisterQuery, RESPOND, SEARCH, searchTerms } from './queries';
import { CACHE_OFF, checkTargets, stdoutReport, writeResults, type BenchReport, type Run, type SameRows } from './report';
import { buildAppSchema } from '../src/app/schema';
import { datasetNotes, loadDraws, prepareDataset } from './dataset';
import {
  benchTokens,
  BENCH_DIR,
  children,
  ensurePostgraphile,
  FLOOR_JS,
  log,
  machine,
  MAIN_JS,
  POSTGRAPHILE_JS,
  ROOT,
  serverMonitor,
  START_FLAGS,
  startProcess,
  stopChild,
  withDatabase,
  type Started,
} from './processes';

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
    const generation = await prepareDataset(opts, adminUrl, url, notes);
    const consortiumId = generation.consortiumId;
    const { benchCodes, memberCodes, pairRows, versionIds } = await loadDraws(url, consortiumId);
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
    notes.push(...(await datasetNotes(url, opts, benchCodes)));

    // --- in-process: SQL counts, plans, floor correctness, audit chain ------------------
    log('in-process pass: SQL statement counts, EXPLAIN plans, floor answers, audit chain');
    const inProcess = await inProcessPass({
      url,
      consortiumId,
      itemCodes: itemCode,
      concordanceAfter,
      terms,
      pairs: pairs.splice(0, 3),
      versionIds,
      samples: 10,
      log,
    });
    for (const c of inProcess.counts)
      log(`  ${c.operation}: ${c.min === c.max ? c.median : `${c.min}–${c.max}`} statements${c.errors ? ` (${c.errors} errors)` : ''}`);
    if (inProcess.correctness.firstMismatch) log(`  floor mismatch: ${inProcess.correctness.firstMismatch}`);
    const register = publicRegisterQuery(await buildAppSchema());
    if (!register.query) notes.push(register.note);

    // --- the servers: one at a time, a fresh process for each scenario --------------------
    // A fresh process per scenario keeps one scenario's leftovers (heap, requests abandoned
    // when a run stops) out of the next one; each scenario starts with a warm-up.
    const jwtSecret = randomBytes(32).toString('base64url');
    const logLevel = process.env.BENCH_SERVER_LOG_LEVEL || 'info';
    const startAccord = (extra: Record<string, string> = {}) =>
      startProcess(
        'accord',
        MAIN_JS,
        {
          NODE_ENV: 'production',
          JWT_SECRET: jwtSecret,
          DATABASE_URL: url,
          SEED_ON_START: 'false',
          LOG_LEVEL: logLevel,
          // The bench measures capacity, not the limiter: the per-caller rate limit (if this build has one) is off.
          RATE_LIMIT_PER_MINUTE: '0',
          // The bench's regulators are ad-hoc token subjects, not stored principals.
          STRICT_TOKENS: 'false',
          ...opts.serverEnv,
          ...extra,
        },
        '/readyz',
        START_FLAGS,
      );
    const startFloor = () => startProcess('floor', FLOOR_JS, { FLOOR_DATABASE_URL: url }, '/readyz');
    const startPostgraphile = () => startProcess('postgraphile', POSTGRAPHILE_JS, { NODE_ENV: 'production', DATABASE_URL: url }, '/readyz');
    const tokens = await benchTokens(jwtSecret, memberCodes);
    const { pgBusy, cancelLeftovers, end: endMonitor } = await serverMonitor(url);

    // --- the load ---------------------------------------------------------------------------
    type Scenario = {
      scenario: string;
      target: 'accord' | 'floor' | 'postgraphile';
      next: () => NextRequest | null;
      share?: number;
      warm: boolean;
      all?: () => NextRequest[];
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
      scenarios.push(
        ...cached({
          scenario: 'harmonizedItem',
          target: 'accord',
          warm: true,
          next: () => gql(ITEM, { code: itemCode(), c: consortiumId }),
          all: () => benchCodes.map((code) => gql(ITEM, { code, c: consortiumId })),
        }),
      );
      if (wants('floor') || opts.only?.has('item'))
        scenarios.push({
          scenario: 'harmonizedItem',
          target: 'floor',
          warm: true,
          next: () => ({ method: 'GET', path: `/item?c=${consortiumId}&code=${encodeURIComponent(itemCode())}` }),
        });
    }
    if (wants('concordance')) {
      scenarios.push(
        ...cached({
          scenario: 'concordance(first:100)',
          target: 'accord',
          warm: true,
          next: () => gql(CONCORDANCE, { c: consortiumId, p: 'BENCH', first: 100, after: concordanceAfter() }),
          all: () =>
            Array.from({ length: pageCount }, (_, k) =>
              gql(CONCORDANCE, {
                c: consortiumId,
                p: 'BENCH',
                first: 100,
                after: k === 0 ? null : Buffer.from(JSON.stringify(benchCodes[k * 100 - 1])).toString('base64url'),
              }),
            ),
        }),
      );
      if (wants('floor') || opts.only?.has('concordance'))
        scenarios.push({
          scenario: 'concordance(first:100)',
          target: 'floor',
          warm: true,
          next: () => {
            const after = concordanceAfter();
            return { method: 'GET', path: `/concordance?c=${consortiumId}&prefix=BENCH&first=100${after ? `&after=${after}` : ''}` };
          },
        });
    }
    if (wants('search')) {
      scenarios.push(
        ...cached({
          scenario: 'controlEntries(text)',
          target: 'accord',
          warm: true,
          next: () => gql(SEARCH, drawSearch(rand, memberCodes, opts.scale.entriesPerList)),
        }),
      );
    }
    if (wants('assess')) {
      // Each call stores its assessment (a decision may refer to it): a read with one INSERT.
      scenarios.push({
        scenario: 'assessTransaction',
        target: 'accord',
        warm: true,
        next: () => gql(ASSESS, assessInput(itemCode()), { authorization: `Bearer ${tokens.get('analyst')}` }),
      });
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
        const r = await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
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
            scenario: g.scenario,
            target,
            warm: true,
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
      notes.push(
        "Generic reads: Accord runs with HARMONIZED_CACHE=false (no response cache) and AUDIT_CHECKPOINT_MINUTES=0 (no checkpoint written into the register between the two servers' answers); PostGraphile 4.14.1 (bench/postgraphile, graphql 15) over the same database with a pool of the same size; " +
          'each read is drawn over the PUBLISHED bench versions at random (the first page of one version).',
      );
    }
    if (wants('write')) {
      let w = 0;
      const share = Math.floor(pairs.length / opts.connections.length);
      if (share < Math.max(...opts.connections)) notes.push(`only ${pairs.length} open (request, member) pairs: the write mix may end before its duration`);
      scenarios.push({
        scenario: 'respondToRecognitionRequest',
        target: 'accord',
        warm: false,
        share,
        next: () => {
          const p = pairs.shift();
          if (!p) return null;
          const decision = DECISIONS[w++ % DECISIONS.length];
          return gql(RESPOND, { input: { requestId: p.requestId, ...decision } }, { authorization: `Bearer ${tokens.get(p.jurisdiction)}` });
        },
      });
    }

    const runs: Run[] = [];
    let server: Started | null = null;
    const settle = async (label: string) => {
      const pids = server?.proc.pid ? [server.proc.pid] : [];
      const w = await waitIdle(pids, 120_000, pgBusy);
      if (!w.idle) {
        const n = await cancelLeftovers();
        notes.push(
          `${label}: the server was still busy ${Math.round(w.ms / 1000)} s after the previous run (requests abandoned at its end); ${n} leftover queries cancelled`,
        );
      } else if (w.ms > 5000)
        notes.push(`${label}: waited ${Math.round(w.ms / 1000)} s for the server to finish requests abandoned at the end of the previous run`);
    };
    try {
      for (const s of scenarios) {
        if (server) {
          await stopChild(server.proc);
          server = null;
        }
        await waitIdle([], 60_000, pgBusy).then(async (w) => {
          if (!w.idle) await cancelLeftovers();
        });
        server =
          s.target === 'accord'
            ? // No scheduled audit checkpoint during the generic reads: it would add a register
              // entry between Accord's answers and PostGraphile's.
              await startAccord(s.sample ? { HARMONIZED_CACHE: 'false', AUDIT_CHECKPOINT_MINUTES: '0', ...(s.env ?? {}) } : s.env)
            : s.target === 'postgraphile'
              ? await startPostgraphile()
              : await startFloor();
        log(`${s.scenario}: ${s.target} on ${server.baseUrl} (pid ${server.proc.pid}, log ${server.logFile})`);
        if (s.sample) await s.sample(server.baseUrl);
        if (opts.prewarm && s.all) {
          const queue = s.all();
          const total = queue.length;
          const w = await runLoad({
            name: `${s.scenario} prewarm`,
            baseUrl: server.baseUrl,
            connections: Math.min(8, total),
            durationSec: 300,
            maxRequests: total,
            next: () => queue.shift() ?? null,
          });
          log(`prewarm ${s.scenario}: ${w.requests}/${total} requests in ${w.seconds} s`);
          notes.push(`--prewarm: ${s.scenario} was requested once for each of its ${total} keys before measuring (${w.requests} answered in ${w.seconds} s)`);
        }
        if (s.warm && opts.warmup > 0) {
          await runLoad({
            name: `${s.scenario} warm-up`,
            baseUrl: server.baseUrl,
            connections: Math.min(8, Math.max(...opts.connections)),
            durationSec: opts.warmup,
            maxRequests: opts.maxRequests,
            next: s.next,
          });
        }
        for (const connections of opts.connections) {
          await settle(`${s.scenario} (${s.target}) at ${connections} connections`);
          const maxRequests = s.share !== undefined ? Math.max(connections, s.share) : opts.maxRequests;
          const loadAvg1 = Math.round(os.loadavg()[0] * 100) / 100;
          const r = await runLoad({
            name: s.scenario,
            baseUrl: server.baseUrl,
            connections,
            durationSec: opts.duration,
            maxRequests,
            next: s.next,
            pid: server.proc.pid,
          });
          runs.push({ ...r, scenario: s.scenario, target: s.target, loadAvg1 });
          log(
            `${s.scenario.padEnd(28)} ${s.target.padEnd(6)} c=${String(connections).padStart(3)}  ${r.rps.toFixed(1).padStart(8)} req/s  p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms  cpu ${r.cpuMsPerRequest ?? '–'} ms/req` +
              `  load ${loadAvg1}` +
              `  errors ${r.non2xx + r.gqlErrors + r.connErrors}/${r.requests}  rss ${r.rssPeakMb ?? '–'} MB`,
          );
          for (const e of r.sampleErrors) log(`    error sample: ${e}`);
          if (r.sampleErrors.some((e) => e.includes('QUERY_TOO_COMPLEX')))
            notes.push(`${s.scenario}: the server refused the operation as too complex (QUERY_TOO_COMPLEX) — see the error sample in the JSON`);
          if (s.share !== undefined && r.seconds < opts.duration * 0.9)
            notes.push(`${s.scenario} at ${connections} connections ran ${r.seconds} s: it used up its share of open requests (${maxRequests})`);
        }
      }
      if (server) await settle('end');
    } finally {
      if (server) await stopChild(server.proc);
      await cancelLeftovers().catch(() => 0);
      await endMonitor();
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
      `Accord runs as \`npm start\` starts it (node ${START_FLAGS.join(' ') || 'without options'}) with NODE_ENV=production, LOG_LEVEL=${process.env.BENCH_SERVER_LOG_LEVEL || 'info'} (one JSON access-log line per request, written to a file), its scheduler running and RATE_LIMIT_PER_MINUTE=0; one server process at a time, a fresh one per scenario, PG_POOL_MAX ${process.env.PG_POOL_MAX || 10} for Accord and the floor.`,
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
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
