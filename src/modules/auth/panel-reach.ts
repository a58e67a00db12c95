/**
 * What a panelist may read (DESIGN.md §3: a PANELIST sees "the cases it sits on"): the
 * dispute cases it sits on, in any round, and the decisions those cases contest — the
 * recognition request whose answer is contested (and the licence decision it asks others to
 * recognize), the provisional authorization (its fast-track application, and the licence it
 * was converted to), the denial behind a contested consultation. Nothing else: not every
 * request, decision, application and authorization of the consortium.
 *
 * One rule, as SQL: every read of those records for a PANELIST (lists and single reads)
 * adds the matching fragment. `bind` adds the principal id as a parameter and returns its
 * placeholder (`$3` or `:name`); principal ids are compared as text (tokens may carry any `sub`).
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';

type Bind = (value: unknown) => string;

/** Contested decisions (kind, id) of the cases the panelist sits on. */
const seats = (me: string, kind: string) =>
  `SELECT dc.contested_id FROM dispute_case dc JOIN dispute_panelist dp ON dp.dispute_id = dc.id
   WHERE dp.principal_id::text = ${me} AND dc.contested_kind = '${kind}'`;

export const panelReach = {
  disputeCase: (d: string, me: string) => `EXISTS (SELECT 1 FROM dispute_panelist dp WHERE dp.dispute_id = ${d}.id AND dp.principal_id::text = ${me})`,
  recognitionRequest: (r: string, me: string) =>
    `${r}.id IN (SELECT rr.request_id FROM recognition_response rr WHERE rr.id IN (${seats(me, 'RECOGNITION_RESPONSE')}))`,
  authorization: (a: string, me: string) => `${a}.id IN (${seats(me, 'PROVISIONAL_AUTHORIZATION')})`,
  application: (a: string, me: string) => `${a}.authorization_id IN (${seats(me, 'PROVISIONAL_AUTHORIZATION')})`,
  licenceDecision: (d: string, me: string) => `(
    ${d}.id IN (SELECT q.subject_id FROM recognition_request q JOIN recognition_response rr ON rr.request_id = q.id
                WHERE q.subject_kind = 'LICENCE_DECISION' AND rr.id IN (${seats(me, 'RECOGNITION_RESPONSE')}))
    OR ${d}.id IN (SELECT c.denial_id FROM denial_consultation c WHERE c.id IN (${seats(me, 'DENIAL_CONSULTATION')}))
    OR ${d}.id IN (SELECT pa.converted_decision_id FROM provisional_authorization pa WHERE pa.id IN (${seats(me, 'PROVISIONAL_AUTHORIZATION')})))`,
};

/**
 * The fragment limiting `alias` of `kind` to the caller's reach: 'TRUE' for every role but
 * PANELIST (their rules are elsewhere), the panelist's reach otherwise.
 */
export function reachSql(principal: AuthPrincipal | null, kind: Kind, alias: string, bind: Bind): string {
  if (principal?.role !== Role.PANELIST) return 'TRUE';
  return panelReach[kind](alias, bind(principal.id));
}

/** A TypeORM binder: `reachSql(p, kind, 'a', named(params))` then `.andWhere(sql, params)`. */
export function named(params: Record<string, unknown>, name = 'reachPrincipal'): Bind {
  return (value) => {
    params[name] = value;
    return `:${name}`;
  };
}

type Kind = keyof typeof panelReach;

/** The rows of `entity`, as `alias`, within the caller's reach: where a list of `kind` starts. */
export function withinReach<T extends ObjectLiteral>(
  source: DataSource | EntityManager,
  entity: EntityTarget<T>,
  principal: AuthPrincipal | null,
  kind: Kind,
  alias: string,
): SelectQueryBuilder<T> {
  const reach: Record<string, unknown> = {};
  return source
    .getRepository(entity)
    .createQueryBuilder(alias)
    .where(reachSql(principal, kind, alias, named(reach)), reach);
}

/** The row of `entity` with `id` when it is within the caller's reach, else null. */
export function reachedRow<T extends ObjectLiteral>(
  source: DataSource | EntityManager,
  entity: EntityTarget<T>,
  principal: AuthPrincipal | null,
  kind: Kind,
  alias: string,
  id: string,
): Promise<T | null> {
  const reach: Record<string, unknown> = {};
  return source
    .getRepository(entity)
    .createQueryBuilder(alias)
    .where(`${alias}.id = :id`, { id })
    .andWhere(reachSql(principal, kind, alias, named(reach)), reach)
    .getOne();
}
