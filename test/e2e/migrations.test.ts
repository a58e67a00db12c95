import { createDataSource } from '../../ormconfig';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV, withDatabase } from '../support/db-server';

const adminUrl = () => process.env[ADMIN_URL_ENV]!;

/** Application tables (TypeORM's own bookkeeping tables `migrations` and `typeorm_metadata` aside). */
async function tables(ds: ReturnType<typeof createDataSource>): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata') ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * TypeORM's schema builder reads the tables, columns and enum types with `Promise.all` on its
 * one query runner, i.e. several queries at once on one connection (pg deprecates that and
 * refuses it from pg 9; test/support/db-guard.ts fails on it). Its runners here send them one
 * after the other.
 */
function oneQueryAtATime(ds: ReturnType<typeof createDataSource>): void {
  const createQueryRunner = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (...args: Parameters<typeof createQueryRunner>) => {
    const runner = createQueryRunner(...args);
    const query = runner.query.bind(runner);
    let previous: Promise<unknown> = Promise.resolve();
    runner.query = ((...q: Parameters<typeof query>) => {
      const next = previous.then(() => query(...q));
      previous = next.catch(() => undefined);
      return next;
    }) as typeof runner.query;
    return runner;
  };
}

describe('migrations', () => {
  it('apply to an empty database, match the entities exactly, and revert to nothing', async () => {
    const name = `${process.env[TEMPLATE_ENV]!.replace('accord_tpl_', 'accord_t_')}_migr`;
    await adminQuery(adminUrl(), `CREATE DATABASE "${name}"`);
    const ds = createDataSource(withDatabase(adminUrl(), name));
    await ds.initialize();
    oneQueryAtATime(ds);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBe(ds.migrations.length);
      expect(await tables(ds)).toEqual(expect.arrayContaining(['audit_event', 'consortium', 'jurisdiction', 'membership', 'principal']));

      // The entities describe exactly the schema the migrations built: nothing to synchronize.
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);

      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables(ds)).toEqual([]);
      expect(await ds.showMigrations()).toBe(true);
    } finally {
      await ds.destroy();
      await adminQuery(adminUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
