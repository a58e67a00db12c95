/**
 * A whole Accord server for one test file, on its own database cloned from the template:
 * `gql` runs operations through Apollo's executeOperation as a seeded principal (or
 * anonymously); `http` talks to the real HTTP server once `listen()` was called.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { readConfig, type AppConfig } from '../../src/config/env';
import { countSql, type SqlStats } from '../../src/db/sql-counter';
import { createApp, type AccordApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import type { AuthPrincipal } from '../../src/shared/actor';
import type { Role } from '../../src/shared/role';
import { ManualClock } from '../../src/shared/clock';
import principals from '../../seeds/data/principals.json';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV, withDatabase } from './db-server';

export const TEST_JWT_SECRET = 'test-secret-for-accord-e2e-0123456789';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
}

export type As = string | AuthPrincipal | null;

export interface TestApp {
  app: AccordApp;
  ds: DataSource;
  clock: ManualClock;
  config: AppConfig;
  databaseName: string;
  databaseUrl: string;
  /** Run an operation as a seeded principal's handle, an ad-hoc principal, or anonymously (null). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: As): Promise<GqlResult<T>>;
  /** Same, and count the SQL statements it ran. */
  gqlCounted<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: As): Promise<{ result: GqlResult<T>; sql: SqlStats }>;
  /** Data of a successful operation; throws with the errors otherwise. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: As): Promise<T>;
  principal(handle: string): AuthPrincipal;
  token(handle: string): Promise<string>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function seededPrincipal(handle: string): AuthPrincipal {
  const p = principals.find((x) => x.handle === handle);
  if (!p) throw new Error(`no seeded principal ${handle}`);
  return { id: p.id, role: p.role as Role, jurisdiction: p.jurisdiction, handle: p.handle };
}

export async function createTestApp(opts: { env?: Record<string, string>; start?: string } = {}): Promise<TestApp> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!adminUrl || !template) throw new Error('the jest global setup did not run');
  const databaseName = `accord_t_${template.replace('accord_tpl_', '')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
  const databaseUrl = withDatabase(adminUrl, databaseName);
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  const clock = new ManualClock(opts.start ?? '2026-03-02T09:00:00Z');
  const config: AppConfig = { ...readConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...opts.env }) };
  const app = await createApp({ dataSource: ds, config, clock, logger: createLogger('silent') });
  let baseUrl: string | undefined;

  const resolveAs = (as: As | undefined): AuthPrincipal | null => (as === undefined || as === null ? null : typeof as === 'string' ? seededPrincipal(as) : as);

  const gql = async <T>(query: string, variables?: Record<string, unknown>, as?: As): Promise<GqlResult<T>> => {
    const response = await app.apollo.executeOperation({ query, variables }, { contextValue: app.createContext(resolveAs(as)) });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    // As a client sees it on the wire (scalars such as DateTime serialise through JSON).
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GqlResult<T>;
  };

  const t: TestApp = {
    app,
    ds,
    clock,
    config,
    databaseName,
    databaseUrl,
    gql,
    async gqlCounted(query, variables, as) {
      const { result, stats } = await countSql(() => gql(query, variables, as));
      return { result: result as never, sql: stats };
    },
    async ok(query, variables, as) {
      const r = await gql(query, variables, as);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as never;
    },
    principal: seededPrincipal,
    token: (handle) => {
      const p = seededPrincipal(handle);
      return app.tokens.sign({ sub: p.id, role: p.role, jurisdiction: p.jurisdiction, handle: p.handle });
    },
    async listen() {
      if (!baseUrl) baseUrl = `http://127.0.0.1:${await app.listen(0)}`;
      return baseUrl;
    },
    async close() {
      await app.stop().catch(() => undefined);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    },
  };
  return t;
}

/** The extension code of the first error (undefined when none). */
export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}
