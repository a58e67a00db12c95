/** Reads of lists, versions and entries: search, pages and version diffs. */
import type { ServiceDeps } from '../../services';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import type { AuthPrincipal } from '../auth/actor';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../jurisdictions/jurisdiction.service';
import { ControlEntry } from './control-entry.entity';
import { ControlList } from './control-list.entity';
import { LicensingTier, VersionStatus } from './control-list.enums';
import { ControlListVersion } from './control-list-version.entity';
import { mayReadVersion } from './visibility';

export interface EntryFilter {
  jurisdiction?: string | null;
  versionId?: string | null;
  text?: string | null;
  hsCode?: string | null;
  tier?: LicensingTier | null;
  taxonomyCode?: string | null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ListDiffResult {
  from: ControlListVersion;
  to: ControlListVersion;
  added: ControlEntry[];
  removed: ControlEntry[];
  modified: { controlNumber: string; fromEntry: ControlEntry; toEntry: ControlEntry; changes: FieldChange[] }[];
}

/** Fields compared by listDiff, in the order they are reported. */
export const DIFF_FIELDS = [
  'parentNumber', 'title', 'text', 'parameters', 'tier', 'exclusions', 'reasonsForControl', 'regimeReferences', 'hsCodes', 'notes', 'source',
] as const satisfies readonly (keyof ControlEntry)[];

/** The draft rule lives in ./visibility (one rule for every path); re-exported for existing callers. */
export { maySeeDrafts } from './visibility';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The stored full-text document (generated column, GIN-indexed). */
const FTS_DOC = 'e.search_tsv';
/**
 * At most this many entries matching a search's words (or, failing those, its look-alike
 * titles) are ranked and counted; more are reported as `totalCountCapped` (issue 21: a common
 * word matched thousands of entries, and ranking them all cost ~0.3 s).
 */
export const TEXT_RANK_CAP = 1000;

export class ControlListQueries {
  constructor(private readonly deps: ServiceDeps) {}

  /** Lists, optionally of one jurisdiction; an adopting state also sees the list it adopts. */
  async lists(jurisdiction?: string | null): Promise<ControlList[]> {
    const qb = this.deps.dataSource.getRepository(ControlList).createQueryBuilder('l').orderBy('l.jurisdiction_code').addOrderBy('l.name');
    if (jurisdiction) qb.where('l.jurisdiction_code = ANY(:codes)', { codes: await this.listJurisdictions(jurisdiction) });
    return qb.getMany();
  }

  /** The jurisdictions whose lists apply in `code`: itself and the one it adopts. */
  async listJurisdictions(code: string): Promise<string[]> {
    const j = await this.deps.dataSource.getRepository(Jurisdiction).findOneBy({ code: code.toUpperCase() });
    if (!j) return [code.toUpperCase()];
    return j.adoptsCode ? [j.code, j.adoptsCode] : [j.code];
  }

  async version(principal: AuthPrincipal | null, id: string): Promise<ControlListVersion | null> {
    if (!isUuid(id)) return null;
    const v = await this.deps.dataSource.getRepository(ControlListVersion).findOneBy({ id });
    if (!v) return null;
    if (v.status === VersionStatus.DRAFT) {
      const list = await this.deps.dataSource.getRepository(ControlList).findOneBy({ id: v.listId });
      if (!list || !mayReadVersion(principal, v, list.jurisdictionCode)) return null;
    }
    return v;
  }

  /** Entries of one version, by control number. */
  async versionEntries(versionId: string, first?: number | null, after?: string | null): Promise<ConnectionShape<ControlEntry>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, (v): v is string => typeof v === 'string');
    const qb = this.deps.dataSource.getRepository(ControlEntry).createQueryBuilder('e').where('e.version_id = :versionId', { versionId });
    const total = await qb.clone().getCount();
    if (cursor !== undefined) qb.andWhere('e.control_number > :cursor', { cursor });
    const rows = await qb.orderBy('e.control_number', 'ASC').limit(size + 1).getMany();
    return toConnection(rows, size, total, (e) => e.controlNumber);
  }

  /**
   * Search entries. `text` is full-text (ranked) and control-number aware: an exact
   * number ranks first, then its sub-entries (2B352 → 2B352.a…), then text matches, with
   * trigram similarity on titles catching typos. Only PUBLISHED versions unless versionId.
   */
  async search(principal: AuthPrincipal | null, filter: EntryFilter, first?: number | null, after?: string | null): Promise<ConnectionShape<ControlEntry>> {
    const size = pageSize(first);
    const offset = decodeCursor(after, (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < 1_000_000) ?? -1;
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.versionId) {
      const v = await this.version(principal, filter.versionId);
      if (!v) throw new NotFoundError('ControlListVersion', filter.versionId);
      where.push(`e.version_id = ${p(v.id)}`);
    } else {
      where.push(`v.status = 'PUBLISHED'`);
    }
    if (filter.jurisdiction) where.push(`l.jurisdiction_code = ANY(${p(await this.listJurisdictions(filter.jurisdiction))})`);
    if (filter.tier) where.push(`e.tier = ${p(filter.tier)}`);
    if (filter.hsCode) {
      const hs = filter.hsCode.trim();
      if (!/^\d{2,4}(\.?\d{0,4})?$/.test(hs)) throw new ValidationError('hsCode must be digits such as 8419 or 8419.89', 'filter.hsCode');
      // "8419" finds "8419.89"; "841989" finds "8419.89" too.
      where.push(`EXISTS (SELECT 1 FROM unnest(e.hs_codes) h WHERE replace(h, '.', '') LIKE ${p(escapeLike(hs.replace('.', '')) + '%')})`);
    }
    if (filter.taxonomyCode) {
      const code = filter.taxonomyCode.trim().toUpperCase();
      where.push(`EXISTS (SELECT 1 FROM entry_mapping em WHERE em.entry_id = e.id AND em.status = 'ACCEPTED'
        AND (em.taxonomy_code = ${p(code)} OR em.taxonomy_code LIKE ${p(escapeLike(code) + '.%')}))`);
    }
    let rankSelect = '0 AS number_rank, 0 AS text_rank, 0 AS sim';
    let textWhere = null as ((typos: boolean) => string) | null;
    let order = 'l.jurisdiction_code, e.control_number, e.id';
    const text = filter.text?.trim();
    if (text) {
      if (text.length > 200) throw new ValidationError('text is at most 200 characters', 'filter.text');
      // Ranked, bounded: its own statement (textSearch).
      return this.textSearch(text, where, params, size, offset);
    }
    const build = (typos: boolean) => `
      SELECT e.id, ${rankSelect}, count(*) OVER () AS total
      FROM control_entry e
      JOIN control_list_version v ON v.id = e.version_id
      JOIN control_list l ON l.id = v.list_id
      WHERE ${[...where, ...(textWhere ? [textWhere(typos)] : [])].join(' AND ')}
      ORDER BY ${order}
      OFFSET ${offset + 1} LIMIT ${size + 1}`;
    let sql = build(false);
    let ranked: { id: string; total: string }[] = await this.deps.dataSource.query(sql, params);
    if (textWhere && ranked.length === 0 && (offset < 0 || (await this.count(sql, params)) === 0)) {
      sql = build(true);
      ranked = await this.deps.dataSource.query(sql, params);
    }
    const total = ranked.length ? Number(ranked[0].total) : offset >= 0 ? await this.count(sql, params) : 0;
    const byId = new Map(
      (ranked.length ? await this.deps.dataSource.getRepository(ControlEntry).findBy(ranked.map((r) => ({ id: r.id }))) : []).map((e) => [e.id, e]),
    );
    const rows = ranked.map((r) => byId.get(r.id)!);
    return toConnection(rows, size, total, (e) => offset + 1 + rows.indexOf(e));
  }

  /**
   * Full-text search, ranked: an exact control number first, then its sub-entries (2B352 →
   * 2B352.a…), then word matches by ts_rank, then trigram similarity of the title; titles that
   * only look alike (typos) are searched when nothing else matches. Each way of matching is its
   * own indexed lookup that computes its ranks on the rows it reads (no second pass over
   * control_entry), with the filters inside it. The ranking work is bounded: of the entries
   * whose words match, at most TEXT_RANK_CAP (the first the index yields) are ranked and
   * counted; beyond that the answer says so (`totalCountCapped`, totalCount = the cap).
   * `where`/`params` are the other filters (on e, v, l) built by `search`.
   */
  private async textSearch(text: string, where: string[], params: unknown[], size: number, offset: number): Promise<ConnectionShape<ControlEntry> & { totalCountCapped: boolean }> {
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const t = p(text);
    const prefix = p(escapeLike(text.toUpperCase()) + '.%');
    const ranks = `e.id, e.control_number, l.jurisdiction_code,
        CASE WHEN upper(e.control_number) = upper(${t}) THEN 2 WHEN upper(e.control_number) LIKE ${prefix} THEN 1 ELSE 0 END AS number_rank,
        ts_rank(${FTS_DOC}, websearch_to_tsquery('english', ${t})) AS text_rank,
        similarity(e.title, ${t}) AS sim`;
    const from = `FROM control_entry e JOIN control_list_version v ON v.id = e.version_id JOIN control_list l ON l.id = v.list_id`;
    const filters = where.length ? ` AND ${where.join(' AND ')}` : '';
    const branch = (cond: string, limit = '') => `(SELECT ${ranks} ${from} WHERE ${cond}${filters}${limit})`;
    const candidates = (typos: boolean) =>
      typos
        ? branch(`e.title % ${t}`, ` LIMIT ${TEXT_RANK_CAP + 1}`)
        : [
            branch(`upper(e.control_number) = upper(${t})`),
            branch(`upper(e.control_number) LIKE ${prefix}`),
            branch(`${FTS_DOC} @@ websearch_to_tsquery('english', ${t})`, ` LIMIT ${TEXT_RANK_CAP + 1}`),
          ].join(' UNION ');
    const build = (typos: boolean) => `
      SELECT c.id, count(*) OVER () AS total
      FROM (${candidates(typos)}) c
      ORDER BY c.number_rank DESC, c.text_rank DESC, c.sim DESC, c.jurisdiction_code, c.control_number, c.id
      OFFSET ${offset + 1} LIMIT ${size + 1}`;
    const countOf = async (typos: boolean) => {
      const [{ n }] = await this.deps.dataSource.query(`SELECT count(*)::int AS n FROM (${candidates(typos)}) c`, params);
      return n as number;
    };
    let typos = false;
    let ranked: { id: string; total: string }[] = await this.deps.dataSource.query(build(false), params);
    if (ranked.length === 0 && (offset < 0 || (await countOf(false)) === 0)) {
      typos = true;
      ranked = await this.deps.dataSource.query(build(true), params);
    }
    const found = ranked.length ? Number(ranked[0].total) : offset >= 0 ? await countOf(typos) : 0;
    const capped = found > TEXT_RANK_CAP;
    const total = Math.min(found, TEXT_RANK_CAP);
    if (offset + 1 + size >= total) ranked = ranked.slice(0, Math.max(0, total - (offset + 1)));
    const byId = new Map(
      (ranked.length ? await this.deps.dataSource.getRepository(ControlEntry).findBy(ranked.map((r) => ({ id: r.id }))) : []).map((e) => [e.id, e]),
    );
    const rows = ranked.map((r) => byId.get(r.id)!);
    return { ...toConnection(rows, size, total, (e) => offset + 1 + rows.indexOf(e)), totalCountCapped: capped };
  }

  /** Total for a page past the end (the windowed count has no row to ride on). */
  private async count(sql: string, params: unknown[]): Promise<number> {
    const inner = sql.replace(/ORDER BY[\s\S]*$/, '');
    const [{ n }] = await this.deps.dataSource.query(`SELECT count(*)::int AS n FROM (${inner}) q`, params);
    return n;
  }

  /** Added, removed and modified entries between two versions, by control number. */
  async diff(principal: AuthPrincipal | null, fromVersionId: string, toVersionId: string): Promise<ListDiffResult> {
    const from = await this.version(principal, fromVersionId);
    if (!from) throw new NotFoundError('ControlListVersion', fromVersionId);
    const to = await this.version(principal, toVersionId);
    if (!to) throw new NotFoundError('ControlListVersion', toVersionId);
    const repo = this.deps.dataSource.getRepository(ControlEntry);
    const [a, b] = await Promise.all([
      repo.find({ where: { versionId: from.id }, order: { controlNumber: 'ASC' } }),
      repo.find({ where: { versionId: to.id }, order: { controlNumber: 'ASC' } }),
    ]);
    const before = new Map(a.map((e) => [e.controlNumber, e]));
    const after = new Map(b.map((e) => [e.controlNumber, e]));
    const modified: ListDiffResult['modified'] = [];
    for (const [number, next] of after) {
      const prev = before.get(number);
      if (!prev) continue;
      const changes = diffEntries(prev, next);
      if (changes.length) modified.push({ controlNumber: number, fromEntry: prev, toEntry: next, changes });
    }
    return {
      from,
      to,
      added: b.filter((e) => !before.has(e.controlNumber)),
      removed: a.filter((e) => !after.has(e.controlNumber)),
      modified,
    };
  }
}

/** Field-by-field differences between two entries (JSON equality for structured fields). */
export function diffEntries(prev: Pick<ControlEntry, (typeof DIFF_FIELDS)[number]>, next: Pick<ControlEntry, (typeof DIFF_FIELDS)[number]>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of DIFF_FIELDS) {
    const x = prev[field] ?? null;
    const y = next[field] ?? null;
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ field, from: x, to: y });
  }
  return changes;
}
