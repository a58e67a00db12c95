/**
 * A cache of whole responses for the harmonized views (harmonizedItem, concordance,
 * gapAnalysis) and entry search (controlEntries). They change only when a list, a version, an entry, a mapping, the
 * taxonomy or a membership changes; PostgreSQL triggers on those tables NOTIFY
 * `accord_harmonized` (migration HarmonizedCache), and every instance empties its cache
 * when it hears it — and while its LISTEN connection is down it does not serve from it.
 * Serving the serialized response skips GraphQL execution and serialization, which is most
 * of the cost of a 4,000-cell concordance page.
 */
import type { NextFunction, Request, Response } from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { AuthPrincipal } from '../shared/actor';
import { DEFAULT_HARMONIZED_CACHE_MAX_MB } from '../config/env';
import { readerKey } from '../modules/control-lists/visibility';

/**
 * Read-only views of the list data only: the triggers fire on every table they read. The
 * key includes the caller's readerKey (src/modules/control-lists/visibility.ts: what the
 * read rules depend on), so what a principal may see (drafts of its own lists, the mappings
 * of their entries) never reaches another.
 */
const CACHEABLE = new Set(['harmonizedItem', 'concordance', 'gapAnalysis', 'controlEntries', '__typename']);

/**
 * Whole responses by key, within a byte budget (bodies are Buffers, off the JS heap, and
 * each entry counts its body's bytes plus its key's), least recently used evicted first,
 * and at most one computation per key at a time: concurrent misses of one key wait for
 * the first and are answered with its body (`x-accord-cache: coalesced`).
 */
export class ResponseCache {
  private epoch = 0;
  private bytes = 0;
  private readonly entries = new Map<string, { body: Buffer; size: number; at: number }>();
  /** Computations under way: key → the body once it is known (undefined when it cannot be shared). */
  private readonly flights = new Map<string, { generation: number; done: Promise<Buffer | undefined> }>();
  /** False while invalidations might be missed (the LISTEN connection is down). */
  trusted = false;
  hits = 0;
  misses = 0;
  coalesced = 0;
  evictions = 0;

  constructor(
    readonly maxBytes = DEFAULT_HARMONIZED_CACHE_MAX_MB * 1024 * 1024,
    private readonly maxAgeMs = 10 * 60_000,
  ) {}

  get generation(): number {
    return this.epoch;
  }

  /** Bytes held (bodies and keys). */
  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }

  invalidate(): void {
    this.epoch += 1;
    this.entries.clear();
    this.flights.clear();
    this.bytes = 0;
  }

  get(key: string): Buffer | undefined {
    if (!this.trusted) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.maxAgeMs) {
      this.entries.delete(key);
      this.bytes -= e.size;
      return undefined;
    }
    this.entries.delete(key); // most recently used last
    this.entries.set(key, e);
    return e.body;
  }

  /** Store unless an invalidation happened since the request began (its answer may be stale). */
  set(key: string, body: Buffer, generation: number): void {
    const size = body.length + Buffer.byteLength(key);
    if (!this.trusted || generation !== this.epoch || size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.size;
    }
    this.entries.set(key, { body, size, at: Date.now() });
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.bytes -= e.size;
      this.entries.delete(k);
      this.evictions += 1;
    }
  }

  /**
   * The computation of `key` under way in this generation, if any; else registers one and
   * returns its `finish` (call it once with the body, or undefined when it is not shareable).
   */
  join(key: string, generation: number): { wait: Promise<Buffer | undefined> } | { finish: (body: Buffer | undefined) => void } {
    const f = this.flights.get(key);
    if (f && f.generation === generation && generation === this.epoch) return { wait: f.done };
    let finish!: (body: Buffer | undefined) => void;
    const done = new Promise<Buffer | undefined>((resolve) => {
      finish = resolve;
    });
    const flight = { generation, done };
    this.flights.set(key, flight);
    return {
      finish: (body) => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
        finish(body);
      },
    };
  }
}

/** One query operation whose top-level fields are all harmonized views. */
export function cacheableQuery(query: unknown, operationName: unknown): boolean {
  if (typeof query !== 'string' || query.length > 20_000) return false;
  try {
    const doc = parse(query, { maxTokens: 4000 });
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = typeof operationName === 'string' ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
    if (!op || op.operation !== 'query') return false;
    return op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && CACHEABLE.has(s.name.value));
  } catch {
    return false;
  }
}

export function responseCacheMiddleware(cache: ResponseCache) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const b = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (req.method !== 'POST' || !b || Array.isArray(b) || res.locals.authError || !cacheableQuery(b.query, b.operationName)) {
      next();
      return;
    }
    const p = (res.locals.principal as AuthPrincipal | null | undefined) ?? null;
    const key = JSON.stringify([b.query, b.operationName ?? null, b.variables ?? null, readerKey(p)]);
    const send = (body: Buffer, how: string) => {
      res.setHeader('x-accord-cache', how);
      res.type('application/json; charset=utf-8').end(body);
    };
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.hits += 1;
      send(hit, 'hit');
      return;
    }
    const generation = cache.generation;
    if (!cache.trusted) {
      cache.misses += 1;
      compute(cache, key, generation, res, next, undefined);
      return;
    }
    const flight = cache.join(key, generation);
    if ('wait' in flight) {
      // Another request is computing this answer: take its body, or compute when it has none to share.
      void flight.wait.then((body) => {
        if (res.writableEnded || res.destroyed) return;
        if (body !== undefined && cache.generation === generation) {
          cache.coalesced += 1;
          send(body, 'coalesced');
        } else {
          cache.misses += 1;
          compute(cache, key, generation, res, next, undefined);
        }
      });
      return;
    }
    cache.misses += 1;
    compute(cache, key, generation, res, next, flight.finish);
  };
}

/** Let GraphQL answer, collect the body, store it when it is a success, hand it to those waiting. */
function compute(
  cache: ResponseCache,
  key: string,
  generation: number,
  res: Response,
  next: NextFunction,
  finish: ((body: Buffer | undefined) => void) | undefined,
): void {
  res.setHeader('x-accord-cache', 'miss');
  let settled = false;
  const settle = (body: Buffer | undefined) => {
    if (settled) return;
    settled = true;
    finish?.(body);
  };
  res.once('close', () => settle(undefined));
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk as string | Uint8Array), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
  };
  (res as unknown as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return write(chunk, ...rest);
  };
  (res as unknown as { end: (...args: unknown[]) => Response }).end = (chunk?: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    let share: Buffer | undefined;
    if (res.statusCode === 200) {
      const body = Buffer.concat(chunks);
      if (!body.includes('"errors":')) {
        cache.set(key, body, generation);
        share = body;
      }
    }
    settle(share);
    return end(chunk, ...rest);
  };
  next();
}
