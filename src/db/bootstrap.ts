/**
 * Opens the database the configuration names: DATABASE_URL, else the embedded PostgreSQL
 * under <dataDir>/pg. Optionally runs pending migrations and loads the seeds.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import type { AppConfig } from '../config/env';
import type { Logger } from '../shared/logger';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  dataSource: DataSource;
  url: string;
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, logger });
    url = embedded.url;
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
  } catch (err) {
    if (embedded) await embedded.stop();
    throw err;
  }
  return {
    dataSource,
    url,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

/** Apply pending migrations; returns the names applied. */
export async function migrate(dataSource: DataSource, logger: Logger): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
  return applied.map((m) => m.name);
}

/** Redacts the password of a connection URL for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
