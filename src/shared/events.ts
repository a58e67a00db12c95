/**
 * Domain events. `emitEvent` runs inside the transaction of the change: it NOTIFYs
 * `accord_events` (PostgreSQL delivers it to every listening instance at commit, never
 * on rollback) and writes the webhook deliveries it implies to the outbox table, so a
 * subscriber on instance A hears of a change made on instance B and no webhook is lost.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from './clock';

export const EVENTS_CHANNEL = 'accord_events';

export type EventType =
  | 'RECOGNITION_REQUEST_UPDATED'
  | 'DISPUTE_UPDATED'
  | 'REGISTER_ENTRY_PUBLISHED'
  | 'DEADLINE_APPROACHING'
  | 'PROVISIONAL_AUTHORIZATION_UPDATED'
  | 'FAST_TRACK_ESCALATED';
export const EVENT_TYPES: EventType[] = [
  'RECOGNITION_REQUEST_UPDATED',
  'DISPUTE_UPDATED',
  'REGISTER_ENTRY_PUBLISHED',
  'DEADLINE_APPROACHING',
  'PROVISIONAL_AUTHORIZATION_UPDATED',
  'FAST_TRACK_ESCALATED',
];

export interface DomainEvent {
  type: EventType;
  /** The request, dispute or register entry. */
  id: string;
  /** Jurisdictions that may hear of it; empty for public events. */
  audience: string[];
  status?: string;
  event?: string;
  kind?: string;
  /** For DEADLINE_APPROACHING: the deadline. */
  deadline?: string;
  at?: string;
}

export async function emitEvent(m: EntityManager, clock: Clock, event: DomainEvent): Promise<void> {
  const now = clock.now();
  const payload = { ...event, at: now.toISOString() };
  await m.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(payload)]);
  // Webhook outbox: one delivery per active webhook that wants this event and may hear of it.
  await m.query(
    `INSERT INTO webhook_delivery (webhook_id, event_type, payload, status, attempts, next_attempt_at, created_at, attempt_log)
     SELECT w.id, $1, $2::jsonb, 'PENDING', 0, $3, $3, '[]'::jsonb FROM webhook w
     WHERE w.active AND (cardinality(w.events) = 0 OR $1 = ANY(w.events))
       AND (cardinality($4::text[]) = 0 OR w.jurisdiction_code = ANY($4::text[]))`,
    [event.type, JSON.stringify(payload), now, event.audience],
  );
}
