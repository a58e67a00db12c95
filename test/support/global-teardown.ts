import type { EmbeddedDatabase } from '../../src/db/embedded';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV } from './db-server';

/** Drops the template and any test database a crashed file left behind; stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (adminUrl && template) {
    const stamp = template.replace('accord_tpl_', '');
    const rows = (await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `accord_t_${stamp}_%`])) as {
      datname: string;
    }[];
    for (const { datname } of rows) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const embedded = (globalThis as Record<string, unknown>).__ACCORD_EMBEDDED__ as EmbeddedDatabase | undefined;
  if (embedded) await embedded.stop();
}
