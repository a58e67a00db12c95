/**
 * `npm start`: open the database (embedded PostgreSQL when DATABASE_URL is unset),
 * migrate, seed an empty database, serve, and shut down gracefully on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { readConfig } from './config/env';
import { migrate, openDatabase, redactUrl } from './db/bootstrap';
import { createApp } from './http/app';
import { createLogger } from './shared/logger';
import { systemClock } from './shared/clock';
import { loadSeeds } from '../seeds/load';
import { loadExampleWorkflows } from '../seeds/workflows';
import { Scheduler } from './scheduler/scheduler';
import { createTasks } from './scheduler/tasks';

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger);
  logger.info({ database: redactUrl(db.url), embedded: Boolean(db.embedded) }, 'database open');
  if (config.migrateOnStart) await migrate(db.dataSource, logger);
  if (config.seedOnStart) {
    const [{ count }]: { count: number }[] = await db.dataSource.query('SELECT count(*)::int AS count FROM jurisdiction');
    if (count === 0) {
      const counts = await loadSeeds(db.dataSource, { clock: systemClock, onStep: (step, n) => logger.info({ step, inserted: n }, 'seed step') });
      logger.info({ counts }, 'seeds loaded');
      if (await loadExampleWorkflows(db.dataSource, config)) logger.info('example workflow cases loaded');
    }
  }
  const app = await createApp({ dataSource: db.dataSource, config, clock: systemClock, logger });
  const scheduler = new Scheduler({ databaseUrl: db.url, clock: systemClock, logger, tasks: createTasks(app.services) });
  await scheduler.start();
  const port = await app.listen(config.port);
  logger.info({ port }, 'listening');
  // The one line a person reads first.
  process.stderr.write(
    `\nAccord is ready: http://localhost:${port}/ (explorer), http://localhost:${port}/graphql (API), /graphiql, /register, /concordance\n\n`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000); // the job queue may take 5 s, the HTTP drain SHUTDOWN_TIMEOUT_MS
    force.unref();
    // Stops the job queue (its pool and timers), drains HTTP and WebSocket, ends the LISTEN
    // connection and the pool, then the embedded database; each step runs even if one before failed.
    let failed = false;
    const step = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        logger.error({ err, step: name }, 'error during shutdown');
      }
    };
    await step('job queue', () => scheduler.stop());
    await step('server', () => app.stop());
    if (db.embedded) await step('embedded database', () => db.embedded!.stop());
    logger.info('stopped');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Accord failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
