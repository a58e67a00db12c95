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
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}

/** The newest modification time under `p` (files and folders: a deleted file changes its folder). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const changed = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (built && changed <= built) process.exit(0);

process.stderr.write(built ? 'sources changed since the last build: building…\n' : 'no build yet: building…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The build's own output goes to stderr: stdout stays the command's (a token, say).
const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 'inherit'] });
process.exit(r.status ?? 1);
