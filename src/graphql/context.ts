import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock';
import type { AuthPrincipal } from '../shared/actor';

/**
 * The services of every module, built once per server. Each module adds its own in its
 * `index.ts` (`declare module '../../graphql/context' { interface Services { … } }`).
 */
export interface Services {}

/** The request-scoped DataLoaders of every module, added likewise. */
export interface Loaders {}

/** Everything a resolver needs for one request; built fresh per request by createContext. */
export interface Context {
  requestId: string;
  /** null for an anonymous (PUBLIC) caller. */
  principal: AuthPrincipal | null;
  loaders: Loaders;
  /** A fresh set of loaders for this caller (a subscription renews them per event). */
  newLoaders(): Loaders;
  logger: Logger;
  clock: Clock;
  services: Services;
  dataSource: DataSource;
  /** This instance's event stream for subscriptions (fed by LISTEN/NOTIFY). */
  pubSub: EventPubSub;
}

export interface EventPubSub {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string): AsyncIterable<unknown>;
}
