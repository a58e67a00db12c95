/**
 * Builds the project only when dist/ is missing or older than its sources, so that
 * `npm start`, `npm run token` and the other commands answer at once when nothing changed.
 * `--stamp` records a finished build (run at the end of `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['src', 'seeds', 'bench', 'web', 'ormconfig.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

if (process.argv.includes('--stamp')) {
  // The build began before this: a source saved during it stays newer than the stamp.
  const started = Number(process.env.ACCORD_BUILD_STARTED) || Date.now();
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  fs.utimesSync(stamp, new Date(started), new Date(started));
  process.exit(0);
}

/** Folders that hold no source: installed packages and the bench's measurements. */
const SKIP = new Set(['node_modules', 'results']);

/** The newest modification time under `p` (files and folders: a deleted file changes its folder); links are not followed. */
function newest(p) {
  let stat;
  try {
    stat = fs.lstatSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) if (!SKIP.has(name)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const changed = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (built && changed <= built) process.exit(0);

process.stderr.write(built ? 'sources changed since the last build: building…\n' : 'no build yet: building…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The build's own output goes to stderr: stdout stays the command's (a token, say).
const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 'inherit'], env: { ...process.env, ACCORD_BUILD_STARTED: String(Date.now()) } });
process.exit(r.status ?? 1);
