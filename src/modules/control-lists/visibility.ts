/**
 * Who reads which list versions and entries — one rule, used by every path that resolves
 * them (the list and version queries, search, diffs, the DataLoaders behind
 * `ControlEntry.version`, `EntryMapping.entry`, `TaxonomyNode.mappings`,
 * `ControlEntry.mappings`, and the response cache's key):
 *
 * - PUBLISHED and SUPERSEDED versions, and their entries, are public;
 * - a DRAFT version is work in progress: only the regulators of the list's own
 *   jurisdiction and the secretariat read it, its entries, and the mappings of its entries.
 *
 * A mapping is as visible as the entry it maps: a DRAFT entry can be mapped ahead of
 * publication, and neither the mapping nor the entry reaches anyone else.
 */
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';
import { VersionStatus } from './control-list.enums';

/** Drafts are work in progress: only the list's own regulators and the secretariat see them. */
export function maySeeDrafts(principal: AuthPrincipal | null, jurisdictionCode: string): boolean {
  if (!principal) return false;
  return principal.role === Role.SECRETARIAT || (principal.role === Role.REGULATOR && principal.jurisdiction === jurisdictionCode);
}

/** May the caller read this version (and its entries)? */
export function mayReadVersion(principal: AuthPrincipal | null, version: { status: VersionStatus | string }, listJurisdiction: string): boolean {
  return version.status !== VersionStatus.DRAFT || maySeeDrafts(principal, listJurisdiction);
}

/**
 * The same rule as SQL over a version alias `v` and its list alias `l`. `bind` adds a
 * parameter and returns its placeholder (`$3` for raw queries, `:name` for TypeORM's
 * query builder).
 */
export function readableVersionSql(principal: AuthPrincipal | null, bind: (value: unknown) => string, v = 'v', l = 'l'): string {
  if (principal?.role === Role.SECRETARIAT) return 'TRUE';
  if (principal?.role === Role.REGULATOR && principal.jurisdiction) {
    return `(${v}.status <> '${VersionStatus.DRAFT}' OR ${l}.jurisdiction_code = ${bind(principal.jurisdiction)})`;
  }
  return `${v}.status <> '${VersionStatus.DRAFT}'`;
}

/**
 * Everything the read rules depend on, as a string: callers with the same key see the
 * same answers (the response cache keys on it; a new rule depending on more must extend it).
 */
export function readerKey(principal: Pick<AuthPrincipal, 'role' | 'jurisdiction'> | null): string {
  return principal ? `${principal.role}:${principal.jurisdiction ?? ''}` : 'PUBLIC';
}
