/**
 * Idempotency keys: a creating mutation given a key it has seen before returns the first
 * result only when the input is the same — every field of it, not a few. The service
 * stores a fingerprint (SHA-256 of the canonical, normalised input) with the record; a
 * retry with any other input is CONFLICT.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { ConflictError } from './errors';

/** SHA-256 over the canonical JSON of the input; absent and null fields count as the same. */
export function inputFingerprint(input: Record<string, unknown>): string {
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
  return createHash('sha256').update(canonicalJson(present)).digest('hex');
}

/**
 * Whether a retry carries the input of the stored record. Records written before
 * fingerprints were stored fall back to comparing the fields they keep.
 */
export function sameInput(existing: { idempotencyFingerprint: string | null }, fingerprint: string, legacySame: () => boolean): boolean {
  return existing.idempotencyFingerprint ? existing.idempotencyFingerprint === fingerprint : legacySame();
}

export interface IdempotentReplay<T> {
  /** The key as given (trimmed); nothing happens without one. */
  key: string | null;
  /** Names the key's scope for the transaction lock, e.g. `dispute:FR` (the key is appended). */
  scope: string;
  fingerprint: string;
  /** The record already stored under the key, if any (read inside the transaction). */
  find: () => Promise<T | null>;
  /** For records stored before fingerprints were: whether the retry carries their input. */
  legacySame?: (existing: T) => boolean;
  /** The CONFLICT message when the key was used for another input. */
  conflict: string;
  /** More CONFLICT details (e.g. the id of the record the key belongs to). */
  details?: (existing: T) => Record<string, unknown>;
}

/**
 * The idempotent start of a creating mutation, inside its transaction: with a key, serialise
 * on (scope, key) with a transaction lock, then return the record stored under the key when
 * the retry carries the same input, or throw CONFLICT when it does not. Null when there is no
 * key or nothing is stored under it yet: the caller creates the record, storing key and fingerprint.
 */
export async function replayIdempotent<T extends { idempotencyFingerprint: string | null }>(m: EntityManager, r: IdempotentReplay<T>): Promise<T | null> {
  if (!r.key) return null;
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${r.scope}:${r.key}`]);
  const existing = await r.find();
  if (!existing) return null;
  if (!sameInput(existing, r.fingerprint, () => r.legacySame?.(existing) ?? false)) {
    throw new ConflictError(r.conflict, { field: 'input.idempotencyKey', ...(r.details?.(existing) ?? {}) });
  }
  return existing;
}

/** The columns a created record stores for its key: the key and, with one, the input's fingerprint. */
export function idempotencyColumns(key: string | null, fingerprint: string): { idempotencyKey: string | null; idempotencyFingerprint: string | null } {
  return { idempotencyKey: key, idempotencyFingerprint: key ? fingerprint : null };
}
