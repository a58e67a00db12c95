/**
 * Apollo at POST /graphql (type-graphql schema): JSON bodies up to 1 MB, batches of at
 * most LIMITS.maxBatch operations, the harmonized-view response cache when it is on, and
 * a context built from the caller that src/http/auth.ts found.
 */
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { AppConfig } from '../config/env';
import type { Context } from '../graphql/context';
import { compiledGateway, type CompiledExecutor } from '../graphql/executor';
import { formatError } from '../graphql/format-error';
import { armor, LIMITS } from '../graphql/limits';
import type { Logger } from '../shared/logger';
import type { AuthPrincipal } from '../shared/actor';
import { apolloPlugins } from './apollo-plugins';
import { apolloHandler, jsonBody } from './graphql-http';
import { publicError, type PublicError } from '../shared/public-error';
import { sendError } from './http-errors';
import { responseCacheMiddleware, type ResponseCache } from './response-cache';

export async function startApollo(options: {
  schema: GraphQLSchema;
  config: AppConfig;
  httpServer: http.Server;
  drainSubscriptions: () => Promise<void>;
  /** Runs operations compiled (src/graphql/executor.ts); null: graphql-js interprets them. */
  executor: CompiledExecutor | null;
}): Promise<ApolloServer<Context>> {
  const { schema, config, executor } = options;
  const protection = armor();
  const apollo = new ApolloServer<Context>({
    ...(executor ? { gateway: compiledGateway(schema, executor) } : { schema }),
    formatError,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    allowBatchedHttpRequests: true, // at most LIMITS.maxBatch operations per request (checked in mountGraphQL)
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // src/main.ts owns shutdown: drain, then close the pool, then stop the embedded database
    introspection: config.nodeEnv !== 'production' || config.allowIntrospection,
    plugins: apolloPlugins({ ...options, armorPlugins: protection.plugins }),
  });
  await apollo.start();
  return apollo;
}

/** The error as a GraphQL error that Apollo answers with its HTTP status. */
function withHttpStatus(error: PublicError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: error.status } } });
}

function batchLimit(req: Request, res: Response, next: NextFunction): void {
  if (Array.isArray(req.body) && req.body.length > LIMITS.maxBatch) {
    sendError(res, { status: 400, message: `at most ${LIMITS.maxBatch} operations per batch`, extensions: { code: 'BAD_REQUEST' } });
    return;
  }
  next();
}

export function mountGraphQL(
  app: express.Express,
  options: {
    apollo: ApolloServer<Context>;
    cache: ResponseCache | null;
    logger: Logger;
    createContext: (principal: AuthPrincipal | null, requestId: string) => Context;
  },
): void {
  const { apollo, cache, logger, createContext } = options;
  app.use(
    '/graphql',
    jsonBody(1024 * 1024),
    batchLimit,
    ...(cache ? [responseCacheMiddleware(cache)] : []),
    apolloHandler(apollo, async ({ res }) => {
      if (res.locals.authFailure) {
        // The token could not be checked (STRICT_TOKENS' principal lookup failed): a database
        // that went away is SERVICE_UNAVAILABLE like everywhere else; anything else is internal.
        const error = publicError(res.locals.authFailure);
        if (error.status === 500) logger.error({ err: res.locals.authFailure, reqId: res.locals.reqId }, 'token check failed');
        throw withHttpStatus(error);
      }
      if (res.locals.authError) throw withHttpStatus(publicError(res.locals.authError)); // the token was refused: UNAUTHENTICATED
      return createContext((res.locals.principal as AuthPrincipal | null) ?? null, res.locals.reqId as string);
    }),
  );
}
