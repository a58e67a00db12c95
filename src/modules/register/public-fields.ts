/**
 * What the public register may carry (DESIGN.md §1 LicenceDecision, §3 Public register;
 * API.md): outcomes, rationales and statistics — never the end user, applicant or
 * destination of a licence. The writer strips these fields before storing an entry, and
 * every read path that serves entries to the public (the publicRegister query, the Atom
 * feed, the registerEntryPublished subscription) passes what it read through publicEntry,
 * so a row written before the rule (or by a careless caller) still never shows them.
 */
import { RegisterEntry } from './register-entry.entity';

/** Structured fields that name a licence's parties or destination, at any depth of `details`. */
export const CONFIDENTIAL_DETAIL_KEYS: ReadonlySet<string> = new Set([
  'endUser',
  'endUserId',
  'endUserName',
  'endUserCountry',
  'applicant',
  'applicantName',
  'destination',
]);

export function publicDetails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicDetails);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !CONFIDENTIAL_DETAIL_KEYS.has(k))
        .map(([k, v]) => [k, publicDetails(v)]),
    );
  }
  return value;
}

/** The entry as the public may read it. */
export function publicEntry(entry: RegisterEntry): RegisterEntry {
  return Object.assign(new RegisterEntry(), entry, { details: publicDetails(entry.details ?? {}) as Record<string, unknown> });
}
