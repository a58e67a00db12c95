/**
 * `npm run lint`: ESLint, Prettier's check and dependency-cruiser's import rules, each run even
 * when an earlier one fails, then one line per check saying which passed and which failed.
 * Exits non-zero when any failed. Each check also runs alone: `npm run lint:eslint`,
 * `npm run lint:format`, `npm run lint:deps`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The commands themselves are package.json's lint:* scripts; run them with the npm that runs us.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

const CHECKS = [
  { name: 'eslint', script: 'lint:eslint' },
  { name: 'prettier', script: 'lint:format' },
  { name: 'dependency-cruiser', script: 'lint:deps' },
];

const results = CHECKS.map((check) => {
  console.log(`== lint: ${check.name} (npm run ${check.script})`);
  const started = Date.now();
  const run = spawnSync(npm[0], [...npm.slice(1), 'run', check.script], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  const outcome = ok ? 'passed' : run.error ? `could not run: ${run.error.message}` : `FAILED (exit ${run.status ?? run.signal})`;
  return { ...check, ok, line: `${check.name}: ${outcome} in ${seconds} s` };
});

console.log('== lint summary');
for (const r of results) console.log(`   ${r.line}`);
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`== lint failed: ${failed.map((r) => `${r.name} (npm run ${r.script})`).join(', ')}`);
  process.exit(1);
}
