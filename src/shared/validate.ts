/** Small input checks shared by the services; each failure is BAD_USER_INPUT naming the field. */
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { ValidationError } from './errors';
import { decodeCursor, lazyCount, pageSize, toConnection, type ConnectionShape } from './pagination';

// eslint-disable-next-line no-control-regex -- the pattern finds control characters to refuse them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed text of at most `max` characters, without control characters (newlines and tabs allowed). */
export function optionalText(v: string | null | undefined, field: string, max: number): string | null {
  const t = v?.trim() ?? '';
  const name = field.split('.').pop();
  if (!t) return null;
  if (t.length > max) throw new ValidationError(`${name} is at most ${max} characters`, field);
  if (CONTROL.test(t)) throw new ValidationError(`${name} contains control characters`, field);
  return t;
}

/** As optionalText, and it must be there. */
export function requiredText(v: string | null | undefined, field: string, max: number): string {
  const t = optionalText(v, field, max);
  if (t === null) throw new ValidationError(`${field.split('.').pop()} is required`, field);
  return t;
}

/**
 * A page newest first by (`timeColumn`, id), with an opaque keyset cursor. `qb` carries
 * the filters; the total is counted over them.
 */
export async function newestFirst<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  timeColumn: string,
  timeOf: (row: T) => Date,
  first?: number | null,
  after?: string | null,
): Promise<ConnectionShape<T>> {
  const size = pageSize(first);
  const cursor = decodeCursor(after, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  // Counted only when the caller selects totalCount (and then on its own statement).
  const countQb = qb.clone();
  const total = lazyCount(() => countQb.getCount());
  if (cursor) {
    const at = new Date(cursor[0]);
    const year = at.getUTCFullYear();
    if (
      Number.isNaN(at.getTime()) ||
      year < 1900 ||
      year > 9999 ||
      at.toISOString() !== cursor[0] ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cursor[1])
    ) {
      throw new ValidationError('after is not a valid cursor', 'after');
    }
    qb.andWhere(`(${alias}.${timeColumn}, ${alias}.id) < (:cursorAt::timestamptz, :cursorId::uuid)`, { cursorAt: cursor[0], cursorId: cursor[1] });
  }
  const rows = await qb
    .orderBy(`${alias}.${timeColumn}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(size + 1)
    .getMany();
  return toConnection(rows, size, total, (r) => [timeOf(r).toISOString(), r.id]);
}

/** Dates a regulatory record can carry: years 1900 to 9999 (PostgreSQL has no year 0, and JavaScript allows ±275,760). */
export function checkDate(value: Date | string | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  const d = typeof value === 'string' ? new Date(`${value}${value.length === 10 ? 'T00:00:00Z' : ''}`) : value;
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1900 || year > 9999)
    throw new ValidationError(`${field.split('.').pop()} must be a date between the years 1900 and 9999`, field);
}
