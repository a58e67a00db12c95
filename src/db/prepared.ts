/**
 * Statements PostgreSQL prepares once per pooled connection: it parses a named statement
 * once (and may reuse its plan), and the text is not sent again. A text is named after its
 * hash, so one text has one name; at most MAX_PREPARED texts are named per process, and any
 * text after those runs unnamed, as any other statement. Logged (and counted) like any
 * statement. Outside transactions only: a transaction's statements go through its manager.
 */
import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

export const MAX_PREPARED = 256;
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) {
    name = `accord_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

export async function queryPrepared<T>(ds: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const name = nameOf(text);
  if (name === undefined) return ds.query<T[]>(text, values);
  // Straight to the pool TypeORM holds (a query runner per statement cost more than the statement's parse).
  const pool = (ds.driver as unknown as { master: Pool }).master;
  ds.logger.logQuery(text, values);
  try {
    return (await pool.query<T & QueryResultRow>({ name, text, values })).rows;
  } catch (err) {
    ds.logger.logQueryError(err as Error, text, values);
    throw err;
  }
}

/** How many texts are named (for tests). */
export function preparedCount(): number {
  return names.size;
}
