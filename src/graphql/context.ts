import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock';
import type { AuthPrincipal } from '../shared/actor';
import type { Loaders } from './loaders';
import type { Services } from '../services';

/** Everything a resolver needs for one request; built fresh per request by createContext. */
export interface Context {
  requestId: string;
  /** null for an anonymous (PUBLIC) caller. */
  principal: AuthPrincipal | null;
  loaders: Loaders;
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
