/**
 * Idempotency keys: a creating mutation given a key it has seen before returns the first
 * result only when the input is the same — every field of it, not a few. The service
 * stores a fingerprint (SHA-256 of the canonical, normalised input) with the record; a
 * retry with any other input is CONFLICT.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

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
