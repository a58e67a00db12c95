/**
 * The one TypeORM DataSource of Accord, used by the server and by the TypeORM CLI
 * (`npx typeorm -d dist/ormconfig.js migration:show`). Schema changes go through
 * migrations only: `synchronize` is off.
 *
 * Without DATABASE_URL it points at the embedded PostgreSQL (`npm start` starts it
 * first; see src/db/embedded.ts).
 */
import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { readConfig } from './src/config/env';
import { embeddedUrl } from './src/db/embedded';
import { entities } from './src/db/entities';
import { SnakeNamingStrategy } from './src/db/naming';
import { CountingSqlLogger } from './src/db/sql-counter';
import { migrations } from './src/migrations';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+; extensions are created by migrations.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Counts statements per request (src/db/sql-counter.ts); the tiny threshold makes
    // TypeORM report every statement's duration to it.
    logger: new CountingSqlLogger((message) => process.env.LOG_SQL_ERRORS === 'true' && process.stderr.write(`sql error: ${message}\n`)),
    maxQueryExecutionTime: 1e-6,
    extra: { max: Number(process.env.PG_POOL_MAX || 10), application_name: 'accord' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

const config = readConfig();
const dataSource = createDataSource(config.databaseUrl ?? embeddedUrl(config.embeddedPgPort));
export default dataSource;
