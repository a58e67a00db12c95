import type { Role } from './role';

/** The caller as the token names it; `null` principal in a context means anonymous (PUBLIC). */
export interface AuthPrincipal {
  id: string;
  role: Role;
  jurisdiction: string | null;
  handle?: string;
  /** When the token it came from expires (ms since the epoch); subscriptions end then. */
  expiresAt?: number;
}

/** Who an audit event is attributed to: a principal, or the system (scheduled transitions). */
export interface Actor {
  id: string | null;
  role: Role | 'SYSTEM';
  jurisdiction: string | null;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ id: null, role: 'SYSTEM', jurisdiction: null });

export function actorOf(principal: AuthPrincipal | null): Actor {
  if (!principal) return { id: null, role: 'PUBLIC' as Role, jurisdiction: null };
  return { id: principal.id, role: principal.role, jurisdiction: principal.jurisdiction };
}
