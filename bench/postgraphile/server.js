/**
 * PostGraphile v4 over the bench database, beside Accord in `npm run bench`:
 * the generic GraphQL-to-SQL layer the generic reads are compared with. Run by
 * bench/run.ts (which installs this folder with `npm ci` on first use); not part of the
 * app. Environment: DATABASE_URL, PORT, PG_POOL_MAX (default 10, as Accord's).
 *
 * Options: the `public` schema, no mutations, no GraphiQL, no query log, no watch — a
 * read-only production setup; the pool carries application_name accord-bench-postgraphile
 * so the bench can wait for its queries to finish between runs.
 */
'use strict';
const http = require('node:http');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX || 10),
  application_name: 'accord-bench-postgraphile',
});

const middleware = postgraphile(pool, 'public', {
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  legacyRelations: 'omit',
  graphiql: false,
  disableQueryLog: true,
  enableQueryBatching: false,
  watchPg: false,
  retryOnInitFail: false,
  extendedErrors: [],
});

const server = http.createServer((req, res) => {
  if (req.url === '/readyz') {
    // Ready once the schema is built (introspection done) and the database answers.
    Promise.resolve(middleware.getGraphQLSchema())
      .then(() => pool.query('SELECT 1'))
      .then(
        () => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); },
        (err) => { res.writeHead(503, { 'content-type': 'text/plain' }); res.end(String(err && err.message)); },
      );
    return;
  }
  middleware(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 5050), '127.0.0.1');

const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
