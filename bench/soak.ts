/**
 * `npm run soak -- --minutes N`: a mixed read/write load at two server instances on one
 * database, then the checks: every acknowledged write is present, the audit chain is
 * valid, no request got INTERNAL_SERVER_ERROR, and memory stayed flat. Prints the figures.
 *
 * The database: `accord_soak` on DATABASE_URL's server (dropped and recreated), or the
 * embedded PostgreSQL under .data/soak-pg. Only 127.0.0.1 is targeted; the run is bounded
 * by --minutes (default 1).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { createDataSource } from '../ormconfig';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { loadSeeds } from '../seeds/load';
import principals from '../seeds/data/principals.json';

const ROOT = path.resolve(__dirname, fs.existsSync(path.resolve(__dirname, '../package.json')) ? '..' : '../..');
const SECRET = 'soak-secret-0123456789abcdef';

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function token(handle: string): Promise<string> {
  const p = principals.find((x) => x.handle === handle)!;
  return new SignJWT({ role: p.role, jurisdiction: p.jurisdiction, handle })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(p.id)
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(SECRET));
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '8' } } });
  const minutes = Math.min(Math.max(Number(values.minutes) || 1, 0.1), 120);
  const concurrency = Math.min(Math.max(Number(values.concurrency) || 8, 1), 64);
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const e = await startEmbeddedPostgres({ dir: path.join(ROOT, '.data/soak-pg'), port: 54359, database: 'postgres' });
    adminUrl = e.adminUrl;
    stopEmbedded = e.stop;
  }
  const admin = new Client({ connectionString: withDb(adminUrl, 'postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS accord_soak WITH (FORCE)');
  await admin.query('CREATE DATABASE accord_soak');
  await admin.end();
  const url = withDb(adminUrl, 'accord_soak');
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await loadSeeds(ds);
  await ds.query(
    `INSERT INTO taxonomy_node (code, parent_code, label, kind) VALUES ('SOAK', NULL, 'Soak items', 'EQUIPMENT'), ('SOAK.X', 'SOAK', 'Soak item', 'EQUIPMENT')`,
  );
  const [{ id: consortiumId }] = await ds.query('SELECT id FROM consortium LIMIT 1');

  const servers: { child: ChildProcess; base: string }[] = [];
  for (const port of [47811, 47812]) {
    const child = spawn('node', [path.join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        SEED_ON_START: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    servers.push({ child, base: `http://127.0.0.1:${port}` });
  }
  for (const s of servers) {
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`${s.base}/readyz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const tokens = { de: await token('de-regulator'), fr: await token('fr-regulator'), analyst: await token('analyst') };
  const counts = { requests: 0, ok: 0, coded: 0, internal: 0, network: 0 };
  const acknowledged: string[] = [];
  const rss: number[][] = [];
  const call = async (base: string, tok: string | null, query: string, variables: unknown) => {
    counts.requests += 1;
    try {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        if (body.errors.some((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR')) counts.internal += 1;
        else counts.coded += 1;
      } else counts.ok += 1;
      return body;
    } catch {
      counts.network += 1;
      return {};
    }
  };
  const ops = [
    (b: string) => call(b, null, `{ harmonizedItem(code: "BIO.EQP.FERMENTER") { mostRestrictiveTier divergences { kind } } }`, {}),
    (b: string) => call(b, null, `query($c: ID!) { concordance(consortiumId: $c, first: 50) { edges { node { cells { tier } } } } }`, { c: consortiumId }),
    (b: string) => call(b, null, `{ controlEntries(filter: { text: "fermenter" }) { totalCount } }`, {}),
    (b: string) => call(b, null, `{ publicRegister(first: 10) { totalCount } }`, {}),
    async (b: string) => {
      const r = await call(b, tokens.de, `mutation($i: LicenceDecisionInput!) { recordLicenceDecision(input: $i) { id } }`, {
        i: {
          applicant: 'Soak GmbH',
          endUser: { name: `Soak Lab ${counts.requests % 50}`, country: 'SG' },
          destination: 'SG',
          taxonomyCodes: ['SOAK.X'],
          outcome: 'GRANTED',
          rationale: 'soak',
        },
      });
      const id = r.data?.recordLicenceDecision?.id;
      if (id) {
        acknowledged.push(id);
        const f = await call(
          b === servers[0].base ? servers[1].base : servers[0].base,
          tokens.de,
          `mutation($i: FileRecognitionRequestInput!) { fileMutualRecognitionRequest(input: $i) { id } }`,
          {
            i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: id, concernedJurisdictions: ['FR'], justification: 'soak' },
          },
        );
        const rid = f.data?.fileMutualRecognitionRequest?.id;
        if (rid)
          await call(b, tokens.fr, `mutation($i: RecognitionResponseInput!) { respondToRecognitionRequest(input: $i) { status } }`, {
            i: { requestId: rid, decision: 'RECOGNIZE' },
          });
      }
    },
  ];
  const started = Date.now();
  const until = started + minutes * 60_000;
  const sampler = setInterval(() => rss.push(servers.map((s) => rssOf(s.child.pid!))), 5000);
  rss.push(servers.map((s) => rssOf(s.child.pid!)));
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        n += 1;
        await ops[n % ops.length](servers[n % 2].base);
      }
    }),
  );
  clearInterval(sampler);
  rss.push(servers.map((s) => rssOf(s.child.pid!)));
  const present = (await ds.query('SELECT count(*)::int AS n FROM licence_decision WHERE id = ANY($1)', [acknowledged]))[0].n;
  const chain = await call(servers[0].base, tokens.analyst, '{ auditChainStatus { valid checkedEvents } }', {});
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => new Promise((r) => s.child.on('exit', r))));
  await ds.destroy();
  if (stopEmbedded) await stopEmbedded();

  // Flat memory: compare the average of the first and last third of the samples (after warm-up).
  const third = Math.max(1, Math.floor(rss.length / 3));
  const avg = (xs: number[][], i: number) => xs.reduce((a, x) => a + x[i], 0) / xs.length;
  const growth = [0, 1].map((i) => avg(rss.slice(-third), i) / avg(rss.slice(1, 1 + third).length ? rss.slice(1, 1 + third) : rss.slice(0, 1), i) - 1);
  const seconds = (Date.now() - started) / 1000;
  const figures = {
    minutes,
    concurrency,
    requests: counts.requests,
    requestsPerSecond: Math.round(counts.requests / seconds),
    ok: counts.ok,
    codedErrors: counts.coded,
    internalErrors: counts.internal,
    networkErrors: counts.network,
    acknowledgedWrites: acknowledged.length,
    writesPresent: present,
    auditChainValid: chain.data?.auditChainStatus?.valid ?? false,
    auditEvents: chain.data?.auditChainStatus?.checkedEvents ?? 0,
    rssMbFirst: rss[0].map((x) => Math.round(x)),
    rssMbLast: rss.at(-1)!.map((x) => Math.round(x)),
    rssGrowthPercent: growth.map((g) => Math.round(g * 1000) / 10),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const passed =
    figures.internalErrors === 0 &&
    figures.writesPresent === figures.acknowledgedWrites &&
    figures.auditChainValid &&
    figures.rssGrowthPercent.every((g) => g < 25);
  process.stdout.write(
    `soak: ${passed ? 'PASSED' : 'FAILED'} — ${figures.writesPresent}/${figures.acknowledgedWrites} acknowledged writes present, audit chain ${figures.auditChainValid ? 'valid' : 'BROKEN'}, ${figures.internalErrors} internal errors, RSS growth ${figures.rssGrowthPercent.join('% / ')}%\n`,
  );
  process.exitCode = passed ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
