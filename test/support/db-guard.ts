/**
 * Runs before every test file (jest `setupFilesAfterEnv`) and fails the test during which
 * the code under test breaks one of the connection rules:
 *
 * - one query at a time per connection: a second `client.query()` while the client is
 *   still executing one (pg queues it today, warns "Calling client.query() when the client
 *   is already executing a query is deprecated", and refuses it from pg 9);
 * - that deprecation warning itself, however it was reached (needs test/support/environment.js);
 * - inside a transaction every query goes through its manager: a statement on another
 *   connection while `inTransaction` runs (src/shared/transaction.ts) is reported by the
 *   TypeORM logger (src/db/sql-counter.ts).
 *
 * Each test file has its own module registry, so this patches the `pg` the file's code uses.
 */
import { Client } from 'pg';
import { onQueryOutsideTransaction } from '../../src/db/sql-counter';

const problems: string[] = [];
const where = () => (new Error().stack ?? '').split('\n').slice(3, 15).join('\n');
const sqlOf = (arg: unknown) =>
  String(typeof arg === 'string' ? arg : ((arg as { text?: string } | null)?.text ?? '(query object)'))
    .replace(/\s+/g, ' ')
    .slice(0, 160);

type QueryingClient = { pipeline?: boolean; _activeQuery?: unknown; _queryQueue?: unknown[] };
const proto = Client.prototype as unknown as { query: (this: QueryingClient, ...args: unknown[]) => unknown };
const query = proto.query;
if (!Array.isArray((new Client() as unknown as QueryingClient)._queryQueue)) {
  throw new Error('test/support/db-guard.ts: pg.Client has no _queryQueue any more; update the concurrent-query check to this pg version');
}
proto.query = function guardedQuery(this: QueryingClient, ...args: unknown[]) {
  if (!this.pipeline && (this._activeQuery || (this._queryQueue?.length ?? 0) > 0)) {
    problems.push(`a query was sent on a connection that is still executing one: ${sqlOf(args[0])}\n${where()}`);
  }
  return query.apply(this, args);
};

// The worker's process warnings, collected by test/support/environment.js (a file's `process` is a copy).
const warnings = (globalThis as { __accordProcessWarnings?: { name: string; message: string; stack?: string }[] }).__accordProcessWarnings;
function pgWarnings(): void {
  for (const w of warnings?.splice(0) ?? []) {
    if (w.name === 'DeprecationWarning' && /client is already executing a query/.test(w.message)) problems.push(`pg: ${w.message}\n${w.stack ?? ''}`);
  }
}

onQueryOutsideTransaction((sql) => problems.push(`a query ran outside the transaction its caller is in: ${sqlOf(sql)}\n${where()}`));

function check(): void {
  pgWarnings();
  const found = problems.splice(0);
  if (found.length) throw new Error(`database connection rules broken (test/support/db-guard.ts):\n\n${found.join('\n\n')}`);
}

afterEach(check);
afterAll(async () => {
  // A process warning is emitted on a later tick than the call that caused it.
  await new Promise((resolve) => setImmediate(resolve));
  onQueryOutsideTransaction(null);
  proto.query = query;
  check();
});
