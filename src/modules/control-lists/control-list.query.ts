/** Reads of lists, versions and entries: search, pages and version diffs. */
import { queryPrepared } from '../../db/prepared';
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { decodeCursor, lazyCount, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import type { AuthPrincipal } from '../../shared/actor';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../../shared/ids';
import { ControlEntry } from './control-entry.entity';
import { ControlList } from './control-list.entity';
import { LicensingTier, VersionStatus } from './control-list.enums';
import { ControlListVersion } from './control-list-version.entity';
import { mayReadVersion, readableVersionSql } from './visibility';

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
  'parentNumber',
  'title',
  'text',
  'parameters',
  'tier',
  'exclusions',
  'reasonsForControl',
  'regimeReferences',
  'hsCodes',
  'notes',
  'source',
] as const satisfies readonly (keyof ControlEntry)[];

/** What the caller selected of a page of entries (src/graphql/selection.ts); everything when absent. */
export interface EntryWant {
  totalCount?: boolean;
  /** Whether edges or pageInfo are selected (a bare `{ totalCount }` reads no page). */
  page?: boolean;
  /** GraphQL fields of ControlEntry selected under edges.node. */
  fields?: ReadonlySet<string>;
}

/** ControlEntry fields read from a column of their own; the rest resolve from id and version_id. */
const ENTRY_COLUMNS: Record<string, string> = {
  parentNumber: 'e.parent_number',
  title: 'e.title',
  text: 'e.text',
  parameters: 'e.parameters',
  reasonsForControl: 'e.reasons_for_control',
  regimeReferences: 'e.regime_references',
  hsCodes: 'e.hs_codes',
  notes: 'e.notes',
  exclusions: 'e.exclusions',
  tier: 'e.tier',
  tierIllustrative: 'e.tier_illustrative',
  source: 'e.source',
};

type EntryRow = Record<string, unknown> & { id: string; total?: string; cursor_jurisdiction?: string };

/** The list's jurisdiction of entry `e`, from the statement's `l` (control_list, joined through the version): what `jurisdiction` needs without three loaders. */
const LIST_JURISDICTION = 'l.jurisdiction_code AS list_jurisdiction_code';

/** The select list for the selected fields: id, version and control number always (keys, cursors, nested fields); `e` joins its version `v` and list `l`. */
export function entryColumns(fields?: ReadonlySet<string>): string {
  const wanted = Object.entries(ENTRY_COLUMNS)
    .filter(([field]) => !fields || fields.has(field))
    .map(([, col]) => col);
  if (fields?.has('jurisdiction')) wanted.push(LIST_JURISDICTION);
  return ['e.id', 'e.version_id', 'e.control_number', ...wanted].join(', ');
}

/** A ControlEntry from a row of entryColumns: the fields not read stay unset (they were not selected). */
export function entryFromRow(r: Record<string, unknown>): ControlEntry {
  const e = new ControlEntry();
  e.id = r.id as string;
  e.versionId = r.version_id as string;
  e.controlNumber = r.control_number as string;
  const set = (field: keyof ControlEntry, column: string) => {
    if (column in r) (e as unknown as Record<string, unknown>)[field] = r[column];
  };
  set('parentNumber', 'parent_number');
  set('title', 'title');
  set('text', 'text');
  set('parameters', 'parameters');
  set('reasonsForControl', 'reasons_for_control');
  set('regimeReferences', 'regime_references');
  set('hsCodes', 'hs_codes');
  set('notes', 'notes');
  set('exclusions', 'exclusions');
  set('tier', 'tier');
  set('tierIllustrative', 'tier_illustrative');
  set('source', 'source');
  if (typeof r.list_jurisdiction_code === 'string') e.listJurisdictionCode = r.list_jurisdiction_code;
  return e;
}

/** The draft rule lives in ./visibility (one rule for every path); re-exported for existing callers. */

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The stored full-text document (generated column, GIN-indexed). */
const FTS_DOC = 'e.search_tsv';
/**
 * At most this many entries matching a search's words (or, failing those, its look-alike
 * titles) are ranked and counted; more are reported as `totalCountCapped` (a common
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
    const counted = qb.clone();
    const total = lazyCount(() => counted.getCount());
    if (cursor !== undefined) qb.andWhere('e.control_number > :cursor', { cursor });
    const rows = await qb
      .orderBy('e.control_number', 'ASC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, total, (e) => e.controlNumber);
  }

  /**
   * Search or list entries. With `text`, a ranked search: full-text and control-number
   * aware — an exact number ranks first, then its sub-entries (2B352 → 2B352.a…), then text
   * matches, with trigram similarity on titles catching typos; its cursors are positions.
   * Without `text`, a plain listing in index order (of one version: by control number;
   * else by jurisdiction, control number, id), paged by keyset (cursors are the last key;
   * the position cursors of earlier releases are still accepted). Only PUBLISHED versions
   * unless versionId (then any version the caller may read: the draft rule is in the SQL).
   *
   * `want` says what the caller selected: the total is counted only when asked for, and
   * only the columns of the selected fields are read, in the same statement as the page.
   */
  async search(
    principal: AuthPrincipal | null,
    filter: EntryFilter,
    first?: number | null,
    after?: string | null,
    want: EntryWant = {},
  ): Promise<ConnectionShape<ControlEntry>> {
    const size = pageSize(first);
    const wantTotal = want.totalCount ?? true;
    const text = filter.text?.trim();
    const cursor = decodeCursor(
      after,
      (v): v is number | string[] =>
        (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < 1_000_000) ||
        (!text && Array.isArray(v) && v.length === (filter.versionId ? 1 : 3) && v.every((x) => typeof x === 'string' && x.length <= 1000)),
    );
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.versionId) {
      if (!isUuid(filter.versionId)) throw new NotFoundError('ControlListVersion', filter.versionId);
      // The draft rule as SQL (visibility.ts); an empty page checks the version itself below.
      where.push(`e.version_id = ${p(filter.versionId)}`, readableVersionSql(principal, p));
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
    const columns = entryColumns(want.fields);
    if (!text) return this.listing(principal, filter, where, params, columns, size, cursor, wantTotal, want.page ?? true);
    if (text.length > 200) throw new ValidationError('text is at most 200 characters', 'filter.text');
    const offset = typeof cursor === 'number' ? cursor : -1;
    // Ranked and bounded: its own statement (textSearch); counted with the ranking (the cap bounds it).
    const found = await this.textSearch(text, where, params, size, offset, columns);
    if (found.edges.length === 0 && filter.versionId) await this.mustReadVersion(principal, filter.versionId);
    return found;
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
  private async textSearch(
    text: string,
    where: string[],
    params: unknown[],
    size: number,
    offset: number,
    columns: string,
  ): Promise<ConnectionShape<ControlEntry> & { totalCountCapped: boolean }> {
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
        ? // Look-alike titles among the distinct titles (search_title, its trigram index), then their entries (by the titles' md5, indexed).
          branch(
            `e.id IN (SELECT te.entry_id FROM search_title_entry te WHERE md5(te.title) = ANY(ARRAY(SELECT accord_lookalike_titles(${t}))))`,
            ` LIMIT ${TEXT_RANK_CAP + 1}`,
          )
        : [
            branch(`upper(e.control_number) = upper(${t})`),
            branch(`upper(e.control_number) LIKE ${prefix}`),
            branch(`${FTS_DOC} @@ websearch_to_tsquery('english', ${t})`, ` LIMIT ${TEXT_RANK_CAP + 1}`),
          ].join(' UNION ');
    // The ranked page and its rows (only the selected columns) in one statement.
    const build = (typos: boolean) => `
      SELECT ${columns}, r.total
      FROM (
        SELECT c.id, count(*) OVER () AS total, c.number_rank, c.text_rank, c.sim, c.jurisdiction_code, c.control_number
        FROM (${candidates(typos)}) c
        ORDER BY c.number_rank DESC, c.text_rank DESC, c.sim DESC, c.jurisdiction_code, c.control_number, c.id
        OFFSET ${offset + 1} LIMIT ${size + 1}
      ) r
      JOIN control_entry e ON e.id = r.id JOIN control_list_version v ON v.id = e.version_id JOIN control_list l ON l.id = v.list_id
      ORDER BY r.number_rank DESC, r.text_rank DESC, r.sim DESC, r.jurisdiction_code, r.control_number, r.id`;
    const countOf = async (typos: boolean) => {
      const [{ n }] = await this.deps.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${candidates(typos)}) c`, params);
      return n;
    };
    let typos = false;
    let ranked: EntryRow[] = await this.deps.dataSource.query(build(false), params);
    if (ranked.length === 0 && (offset < 0 || (await countOf(false)) === 0)) {
      typos = true;
      ranked = await this.deps.dataSource.query(build(true), params);
    }
    const found = ranked.length ? Number(ranked[0].total) : offset >= 0 ? await countOf(typos) : 0;
    const capped = found > TEXT_RANK_CAP;
    const total = Math.min(found, TEXT_RANK_CAP);
    if (offset + 1 + size >= total) ranked = ranked.slice(0, Math.max(0, total - (offset + 1)));
    const rows = ranked.map(entryFromRow);
    return { ...toConnection(rows, size, total, (e) => offset + 1 + rows.indexOf(e)), totalCountCapped: capped };
  }

  /** A plain listing: keyset pages in index order, counted (a second statement) only when asked. */
  private async listing(
    principal: AuthPrincipal | null,
    filter: EntryFilter,
    where: string[],
    params: unknown[],
    columns: string,
    size: number,
    cursor: number | string[] | undefined,
    wantTotal: boolean,
    wantPage: boolean,
  ): Promise<ConnectionShape<ControlEntry>> {
    const from = `FROM control_entry e
      JOIN control_list_version v ON v.id = e.version_id
      JOIN control_list l ON l.id = v.list_id
      WHERE `;
    const countParams = [...params];
    // Of one version with no other filter, the count is an index-only scan of its entries,
    // under the version's row carrying the draft rule (no row: not readable, 0).
    const versionOnly = Boolean(filter.versionId) && where.length === 2 && !filter.jurisdiction && !filter.tier && !filter.hsCode && !filter.taxonomyCode;
    const countSql = versionOnly
      ? `SELECT (SELECT count(*)::int FROM control_entry e WHERE ${where[0]}) AS n
         FROM control_list_version v JOIN control_list l ON l.id = v.list_id WHERE v.id = $1 AND ${where[1]}`
      : `SELECT count(*)::int AS n ${from}${where.join(' AND ')}`;
    const pageWhere = [...where];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Of one version, control numbers are unique (the unique index on version_id,
    // control_number): that index gives the order and the keyset. Across versions, the
    // jurisdiction comes first and the id breaks ties.
    const order = filter.versionId ? 'e.control_number' : 'l.jurisdiction_code, e.control_number, e.id';
    let offset = '';
    if (Array.isArray(cursor)) {
      pageWhere.push(
        filter.versionId
          ? `e.control_number > ${p(cursor[0])}`
          : `(l.jurisdiction_code, e.control_number, e.id) > (${p(cursor[0])}, ${p(cursor[1])}, ${p(cursor[2])}::uuid)`,
      );
      if (!filter.versionId && !isUuid(cursor[2])) throw new ValidationError('after is not a valid cursor', 'after');
    } else if (typeof cursor === 'number') offset = ` OFFSET ${cursor + 1}`;
    const pageSql = `SELECT ${columns}${filter.versionId ? '' : ', l.jurisdiction_code AS cursor_jurisdiction'} ${from}${pageWhere.join(' AND ')}
      ORDER BY ${order}${offset} LIMIT ${size + 1}`;
    // Prepared (src/db/prepared.ts); a page at a position (OFFSET) has a text of its own, so it runs unnamed.
    const ds = this.deps.dataSource;
    const readPage = () => (offset ? ds.query<EntryRow[]>(pageSql, params) : queryPrepared<EntryRow>(ds, pageSql, params));
    const [found, counted] = await Promise.all([
      wantPage || !wantTotal ? readPage() : Promise.resolve([] as EntryRow[]),
      wantTotal ? queryPrepared<{ n: number }>(ds, countSql, countParams) : Promise.resolve([{ n: 0 }]),
    ]);
    if (!counted.length) counted.push({ n: 0 });
    // Nothing read: the version may not exist, or be another's draft (the rule is in both statements).
    if (found.length === 0 && counted[0].n === 0 && filter.versionId) await this.mustReadVersion(principal, filter.versionId);
    const jurisdictionOf = new Map(found.map((r) => [r.id, r.cursor_jurisdiction]));
    const rows = found.map(entryFromRow);
    return toConnection(rows, size, counted[0].n, (e) => (filter.versionId ? [e.controlNumber] : [jurisdictionOf.get(e.id), e.controlNumber, e.id]));
  }

  /** NotFound unless the version exists and the caller may read it (the draft rule). */
  private async mustReadVersion(principal: AuthPrincipal | null, versionId: string): Promise<void> {
    if (!(await this.version(principal, versionId))) throw new NotFoundError('ControlListVersion', versionId);
  }

  /** Total for a page past the end (the windowed count has no row to ride on). */
  private async count(sql: string, params: unknown[]): Promise<number> {
    const inner = sql.replace(/ORDER BY[\s\S]*$/, '');
    const [{ n }] = await this.deps.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${inner}) q`, params);
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
