/**
 * GraphQL subscriptions over graphql-ws on the same path as POST /graphql. The bearer token
 * comes in the connection's `authorization` parameter (or the upgrade request's header); it
 * is checked when the connection opens and again for each subscription's context.
 */
import type http from 'node:http';
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer, type Extra as SocketExtra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Context } from '../graphql/context';
import { armor, LIMITS } from '../graphql/limits';
import type { AuthPrincipal } from '../shared/actor';
import type { Authenticate } from './auth';

/** When the connection's token expires (ms since the epoch), if it does. */
type Expiry = { expiresAt: number };
type Extra = SocketExtra & Partial<Expiry>;

export interface SubscriptionServer {
  /** Close the open subscriptions (Apollo's drain). */
  dispose(): Promise<void>;
  /** Stop accepting connections. */
  close(): Promise<void>;
}

/** The token of a connection: its `authorization` parameter, else the upgrade request's header. */
function connectionAuthorization(ctx: WsContext<Record<string, unknown>, Extra>): string | undefined {
  return (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.extra.request.headers.authorization) as string | undefined;
}

/** Close a subscription socket (4401) when its token expires; `onNext` checks it too. */
function closeWhenExpired(extra: Extra, expiresAt: number): void {
  extra.expiresAt = expiresAt;
  const delay = Math.max(0, expiresAt - Date.now());
  if (delay > 2 ** 31 - 1) return; // beyond setTimeout's range: the check on each event still applies
  const timer = setTimeout(() => extra.socket.close(4401, 'the token has expired'), delay);
  timer.unref();
  extra.socket.once('close', () => clearTimeout(timer));
}

/**
 * Only subscriptions travel over WebSocket, under the same parse and validation limits as
 * HTTP; queries and mutations go through POST /graphql with its rate limit and guards.
 */
function subscriptionsOnly(schema: GraphQLSchema) {
  const rules = [...specifiedRules, ...armor().validationRules];
  return (query: string): GraphQLError[] | undefined => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: LIMITS.maxTokens });
    } catch (err) {
      return [new GraphQLError(err instanceof Error ? err.message : 'syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'subscription')) {
      return [
        new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', { extensions: { code: 'BAD_REQUEST' } }),
      ];
    }
    const errors = validate(schema, document, rules);
    return errors.length ? errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) : undefined;
  };
}

export function createSubscriptionServer(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  authenticate: Authenticate;
  createContext: (principal: AuthPrincipal | null) => Context;
}): SubscriptionServer {
  const { httpServer, schema, authenticate, createContext } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const check = subscriptionsOnly(schema);
  const cleanup = useServer<Record<string, unknown>, Expiry>(
    {
      schema,
      onSubscribe: (_ctx, _id, payload) => check(payload.query),
      context: async (ctx) => createContext(await authenticate(connectionAuthorization(ctx))),
      onConnect: async (ctx) => {
        try {
          const principal = await authenticate(connectionAuthorization(ctx));
          if (principal?.expiresAt !== undefined) closeWhenExpired(ctx.extra, principal.expiresAt);
          return true;
        } catch {
          return false; // closes with 4403
        }
      },
      // A subscription lives no longer than its token: nothing is sent once it has expired.
      onNext: (ctx) => {
        const expiresAt = ctx.extra.expiresAt;
        if (expiresAt !== undefined && Date.now() >= expiresAt) ctx.extra.socket.close(4401, 'the token has expired');
      },
    },
    wsServer,
  );
  return {
    dispose: async () => {
      await cleanup.dispose();
    },
    close: () => new Promise<void>((resolve) => wsServer.close(() => resolve())),
  };
}
