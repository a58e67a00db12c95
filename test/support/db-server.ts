/**
 * Where the test databases live: TEST_DATABASE_URL, else DATABASE_URL (its server; each
 * test file gets its own database there), else an embedded PostgreSQL under .data/test-pg.
 */
import path from 'node:path';
import { Client } from 'pg';

export const TEMPLATE_ENV = 'ACCORD_TEST_TEMPLATE_DB';
export const ADMIN_URL_ENV = 'ACCORD_TEST_ADMIN_URL';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function testDataDir(): string {
  return path.resolve(__dirname, '../../.data/test-pg');
}
