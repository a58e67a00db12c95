/**
 * Canonical JSON: object keys sorted at every level, no whitespace. Two values that are
 * equal as JSON serialise to the same string, whatever order their keys were built or
 * stored in (PostgreSQL's jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(toJsonValue(value)));
}

/** The value as it will come back from a JSON column: dates as ISO strings, undefined dropped. */
export function toJsonValue<T>(value: T): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}
