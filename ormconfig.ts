/**
 * The one TypeORM DataSource of Accord, used by the server and by the TypeORM CLI
 * (`npx typeorm -d dist/ormconfig.js migration:show`). Schema changes go through
 * migrations only: `synchronize` is off.
 *
 * Without DATABASE_URL it points at the embedded PostgreSQL (`npm start` starts it
 * first; see src/db/embedded.ts).
 */
import 'reflect-metadata';
import type { ClientBase } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { readConfig, readPoolConfig } from './src/config/env';
import path from 'node:path';
import { storedEmbeddedUrl } from './src/db/embedded';
import { entities } from './src/app/modules';
import { SnakeNamingStrategy } from './src/db/naming';
import { CountingSqlLogger } from './src/db/sql-counter';
import { migrations } from './src/migrations';

/**
 * The pg pool's options (PG_POOL_MAX and the timeouts, README "Configuration"): a query that
 * cannot get a connection within PG_CONNECTION_TIMEOUT_MS fails (SERVICE_UNAVAILABLE) instead of
 * waiting for ever; PostgreSQL ends a statement running longer than PG_STATEMENT_TIMEOUT_MS and
 * a session left idle inside a transaction for PG_IDLE_IN_TRANSACTION_TIMEOUT_MS, so no
 * connection stays held. `overrides` (tests, bench) replace single keys.
 */
export function poolOptions(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const pool = readPoolConfig();
  return {
    max: pool.max,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    statement_timeout: pool.statementTimeoutMs,
    idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
    application_name: 'accord',
    // No JIT compilation: the harmonized reads are short, index-driven statements whose cost
    // estimates pass jit_above_cost, and compiling them cost ~35 ms each (bench/RESULTS.md).
    options: '-c jit=off',
    onConnect: listenForErrors,
    ...overrides,
  };
}

/**
 * Every connection of the pool keeps an 'error' listener for its whole life. pg-pool hands a new
 * connection to TypeORM, which adds its own listener a tick later; a connection terminated in
 * between (the server's FATAL 57P01 arriving with the end of the handshake) emitted an 'error'
 * that nobody listened to, and the process died. The failure itself still reaches the caller
 * (the query fails; the pool drops the connection and emits its own 'error').
 */
function listenForErrors(client: ClientBase): void {
  client.on('error', () => undefined);
}

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  const { extra: poolOverrides, ...rest } = extra as { extra?: Record<string, unknown> };
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
    ...rest,
    extra: poolOptions(poolOverrides),
  };
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

const config = readConfig();
const dataSource = createDataSource(config.databaseUrl ?? storedEmbeddedUrl(path.join(config.dataDir, 'pg'), config.embeddedPgPort));
export default dataSource;
