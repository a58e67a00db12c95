/**
 * `npm run read-model` checks the read model of group summaries (harmonized_subtree) against
 * the mappings it derives from: exit 0 when it agrees, 1 when it does not.
 * `npm run read-model -- --rebuild` rebuilds it from the mappings (writes to the mappings wait
 * meanwhile; reads go on), then checks it.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { readConfig } from '../config/env';
import { migrate, openDatabase } from '../db/bootstrap';
import { createLogger } from '../shared/logger';
import { checkSubtreeModel, consistent, rebuildSubtreeModel, type SubtreeModelCheck } from '../modules/harmonized/read-model';

const describe = (c: SubtreeModelCheck) => `${c.rows} rows; ${c.missing} missing, ${c.extra} extra, ${c.differing} with another count`;

async function run(): Promise<number> {
  let rebuild: boolean | undefined;
  try {
    rebuild = parseArgs({ options: { rebuild: { type: 'boolean' } } }).values.rebuild;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\nusage: npm run read-model [-- --rebuild]\n`);
    return 2;
  }
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, logger);
  try {
    await migrate(db.dataSource, logger);
    if (rebuild) {
      const started = Date.now();
      const after = await rebuildSubtreeModel(db.dataSource);
      process.stdout.write(`harmonized_subtree rebuilt from the mappings in ${Date.now() - started} ms: ${describe(after)}\n`);
      return 0;
    }
    const check = await checkSubtreeModel(db.dataSource);
    const ok = consistent(check);
    process.stdout.write(`harmonized_subtree ${ok ? 'agrees with' : 'DIFFERS from'} the mappings: ${describe(check)}\n`);
    if (!ok) process.stdout.write('run `npm run read-model -- --rebuild` to rebuild it\n');
    return ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`read-model failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
