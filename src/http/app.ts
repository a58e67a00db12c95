/**
 * The HTTP server: Apollo at POST /graphql (type-graphql schema) and subscriptions over
 * WebSocket on the same path, liveness at /healthz, readiness at /readyz, the register's
 * Atom feed, the CSV export and the explorer pages, request ids and structured logs,
 * graceful shutdown. Each piece lives in its own file here; this one wires them in order.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { createPubSub } from '@graphql-yoga/subscription';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { buildAppSchema } from '../app/schema';
import type { Context, EventPubSub } from '../graphql/context';
import { createLoaders } from '../app/loaders';
import type { Logger } from '../shared/logger';
import type { AuthPrincipal } from '../shared/actor';
import { TokenService } from '../modules/auth/token.service';
import { EventListener } from '../modules/notifications/listener';
import { createServices } from '../app/services';
import type { Services } from '../graphql/context';
import type { Clock } from '../shared/clock';
import { accessLog } from './access-log';
import { authenticator, principalMiddleware } from './auth';
import { mountExports } from './exports';
import { mountFeeds } from './feeds';
import { mountGraphQL, startApollo } from './graphql-route';
import { compiledExecutor, type CompiledExecutor } from '../graphql/executor';
import { mountHealth, readinessCheck, type Readiness } from './health';
import { errorHandler } from './http-errors';
import { ResponseCache } from './response-cache';
import { RATE_LIMITED_ROUTES, rateLimiter, securityHeaders } from './security';
import { mountWeb } from './web';
import { createSubscriptionServer } from './websocket';

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
  /** The compiled executor (COMPILED_QUERIES), or null when graphql-js interprets each request. */
  executor: CompiledExecutor | null;
  services: Services;
  tokens: TokenService;
  /** Build a context as a request would get it; for tests and in-process callers. */
  createContext(principal: AuthPrincipal | null, requestId?: string): Context;
  /** Listen on `port` (0 = any free port); resolves with the bound port. */
  listen(port: number): Promise<number>;
  /** Stop accepting, drain in-flight requests, then close the pool. */
  stop(): Promise<void>;
  isReady(): Promise<Readiness>;
  /** This instance's event stream; `events.ready` resolves once LISTEN is active. */
  pubSub: EventPubSub;
  /** The harmonized-view response cache, when HARMONIZED_CACHE is on. */
  cache: ResponseCache | null;
  events: EventListener | null;
}

/**
 * http's request and response made with Express's prototypes from the start. Express
 * otherwise changes both prototypes on every request, which costs each request's objects
 * their optimised shapes (measured as a share of a simple read's CPU).
 */
function expressPrototypes(app: express.Express): http.ServerOptions {
  const IncomingMessage = http.IncomingMessage as unknown as (this: unknown, socket: Socket) => void;
  const ServerResponse = http.ServerResponse as unknown as (this: unknown, req: http.IncomingMessage, options?: unknown) => void;
  function Request(this: unknown, socket: Socket): void {
    IncomingMessage.call(this, socket);
  }
  function Response(this: unknown, req: http.IncomingMessage, options?: unknown): void {
    ServerResponse.call(this, req, options);
  }
  Request.prototype = app.request;
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof http.IncomingMessage,
    ServerResponse: Response as unknown as typeof http.ServerResponse,
  };
}

export async function createApp(deps: AppDeps): Promise<AccordApp> {
  const { dataSource, config, clock, logger } = deps;
  const schema = await buildAppSchema();
  const services = createServices({ dataSource, clock, config });
  const tokens = new TokenService(config, async (id) => {
    const rows: { role: string; jurisdictionCode: string | null }[] = await dataSource.query(
      'SELECT role, jurisdiction_code AS "jurisdictionCode" FROM principal WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  });
  const authenticate = authenticator(tokens);
  const app = express();
  const httpServer = http.createServer(expressPrototypes(app), app);
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
    newLoaders: () => createLoaders(dataSource, principal),
    logger: logger.child({ reqId: requestId }),
    clock,
    services,
    dataSource,
    pubSub,
  });

  const subscriptions = createSubscriptionServer({ httpServer, schema, authenticate, createContext });
  const executor = config.compiledQueries ? compiledExecutor() : null;
  const apollo = await startApollo({ schema, config, httpServer, executor, drainSubscriptions: () => subscriptions.dispose() });
  const isReady = readinessCheck(dataSource, () => stopping);

  app.disable('x-powered-by');
  app.use(accessLog(logger));
  app.use(securityHeaders());
  app.use(principalMiddleware(authenticate));
  const limiter = rateLimiter(config);
  if (limiter) app.use(RATE_LIMITED_ROUTES, limiter);
  // GraphQL first: the busiest route passes no other route's path check.
  mountGraphQL(app, { apollo, cache, logger, createContext });
  mountHealth(app, isReady);
  mountFeeds(app, services);
  mountExports(app, services, logger);
  mountWeb(app);
  app.use(errorHandler(logger));

  return {
    httpServer,
    apollo,
    executor,
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
        await subscriptions.close();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      } finally {
        // Whatever happened above, no connection is left open: the LISTEN connection, then the pool.
        if (events) await events.stop();
        if (dataSource.isInitialized) await dataSource.destroy();
      }
    },
  };
}
