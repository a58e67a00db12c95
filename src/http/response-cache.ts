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
import type { AuthPrincipal } from '../modules/auth/actor';
import { readerKey } from '../modules/control-lists/visibility';

/**
 * Read-only views of the list data only: the triggers fire on every table they read. The
 * key includes the caller's readerKey (src/modules/control-lists/visibility.ts: what the
 * read rules depend on), so what a principal may see (drafts of its own lists, the mappings
 * of their entries) never reaches another.
 */
const CACHEABLE = new Set(['harmonizedItem', 'concordance', 'gapAnalysis', 'controlEntries', '__typename']);

export class ResponseCache {
  private epoch = 0;
  private bytes = 0;
  private readonly entries = new Map<string, { body: string; at: number }>();
  /** False while invalidations might be missed (the LISTEN connection is down). */
  trusted = false;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = 48 * 1024 * 1024, private readonly maxAgeMs = 10 * 60_000) {}

  get generation(): number {
    return this.epoch;
  }

  invalidate(): void {
    this.epoch += 1;
    this.entries.clear();
    this.bytes = 0;
  }

  get(key: string): string | undefined {
    if (!this.trusted) return undefined;
    const e = this.entries.get(key);
    if (!e || Date.now() - e.at > this.maxAgeMs) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, e);
    return e.body;
  }

  /** Store unless an invalidation happened since the request began (its answer may be stale). */
  set(key: string, body: string, generation: number): void {
    if (!this.trusted || generation !== this.epoch || body.length > this.maxBytes / 4) return;
    this.entries.set(key, { body, at: Date.now() });
    this.bytes += body.length;
    for (const [old, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.bytes -= e.body.length;
      this.entries.delete(old);
    }
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
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.hits += 1;
      res.setHeader('x-accord-cache', 'hit');
      res.type('application/json; charset=utf-8').end(hit);
      return;
    }
    cache.misses += 1;
    res.setHeader('x-accord-cache', 'miss');
    const generation = cache.generation;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    (res as unknown as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    };
    (res as unknown as { end: (...args: unknown[]) => Response }).end = (chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      if (res.statusCode === 200) {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!body.includes('"errors":')) cache.set(key, body, generation);
      }
      return end(chunk, ...rest);
    };
    next();
  };
}
