/** `npm run migrate` (apply pending migrations) and `npm run migrate:revert` (undo the last one). */
import 'reflect-metadata';
import { readConfig } from '../config/env';
import { migrate, openDatabase } from '../db/bootstrap';
import { createLogger } from '../shared/logger';

async function run(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const db = await openDatabase(config, logger);
  try {
    if (process.argv.includes('--revert')) {
      await db.dataSource.undoLastMigration({ transaction: 'each' });
      logger.info('last migration reverted');
    } else {
      const applied = await migrate(db.dataSource, logger);
      logger.info({ applied: applied.length }, applied.length ? 'migrations applied' : 'database is up to date');
    }
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
