/**
 * Apollo's plugins: drain on shutdown (HTTP, then the subscription sockets), no landing
 * page, no cache hints, the log of unexpected errors, the query limits (src/graphql/limits.ts,
 * src/graphql/input-guard.ts) and, outside production, each response's SQL statements.
 */
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { AppConfig } from '../config/env';
import type { Context } from '../graphql/context';
import { costPlugin } from '../graphql/limits';
import { inputGuardPlugin } from '../graphql/input-guard';
import { currentSqlStats } from '../db/sql-counter';
import { DomainError } from '../shared/errors';

/** Errors that are neither domain errors nor GraphQL's own are logged with their stack. */
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

/** Developers see each response's SQL statement count and time in extensions.sql. */
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

export function apolloPlugins(options: {
  schema: GraphQLSchema;
  config: AppConfig;
  httpServer: http.Server;
  /** The parse and validation limits' plugins (`armor().plugins`). */
  armorPlugins: ApolloServerPlugin<Context>[];
  /** Called when Apollo drains: closes the subscription sockets. */
  drainSubscriptions: () => Promise<void>;
}): ApolloServerPlugin<Context>[] {
  const { schema, config, httpServer, armorPlugins, drainSubscriptions } = options;
  return [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }), // then open connections are cut
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginCacheControlDisabled(), // no per-field cache hints: measurably cheaper on 4,000-cell pages
    errorLogger,
    ...armorPlugins,
    costPlugin(schema),
    inputGuardPlugin,
    {
      async serverWillStart() {
        return {
          async drainServer() {
            await drainSubscriptions();
          },
        };
      },
    },
    ...(config.nodeEnv === 'production' ? [] : [sqlExtension]),
  ];
}
