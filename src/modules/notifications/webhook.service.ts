/**
 * Webhooks: registration (a regulator for its own member), signed deliveries from the
 * outbox with retries and exponential backoff, and the delivery log.
 *
 * Signature: `X-Accord-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`
 * with `X-Accord-Timestamp: <unix seconds>`; receivers recompute it and reject old
 * timestamps to stop replays.
 *
 * Targets are checked against local, private and metadata addresses at registration and at
 * each delivery, on the address actually connected to (src/modules/notifications/webhook-target.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ConnectionShape } from '../../shared/pagination';
import { inTransaction } from '../../shared/transaction';
import { newestFirst } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type AuthPrincipal } from '../../shared/actor';
import { requireRole } from '../../shared/permissions';
import { Role } from '../../shared/role';
import { auditChange } from '../audit/audit-chain';
import { isUuid } from '../../shared/ids';
import { EVENT_TYPES } from '../../shared/events';
import { Webhook, WebhookDelivery } from './webhook.entity';
import { DeliveryStatus } from './webhook.enums';
import { deliveryMachine } from './webhook.states';
import { bareHost, checkAddress, guardedLookup, resolveWebhookHost, UnsafeTargetError } from './webhook-target';

export const MAX_ATTEMPTS = 6;
/** First retry after 30 s, then 1, 2, 4, 8 minutes. */
export const BACKOFF_BASE_MS = 30_000;
const TIMEOUT_MS = 5_000;

export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POST the body to the webhook; resolves with the receiver's status. The address is checked (webhook-target.ts) as the socket connects. */
function post(target: URL, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const host = bareHost(target.hostname);
    try {
      if (net.isIP(host)) checkAddress(host, allowPrivate); // literal addresses never reach the lookup
    } catch (err) {
      reject(err);
      return;
    }
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume(); // the body is not kept
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export class WebhookService {
  constructor(private readonly deps: ServiceDeps) {}

  async register(
    principal: AuthPrincipal | null,
    input: { url: string; events?: string[] | null; secret?: string | null },
  ): Promise<{ webhook: Webhook; secret: string }> {
    const p = requireRole(principal, Role.REGULATOR);
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new ValidationError('url is not a URL', 'input.url');
    }
    if (!['http:', 'https:'].includes(url.protocol)) throw new ValidationError('url must be http or https', 'input.url');
    if (input.url.length > 2000) throw new ValidationError('url is at most 2000 characters', 'input.url');
    try {
      await resolveWebhookHost(url.hostname, this.deps.config.webhookAllowPrivate);
    } catch (err) {
      if (err instanceof UnsafeTargetError) throw new ValidationError(`url refused: ${err.message}`, 'input.url');
      throw err;
    }
    if (this.deps.config.nodeEnv === 'production' && url.protocol !== 'https:') throw new ValidationError('url must be https in production', 'input.url');
    const events = [...new Set(input.events ?? [])];
    for (const [i, e] of events.entries())
      if (!EVENT_TYPES.includes(e as never)) throw new ValidationError(`unknown event ${e}; one of ${EVENT_TYPES.join(', ')}`, `input.events.${i}`);
    const secret = input.secret?.trim() || randomBytes(32).toString('base64url');
    if (secret.length < 16 || secret.length > 200) throw new ValidationError('secret must be 16 to 200 characters', 'input.secret');
    return inTransaction(this.deps.dataSource, async (m) => {
      const repo = m.getRepository(Webhook);
      const webhook = await repo.save(repo.create({ jurisdictionCode: p.jurisdiction!, url: url.toString(), secret, events, active: true, createdById: p.id }));
      await auditChange(m, actorOf(principal), this.deps.clock, webhook, 'WEBHOOK.REGISTERED', { after: { url: webhook.url, events } }); // never the secret
      return { webhook, secret };
    });
  }

  async setActive(principal: AuthPrincipal | null, id: string, active: boolean): Promise<Webhook> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    return inTransaction(this.deps.dataSource, async (m) => {
      const w = isUuid(id) ? await m.getRepository(Webhook).findOneBy({ id }) : null;
      if (!w) throw new NotFoundError('Webhook', id);
      if (p.role === Role.REGULATOR && p.jurisdiction !== w.jurisdictionCode) throw new ForbiddenError('a webhook belongs to its member');
      w.active = active;
      await m.save(w);
      await auditChange(m, actorOf(principal), this.deps.clock, w, active ? 'WEBHOOK.ACTIVATED' : 'WEBHOOK.DEACTIVATED', { after: { active } });
      return w;
    });
  }

  async list(principal: AuthPrincipal | null): Promise<Webhook[]> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    return this.deps.dataSource
      .getRepository(Webhook)
      .find({ where: p.role === Role.REGULATOR ? { jurisdictionCode: p.jurisdiction! } : {}, order: { createdAt: 'ASC' } });
  }

  async deliveries(
    principal: AuthPrincipal | null,
    webhookId: string,
    first?: number | null,
    after?: string | null,
  ): Promise<ConnectionShape<WebhookDelivery>> {
    const p = requireRole(principal, Role.REGULATOR, Role.SECRETARIAT);
    const w = isUuid(webhookId) ? await this.deps.dataSource.getRepository(Webhook).findOneBy({ id: webhookId }) : null;
    if (!w || (p.role === Role.REGULATOR && p.jurisdiction !== w.jurisdictionCode)) throw new NotFoundError('Webhook', webhookId);
    const qb = this.deps.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.webhook_id = :w', { w: w.id });
    return newestFirst(qb, 'd', 'created_at', (d) => d.createdAt, first, after);
  }

  // --- delivery (scheduler task) ---------------------------------------------------------

  async due(now: Date): Promise<{ key: string; id: string }[]> {
    const rows: { id: string; attempts: number }[] = await this.deps.dataSource.query(
      `SELECT id, attempts FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 500`,
      [now],
    );
    return rows.map((r) => ({ id: r.id, key: `webhook:${r.id}:${r.attempts}` }));
  }

  /** One attempt. The row is locked (SKIP LOCKED) so two instances never attempt the same delivery at once. */
  async attempt(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const rows: WebhookDelivery[] = await m
        .getRepository(WebhookDelivery)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('d.id = :id', { id })
        .getMany();
      const d = rows[0];
      const now = this.deps.clock.now();
      if (!d || d.status !== DeliveryStatus.PENDING || (d.nextAttemptAt && d.nextAttemptAt > now)) return false;
      const w = await m.getRepository(Webhook).findOneBy({ id: d.webhookId });
      const ctx = { actor: SYSTEM_ACTOR, clock: this.deps.clock };
      if (!w || !w.active) {
        await deliveryMachine.transition(m, d, 'GIVE_UP', ['SYSTEM'], {
          ...ctx,
          set: { nextAttemptAt: null, attemptLog: [...d.attemptLog, { at: now.toISOString(), statusCode: null, error: 'webhook inactive', durationMs: 0 }] },
        });
        return true;
      }
      const body = JSON.stringify({ id: d.id, type: d.eventType, data: d.payload });
      const timestamp = Math.floor(Date.now() / 1000);
      const started = Date.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        statusCode = await post(
          new URL(w.url),
          {
            'content-type': 'application/json',
            'user-agent': 'Accord-Webhooks/1',
            'x-accord-event': d.eventType,
            'x-accord-delivery': d.id,
            'x-accord-timestamp': String(timestamp),
            'x-accord-signature': signBody(w.secret, timestamp, body),
          },
          body,
          this.deps.config.webhookAllowPrivate,
        );
        if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      d.attempts += 1;
      d.lastStatusCode = statusCode;
      d.attemptLog = [...d.attemptLog, { at: now.toISOString(), statusCode, error, durationMs: Date.now() - started }];
      if (!error) {
        await deliveryMachine.transition(m, d, 'DELIVER', ['SYSTEM'], { ...ctx, set: { deliveredAt: now, nextAttemptAt: null } });
      } else if (d.attempts >= MAX_ATTEMPTS) {
        await deliveryMachine.transition(m, d, 'GIVE_UP', ['SYSTEM'], { ...ctx, set: { nextAttemptAt: null } });
      } else {
        await deliveryMachine.transition(m, d, 'RETRY', ['SYSTEM'], {
          ...ctx,
          set: { nextAttemptAt: new Date(now.getTime() + BACKOFF_BASE_MS * 2 ** (d.attempts - 1)) },
        });
      }
      return true;
    });
  }
}
