/**
 * Counts the SQL statements (and their time) each request runs. The HTTP layer opens a
 * scope per request with AsyncLocalStorage; the TypeORM logger below adds to it. Tests
 * assert statement counts; in non-production mode responses carry them in
 * `extensions.sql`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { escapesTransaction } from '../shared/transaction';

export interface SqlStats {
  statements: number;
  ms: number;
}

const storage = new AsyncLocalStorage<SqlStats>();

export function withSqlCounter<T>(fn: () => T, stats: SqlStats = { statements: 0, ms: 0 }): T {
  return storage.run(stats, fn);
}

export function currentSqlStats(): SqlStats | undefined {
  return storage.getStore();
}

/** Run `fn` and report how many statements it ran. */
export async function countSql<T>(fn: () => Promise<T>): Promise<{ result: T; stats: SqlStats }> {
  const stats: SqlStats = { statements: 0, ms: 0 };
  const result = await storage.run(stats, fn);
  return { result, stats };
}

/** Told of each statement that runs outside the transaction its caller is in (tests fail on it). */
let onEscape: ((query: string) => void) | null = null;
export function onQueryOutsideTransaction(handler: ((query: string) => void) | null): void {
  onEscape = handler;
}

/** TypeORM logger that counts statements into the current scope and logs nothing else but errors. */
export class CountingSqlLogger implements TypeOrmLogger {
  constructor(private readonly onError?: (message: string) => void) {}
  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    const stats = storage.getStore();
    if (stats) stats.statements += 1;
    if (onEscape && escapesTransaction(queryRunner)) onEscape(query);
  }
  logQueryError(error: string | Error, query: string): void {
    this.onError?.(`${error instanceof Error ? error.message : error} in ${query.slice(0, 200)}`);
  }
  logQuerySlow(time: number): void {
    const stats = storage.getStore();
    if (stats) stats.ms += time;
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
