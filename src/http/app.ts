/**
 * The HTTP server: Apollo at POST /graphql (type-graphql schema), liveness at /healthz,
 * readiness at /readyz, request ids and structured logs, graceful shutdown.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type Response, type NextFunction } from 'express';
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { createLoaders } from '../graphql/loaders';
import { buildAppSchema } from '../graphql/build-schema';
import type { Context } from '../graphql/context';
import { formatError, isDatabaseUnavailable } from '../graphql/format-error';
import type { Logger } from '../logger';
import type { AuthPrincipal } from '../shared/actor';
import { bearerToken, TokenService } from '../modules/auth/token.service';
import { createServices, type Services } from '../services';
import type { Clock } from '../shared/clock';
import { DomainError } from '../shared/errors';
import { concordanceCsv } from '../modules/harmonized/concordance-export';
import { createPubSub } from '@graphql-yoga/subscription';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { EventPubSub } from '../graphql/context';
import { EventListener } from '../modules/notifications/listener';
import { RegisterKind } from '../modules/register/register-entry.entity';
import helmet from 'helmet';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { armor, costPlugin, LIMITS } from '../graphql/limits';
import { inputGuardPlugin } from '../graphql/input-guard';
import { ResponseCache, responseCacheMiddleware } from './response-cache';
import { currentSqlStats, withSqlCounter } from '../db/sql-counter';
import { mountWeb } from './web';

/** The headers helmet sets with these options, recorded by running it once on a stand-in response. */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
    },
    removeHeader() {},
  };
  let done = false;
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

export interface AppDeps {
  dataSource: DataSource;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** LISTEN for events from every instance (subscriptions); default true. */
  listenForEvents?: boolean;
}

export interface AccordApp {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  tokens: TokenService;
  /** Build a context as a request would get it; for tests and in-process callers. */
  createContext(principal: AuthPrincipal | null, requestId?: string): Context;
  /** Listen on `port` (0 = any free port); resolves with the bound port. */
  listen(port: number): Promise<number>;
  /** Stop accepting, drain in-flight requests, then close the pool. */
  stop(): Promise<void>;
  isReady(): Promise<{ ready: boolean; reason?: string }>;
  /** This instance's event stream; `events.ready` resolves once LISTEN is active. */
  pubSub: EventPubSub;
  /** The harmonized-view response cache, when HARMONIZED_CACHE is on. */
  cache: ResponseCache | null;
  events: EventListener | null;
}

const READY_TIMEOUT_MS = 2000;

export async function createApp(deps: AppDeps): Promise<AccordApp> {
  const { dataSource, config, clock, logger } = deps;
  const schema = await buildAppSchema();
  const services = createServices({ dataSource, clock, config });
  const tokens = new TokenService(config, async (id) =>
    (await dataSource.query('SELECT role, jurisdiction_code AS "jurisdictionCode" FROM principal WHERE id = $1', [id]))[0] ?? null);
  const app = express();
  const httpServer = http.createServer(app);
  let stopping = false;
  const pubSub = createPubSub() as unknown as EventPubSub;
  const databaseUrl = (dataSource.options as { url?: string }).url;
  const cache = config.harmonizedCache ? new ResponseCache(config.harmonizedCacheMaxMb * 1024 * 1024) : null;
  const events = deps.listenForEvents === false || !databaseUrl ? null : new EventListener(databaseUrl, pubSub, logger, cache ?? undefined);
  if (events) await events.start();

  const createContext = (principal: AuthPrincipal | null, requestId: string = randomUUID()): Context => ({
    requestId,
    principal,
    loaders: createLoaders(dataSource, principal),
    logger: logger.child({ reqId: requestId }),
    clock,
    services,
    dataSource,
    pubSub,
  });

  const errorLogger: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const err of errors) {
            const original = err.originalError;
            if (original && !(original instanceof DomainError) && !(original instanceof GraphQLError)) {
              contextValue.logger.error({ err: original, path: err.path }, 'unexpected error');
            }
          }
        },
      };
    },
  };

  // Developers see each response's SQL statement count and time in extensions.sql.
  const sqlExtension: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const stats = currentSqlStats();
          if (stats && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sql: { statements: stats.statements, ms: Math.round(stats.ms * 100) / 100 },
            };
          }
        },
      };
    },
  };

  /** Close a subscription socket (4401) when its token expires; `onNext` below checks it too. */
  const closeWhenExpired = (extra: { socket: import('ws').WebSocket; expiresAt?: number }, expiresAt: number): void => {
    extra.expiresAt = expiresAt;
    const delay = Math.max(0, expiresAt - Date.now());
    if (delay > 2 ** 31 - 1) return; // beyond setTimeout's range: the check on each event still applies
    const timer = setTimeout(() => extra.socket.close(4401, 'the token has expired'), delay);
    timer.unref();
    extra.socket.once('close', () => clearTimeout(timer));
  };

  // GraphQL subscriptions over graphql-ws on the same path. The bearer token comes in the
  // connection's `authorization` parameter (or the upgrade request's header).
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsRules = [...specifiedRules, ...armor().validationRules];
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // Only subscriptions travel over WebSocket, under the same parse and validation limits as
      // HTTP; queries and mutations go through POST /graphql with its rate limit and guards.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (err) {
          return [new GraphQLError(err instanceof Error ? err.message : 'syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        if (ops.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'subscription')) {
          return [new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const errors = validate(schema, document, wsRules);
        return errors.length ? errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) : undefined;
      },
      context: async (ctx) => {
        const header = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization) as string | undefined;
        const token = bearerToken(header);
        return createContext(token ? await tokens.verify(token) : null);
      },
      onConnect: async (ctx) => {
        const header = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization) as string | undefined;
        try {
          const token = bearerToken(header);
          const principal = token ? await tokens.verify(token) : null;
          if (principal?.expiresAt !== undefined) closeWhenExpired(ctx.extra, principal.expiresAt);
          return true;
        } catch {
          return false; // closes with 4403
        }
      },
      // A subscription lives no longer than its token: nothing is sent once it has expired.
      onNext: (ctx) => {
        const expiresAt = (ctx.extra as { expiresAt?: number }).expiresAt;
        if (expiresAt !== undefined && Date.now() >= expiresAt) ctx.extra.socket.close(4401, 'the token has expired');
      },
    },
    wsServer,
  );

  const protection = armor();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    allowBatchedHttpRequests: true, // at most LIMITS.maxBatch operations per request (checked below)
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // src/main.ts owns shutdown: drain, then close the pool, then stop the embedded database
    introspection: config.nodeEnv !== 'production' || config.allowIntrospection,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }), // then open connections are cut
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(), // no per-field cache hints: measurably cheaper on 4,000-cell pages
      errorLogger,
      ...protection.plugins,
      costPlugin(schema),
      inputGuardPlugin,
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      ...(config.nodeEnv === 'production' ? [] : [sqlExtension]),
    ],
  });
  await apollo.start();

  async function isReady(): Promise<{ ready: boolean; reason?: string }> {
    if (stopping) return { ready: false, reason: 'shutting down' };
    const check = (async () => {
      await dataSource.query('SELECT 1');
      const pending = await dataSource.showMigrations();
      return pending ? { ready: false, reason: 'migrations pending' } : { ready: true };
    })();
    const timeout = new Promise<{ ready: boolean; reason: string }>((resolve) =>
      setTimeout(() => resolve({ ready: false, reason: 'database did not answer in time' }), READY_TIMEOUT_MS).unref(),
    );
    try {
      return await Promise.race([check, timeout]);
    } catch {
      return { ready: false, reason: 'database unreachable' };
    }
  }

  // Request id and access log.
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const reqId = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.locals.reqId = reqId;
    res.setHeader('x-request-id', reqId);
    const started = process.hrtime.bigint();
    const sql = { statements: 0, ms: 0 };
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { reqId, method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, sqlStatements: sql.statements },
        'request',
      );
    });
    withSqlCounter(next, sql);
  });

  // Security headers. Pages set their own Content-Security-Policy (src/http/web.ts).
  // helmet's headers do not depend on the request: recorded once, set in one step (its
  // chain of eleven middlewares showed at ~3 % of a simple read's CPU).
  const securityHeaders = helmetHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    next();
  });

  // Who is calling, once per request: the rate limit keys on it and the GraphQL context reuses it.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = bearerToken(req.header('authorization'));
      res.locals.principal = token ? await tokens.verify(token) : null;
    } catch (err) {
      // A token refused is UNAUTHENTICATED; a failure to check it (the principal lookup of
      // STRICT_TOKENS could not reach the database) is reported as what it is, below.
      if (err instanceof DomainError) res.locals.authError = err.message;
      else res.locals.authFailure = err; // the pool may reject with a plain object: isDatabaseUnavailable reads both
    }
    next();
  });
  if (config.rateLimitPerMinute > 0) {
    app.use(
      ['/graphql', '/export', '/register.atom'],
      rateLimit({
        windowMs: 60_000,
        limit: config.rateLimitPerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: (req, res) => (res.locals.principal ? `principal:${(res.locals.principal as AuthPrincipal).id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`),
        handler: (req, res) => {
          const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const retryAfter = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
          res.setHeader('Retry-After', String(retryAfter));
          res.status(429).json({ errors: [{ message: `rate limit of ${config.rateLimitPerMinute} requests a minute reached; retry in ${retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfter } }] });
        },
      }),
    );
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const r = await isReady();
    res.status(r.ready ? 200 : 503).json(r.ready ? { status: 'ready' } : { status: 'unavailable', reason: r.reason });
  });

  // The public register as an Atom feed, for ordinary feed readers.
  app.get('/register.atom', async (req, res, next) => {
    try {
      const kind = typeof req.query.kind === 'string' && (Object.values(RegisterKind) as string[]).includes(req.query.kind) ? (req.query.kind as RegisterKind) : null;
      const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      res.setHeader('content-type', 'application/atom+xml; charset=utf-8');
      res.send(await services.register.atom(base, kind));
    } catch (err) {
      next(err);
    }
  });

  // The concordance matrix as CSV (published list data: no token needed).
  app.get('/export/concordance.csv', async (req, res) => {
    const consortiumId = typeof req.query.consortiumId === 'string' ? req.query.consortiumId : '';
    const prefix = typeof req.query.taxonomyPrefix === 'string' ? req.query.taxonomyPrefix : null;
    if (!consortiumId) {
      res.status(400).json({ errors: [{ message: 'consortiumId is required', extensions: { code: 'BAD_USER_INPUT', field: 'consortiumId' } }] });
      return;
    }
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : null;
    const rows = concordanceCsv(services.harmonized, consortiumId, prefix, asOf);
    let first: IteratorResult<string>;
    try {
      first = await rows.next(); // errors (unknown consortium, bad prefix) surface before any byte is sent
    } catch (err) {
      const unavailable = !(err instanceof DomainError) && isDatabaseUnavailable(err);
      const status = err instanceof DomainError ? (err.code === 'NOT_FOUND' ? 404 : 400) : unavailable ? 503 : 500;
      if (status === 500) logger.error({ err, reqId: res.locals.reqId }, 'concordance export failed');
      const body = err instanceof DomainError
        ? { message: err.message, extensions: { code: err.code, ...err.details } }
        : unavailable
          ? { message: 'the database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }
          : { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      res.status(status).json({ errors: [body] });
      return;
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="concordance.csv"');
    try {
      if (!first.done) res.write(first.value);
      for await (const chunk of rows) res.write(chunk);
      res.end();
    } catch (err) {
      logger.error({ err, reqId: res.locals.reqId }, 'concordance export failed midway');
      res.destroy(err as Error);
    }
  });

  mountWeb(app);

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    (req: Request, res: Response, next: NextFunction) => {
      if (Array.isArray(req.body) && req.body.length > LIMITS.maxBatch) {
        res.status(400).json({ errors: [{ message: `at most ${LIMITS.maxBatch} operations per batch`, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      next();
    },
    ...(cache ? [responseCacheMiddleware(cache)] : []),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        if (res.locals.authFailure) {
          // The token could not be checked (STRICT_TOKENS' principal lookup failed): a database
          // that went away is SERVICE_UNAVAILABLE like everywhere else; anything else is internal.
          const unavailable = isDatabaseUnavailable(res.locals.authFailure);
          if (!unavailable) logger.error({ err: res.locals.authFailure, reqId: res.locals.reqId }, 'token check failed');
          throw new GraphQLError(unavailable ? 'the database is unavailable; try again shortly' : 'internal error', {
            extensions: { code: unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', http: { status: unavailable ? 503 : 500 } },
          });
        }
        if (res.locals.authError) {
          throw new GraphQLError(res.locals.authError as string, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
        return createContext((res.locals.principal as AuthPrincipal | null) ?? null, res.locals.reqId as string);
      },
    }),
  );

  // Body too large, malformed JSON and other errors before GraphQL: a JSON error, no stack.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (isDatabaseUnavailable(err)) {
      logger.warn({ err: err.message, reqId: res.locals.reqId }, 'database unavailable');
      res.status(503).json({ errors: [{ message: 'the database is unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err, reqId: res.locals.reqId }, 'unhandled HTTP error');
    const message = err.type === 'entity.too.large' ? 'request body is larger than 1 MB' : status === 500 ? 'internal error' : err.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  return {
    httpServer,
    apollo,
    services,
    tokens,
    pubSub,
    events,
    cache,
    createContext,
    isReady,
    listen: (port: number) =>
      new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    async stop() {
      stopping = true;
      try {
        await apollo.stop(); // the drain plugins stop accepting, close subscriptions and wait for in-flight requests
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      } finally {
        // Whatever happened above, no connection is left open: the LISTEN connection, then the pool.
        if (events) await events.stop();
        if (dataSource.isInitialized) await dataSource.destroy();
      }
    },
  };
}
