/** Statements prepared once per connection (src/db/prepared.ts), against a real PostgreSQL. */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { countSql } from '../../src/db/sql-counter';
import { MAX_PREPARED, preparedCount, queryPrepared } from '../../src/db/prepared';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let ds: DataSource; // one connection: what it has prepared can be read back
beforeAll(async () => {
  t = await createTestApp();
  ds = createDataSource(t.databaseUrl, { extra: { max: 1 } });
  await ds.initialize();
});
afterAll(async () => {
  await ds.destroy();
  await t.close();
});

const prepared = async (text: string) =>
  (await ds.query<{ name: string }[]>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text])).map((r) => r.name);

describe('queryPrepared', () => {
  it('answers like an unnamed statement, is counted, and is prepared once per connection under one name', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    const { result, stats } = await countSql(() => queryPrepared<{ n: number }>(ds, text, [41]));
    expect(result).toEqual([{ n: 42 }]);
    expect(stats.statements).toBe(1);
    expect(await queryPrepared<{ n: number }>(ds, text, [1])).toEqual([{ n: 2 }]);
    const names = await prepared(text);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^accord_[0-9a-f]{24}$/);
  });

  it('names at most MAX_PREPARED texts; later texts run unnamed and still answer', async () => {
    const before = preparedCount();
    for (let i = 0; i < MAX_PREPARED - before; i++) await queryPrepared(ds, `SELECT ${i}::int AS n`, []);
    expect(preparedCount()).toBe(MAX_PREPARED);
    const late = 'SELECT $1::text AS late';
    expect(await queryPrepared<{ late: string }>(ds, late, ['yes'])).toEqual([{ late: 'yes' }]);
    expect(preparedCount()).toBe(MAX_PREPARED);
    expect(await prepared(late)).toEqual([]);
  });

  it('reports a failing statement as the driver raised it', async () => {
    await expect(queryPrepared(ds, 'SELECT 1 / $1::int AS n', [0])).rejects.toThrow(/division by zero/);
    expect(await queryPrepared<{ n: number }>(ds, 'SELECT 1 / $1::int AS n', [1])).toEqual([{ n: 1 }]);
  });
});
