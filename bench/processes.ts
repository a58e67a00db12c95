/** The bench's processes: the servers it starts and stops, the database it administers, the callers' tokens. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { freePort } from '../src/shared/free-port';
import type { Machine } from './report';

export const ROOT = path.resolve(__dirname, '../..');
export const BENCH_DIR = path.join(ROOT, 'bench');
export const MAIN_JS = path.join(ROOT, 'dist/src/main.js');
/** Node's options in `npm start` (package.json): the bench runs the server as it is started in production. */
export const START_FLAGS: string[] = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((t) => t.startsWith('--'));
export const FLOOR_JS = path.join(__dirname, 'floor.js');
/** PostGraphile v4 lives in its own folder with its own lock file (it needs graphql 15). */
export const POSTGRAPHILE_DIR = path.join(ROOT, 'bench/postgraphile');
export const POSTGRAPHILE_JS = path.join(POSTGRAPHILE_DIR, 'server.js');

/** Install bench/postgraphile from its lock file on first use (never part of the app's npm ci). */
export function ensurePostgraphile(): void {
  if (fs.existsSync(path.join(POSTGRAPHILE_DIR, 'node_modules/postgraphile/package.json'))) return;
  process.stderr.write('installing PostGraphile v4 into bench/postgraphile (npm ci, its own lock file)\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: POSTGRAPHILE_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ci in ${POSTGRAPHILE_DIR} failed (exit ${r.status}): the generic reads need PostGraphile beside Accord`);
}

export const log = (line: string) => process.stderr.write(`${line}\n`);

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function waitReady(url: string, proc: ChildProcess, what: string, timeoutMs = 90_000): Promise<void> {
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

export const children = new Set<ChildProcess>();

export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
  children.delete(proc);
}

export interface Started {
  proc: ChildProcess;
  baseUrl: string;
  logFile: string;
}

export async function startProcess(what: string, script: string, env: Record<string, string>, readyPath: string, nodeFlags: string[] = []): Promise<Started> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `accord-bench-${what}-${port}.log`);
  const fd = fs.openSync(logFile, 'w');
  const proc = spawn(process.execPath, [...nodeFlags, script], {
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

export async function machine(url: string, embedded: boolean): Promise<Machine> {
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

/** Bearer tokens for the bench's callers: a regulator per member and an analyst, signed with the server's secret. */
export async function benchTokens(jwtSecret: string, memberCodes: string[]): Promise<Map<string, string>> {
  const secret = new TextEncoder().encode(jwtSecret);
  const tokens = new Map<string, string>();
  for (const code of memberCodes) {
    tokens.set(
      code,
      await new SignJWT({ role: 'REGULATOR', jurisdiction: code, handle: `bench-${code.toLowerCase()}` })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`bench-regulator-${code.toLowerCase()}`)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(secret),
    );
  }
  tokens.set(
    'analyst',
    await new SignJWT({ role: 'ANALYST', handle: 'bench-analyst' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('bench-analyst')
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(secret),
  );
  return tokens;
}

/** Watches the bench's own server processes in PostgreSQL (application names). */
export async function serverMonitor(
  url: string,
): Promise<{ pgBusy: () => Promise<boolean>; cancelLeftovers: () => Promise<number>; end: () => Promise<void> }> {
  const monitor = new Client({ connectionString: url, application_name: 'accord-bench-monitor' });
  await monitor.connect();
  const SERVER_APPS = ['accord', 'accord-bench-floor', 'accord-bench-postgraphile'];
  const pgBusy = async () =>
    Number(
      (
        await monitor.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
      AND pid <> pg_backend_pid() AND application_name = ANY($1)`,
          [SERVER_APPS],
        )
      ).rows[0].n,
    ) > 0;
  /** Cancel what the bench's own server processes left running in PostgreSQL. */
  const cancelLeftovers = async () =>
    Number(
      (
        await monitor.query(
          `SELECT count(pg_cancel_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
      AND pid <> pg_backend_pid() AND application_name = ANY($1)`,
          [SERVER_APPS],
        )
      ).rows[0].n,
    );

  return { pgBusy, cancelLeftovers, end: () => monitor.end() };
}
