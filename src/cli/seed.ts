/** `npm run seed`: load the reference data (idempotent; migrates first). */
import 'reflect-metadata';
import { readConfig } from '../config/env';
import { migrate, openDatabase } from '../db/bootstrap';
import { createLogger } from '../shared/logger';
import { loadSeeds } from '../../seeds/load';
import { loadExampleWorkflows } from '../../seeds/workflows';

async function run(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const db = await openDatabase(config, logger);
  try {
    await migrate(db.dataSource, logger);
    const counts = await loadSeeds(db.dataSource, { onStep: (step, n) => logger.info({ step, inserted: n }, 'seed step') });
    logger.info({ counts }, 'seeds loaded');
    if (!process.argv.includes('--reference-only') && (await loadExampleWorkflows(db.dataSource, config))) logger.info('example workflow cases loaded');
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  process.stderr.write(`seeding failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
