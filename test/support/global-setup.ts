import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../ormconfig';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../../src/shared/free-port';
import { loadSeeds } from '../../seeds/load';
import { ManualClock } from '../../src/shared/clock';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV, testDataDir, withDatabase } from './db-server';

/**
 * Finds or starts a PostgreSQL server, then builds one template database (migrated and
 * seeded) that every e2e test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (adminUrl) {
    adminUrl = withDatabase(adminUrl, new URL(adminUrl).pathname.slice(1) || 'postgres');
  } else {
    const embedded = await startEmbeddedPostgres({
      dir: testDataDir(),
      // A free port unless one is named, so test runs from several clones do not collide.
      port: Number(process.env.TEST_EMBEDDED_PG_PORT) || (await freePort()),
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
    (globalThis as Record<string, unknown>).__ACCORD_EMBEDDED__ = embedded;
  }
  const template = `accord_tpl_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
  const ds = createDataSource(withDatabase(adminUrl, template));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadSeeds(ds, { clock: new ManualClock('2026-01-01T00:00:00Z') });
  } finally {
    await ds.destroy();
  }
  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
}
