/**
 * Who reads which audit events — one rule for `auditTrail` and every field that shows a
 * record's trail (`RecognitionRequest.auditTrail`): the secretariat and analysts read all
 * of it; a regulator the events its jurisdiction's principals caused; a panelist its own.
 * As SQL over an alias of audit_event; `bind` adds a parameter and returns its placeholder.
 */
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';

export function auditReadableSql(principal: AuthPrincipal | null, bind: (value: unknown) => string, e = 'e'): string {
  if (!principal) return 'FALSE';
  if (principal.role === Role.SECRETARIAT || principal.role === Role.ANALYST) return 'TRUE';
  if (principal.role === Role.REGULATOR) return `${e}.actor_jurisdiction = ${bind(principal.jurisdiction)}`;
  if (principal.role === Role.PANELIST) return `${e}.actor_id::text = ${bind(principal.id)}`;
  return 'FALSE';
}
