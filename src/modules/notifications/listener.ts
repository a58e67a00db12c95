/**
 * One dedicated connection per instance LISTENs on `accord_events` and republishes each
 * notification into the in-process PubSub that the GraphQL subscriptions read. Changes
 * made on any instance reach subscribers on every instance. Reconnects with backoff.
 */
import { Client } from 'pg';
import { readPoolConfig } from '../../config/env';
import type { Logger } from '../../shared/logger';
import { EVENTS_CHANNEL, type DomainEvent } from '../../shared/events';

export const HARMONIZED_CHANNEL = 'accord_harmonized';

/** Told when the data behind the harmonized views changed, and whether it can still hear that. */
export interface ChangeWatcher {
  invalidate(): void;
  trusted: boolean;
}

export interface Publisher {
  publish(topic: string, payload: unknown): void;
}

export class EventListener {
  private client: Client | null = null;
  /** The last connection attempt (stop() waits for it: an attempt that finds the listener stopped closes its connection). */
  private attempt: Promise<void> = Promise.resolve();
  private stopped = false;
  private retryMs = 500;
  /** Resolves once LISTEN is active. */
  ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly url: string,
    private readonly pubSub: Publisher,
    private readonly logger: Logger,
    private readonly watcher?: ChangeWatcher,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  async start(): Promise<void> {
    this.attempt = this.connect();
    await this.attempt;
  }

  private retryLater(): void {
    if (this.stopped) return;
    setTimeout(() => {
      this.attempt = this.connect();
    }, this.retryMs).unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // A bounded connection attempt (PG_CONNECTION_TIMEOUT_MS), so that stop() never waits long for one.
    const client = new Client({ connectionString: this.url, application_name: 'accord-events', connectionTimeoutMillis: readPoolConfig().connectionTimeoutMs });
    client.on('notification', (msg) => {
      if (msg.channel === HARMONIZED_CHANNEL) {
        this.watcher?.invalidate();
        return;
      }
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      try {
        const event = JSON.parse(msg.payload) as DomainEvent;
        this.pubSub.publish(event.type, event);
      } catch (err) {
        this.logger.warn({ err }, 'unreadable event notification');
      }
    });
    // Every error of this connection is handled here, for its whole life (a lost connection can
    // report more than one); the first one replaces it.
    let lost = false;
    client.on('error', (err) => {
      if (lost) return;
      lost = true;
      if (!this.stopped) this.logger.warn({ err: err.message }, 'event listener connection lost; reconnecting');
      void this.reconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      await client.query(`LISTEN ${HARMONIZED_CHANNEL}`);
      if (this.stopped || lost) {
        // Stopped while connecting (or lost at once): this connection is not kept.
        await client.end().catch(() => undefined);
        return;
      }
      // Changes made while disconnected were not heard: start from an empty cache.
      this.watcher?.invalidate();
      if (this.watcher) this.watcher.trusted = true;
      this.client = client;
      this.retryMs = 500;
      this.markReady();
    } catch (err) {
      const reconnecting = lost; // its error listener has already scheduled the next attempt
      lost = true;
      await client.end().catch(() => undefined);
      if (this.stopped || reconnecting) return;
      this.logger.warn({ err: (err as Error).message }, 'event listener could not connect; retrying');
      this.retryLater();
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    }
  }

  private async reconnect(client: Client): Promise<void> {
    if (this.watcher) this.watcher.trusted = false;
    if (this.client === client) this.client = null;
    await client.end().catch(() => undefined);
    this.retryLater();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
    // A connection being opened is not ended here (pg never settles a connect() ended midway):
    // the attempt sees `stopped` and closes it.
    await this.attempt;
  }
}
