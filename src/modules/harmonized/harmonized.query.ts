/** The set-based statements behind the harmonized views: the facts (mappings of list versions in force) and the lists' coverage. */
import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '../../db/prepared';
import type { ControlEntry } from '../control-lists/control-entry.entity';
import type { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';

export interface FactRow {
  /** True for a subtree summary row (only asked_code, taxonomy_code = the child, list_jurisdiction and tier are set). */
  summary: boolean;
  /** The node asked about. */
  asked_code: string;
  taxonomy_code: string;
  relation: MappingRelation;
  list_jurisdiction: string;
  id: string;
  version_id: string;
  control_number: string;
  parent_number: string | null;
  title: string;
  text: string;
  parameters: ControlEntry['parameters'];
  reasons_for_control: string[];
  regime_references: string[];
  hs_codes: string[];
  notes: string | null;
  exclusions: ControlEntry['exclusions'];
  exclusions_recorded: boolean;
  tier: LicensingTier;
  tier_illustrative: boolean;
  source: string | null;
}

/** Where a statement runs: the data source (a pooled connection) or a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The version of each list in force on a date: the non-draft version that took effect
 * last on or before that day, unless it had ended by then. A SCHEDULED version counts from
 * its effectiveFrom, a SUPERSEDED one until its effectiveTo. A CTE `inforce` over the
 * lists of the parameter `lists` on the date parameter `day`.
 */
const inForce = (lists: string, day: string) => `
  inforce AS (
    SELECT * FROM (
      SELECT DISTINCT ON (v.list_id) v.id, v.list_id, v.coverage, v.effective_to, l.jurisdiction_code
      FROM control_list_version v JOIN control_list l ON l.id = v.list_id
      WHERE v.status IN ('PUBLISHED', 'SUPERSEDED', 'SCHEDULED') AND l.jurisdiction_code = ANY(${lists})
        AND COALESCE(v.effective_from, '-infinity'::date) <= ${day}::date
      ORDER BY v.list_id, v.effective_from DESC NULLS LAST, v.published_at DESC NULLS LAST
    ) latest
    WHERE latest.effective_to IS NULL OR latest.effective_to > ${day}::date
  )`;

/** Which entry columns a fact carries: all; all but LEAN_OMITTED_FIELDS' (an item); SLIM_ENTRY_FIELDS' (a concordance page). */
type FactsMode = 'full' | 'lean' | 'slim';

/**
 * The mappings on each asked code, over the CTEs `asked` (the codes asked about, column
 * `code`) and `inforce` (see inForce): the SELECT of the fact rows that are not summaries
 * (FactRow's columns, slim: those of a slim fact; unordered).
 */
function ownFacts(mode: FactsMode): string {
  const slim = mode === 'slim';
  // Slim: only the columns a slim fact carries (SLIM_ENTRY_FIELDS: what statuses and a concordance cell's usual selection need),
  // read from the mapping's copies of its entry's columns (kept by triggers, migration MappingCellCopies) without the entry.
  const entryColumns = slim
    ? `em.entry_id AS id, em.entry_version_id AS version_id, em.entry_control_number AS control_number, em.entry_title AS title,
            em.entry_tier AS tier, em.entry_tier_illustrative AS tier_illustrative`
    : mode === 'lean'
      ? // Lean: what the rules and an item's usual selection need; the long and rarely selected columns are null.
        `e.id, e.version_id, e.control_number, NULL::varchar AS parent_number, e.title, NULL::text AS text, e.parameters, e.reasons_for_control,
            NULL::text[] AS regime_references, NULL::text[] AS hs_codes, NULL::text AS notes, e.exclusions, e.exclusions_recorded, e.tier, e.tier_illustrative,
            NULL::text AS source`
      : `e.id, e.version_id, e.control_number, e.parent_number, e.title, e.text, e.parameters, e.reasons_for_control,
            e.regime_references, e.hs_codes, e.notes, e.exclusions, e.exclusions_recorded, e.tier, e.tier_illustrative, e.source`;
  // The mappings on each asked code with their entries; slim, one range of the covering index idx_entry_mapping_cell per code.
  const onCode = slim
    ? `SELECT em.taxonomy_code, em.relation, em.entry_id, em.entry_version_id, em.entry_control_number, em.entry_title, em.entry_tier, em.entry_tier_illustrative
       FROM entry_mapping em WHERE em.taxonomy_code = q.code AND em.status IN ('ACCEPTED', 'STALE') OFFSET 0`
    : `SELECT em.taxonomy_code, em.relation, em.entry_id FROM entry_mapping em WHERE em.taxonomy_code = q.code AND em.status IN ('ACCEPTED', 'STALE') OFFSET 0`;
  const entryJoins = slim
    ? `JOIN inforce v ON v.id = em.entry_version_id`
    : `JOIN control_entry e ON e.id = em.entry_id
     JOIN inforce v ON v.id = e.version_id`;
  return `
     SELECT false AS summary, q.code AS asked_code, em.taxonomy_code, em.relation, v.jurisdiction_code AS list_jurisdiction,
            ${entryColumns}
     FROM asked q
     CROSS JOIN LATERAL (
       ${onCode}
     ) em
     ${entryJoins}`;
}

/**
 * Per asked code, list jurisdiction in force and immediate child through which something
 * beneath is controlled, the most restrictive tier, over the same CTEs: from the read model
 * of the subtrees (harmonized_subtree, migration SubtreeReadModel), one range of its primary
 * key per code (a committed row always counts at least one mapping).
 */
const SUBTREE = `
       SELECT q.code AS asked_code, v.jurisdiction_code AS list_jurisdiction, h.child,
              (ARRAY['DECLARATION', 'STANDARD', 'ENHANCED'])[max(CASE h.tier WHEN 'ENHANCED' THEN 3 WHEN 'STANDARD' THEN 2 ELSE 1 END)] AS tier
       FROM asked q
       CROSS JOIN LATERAL (
         SELECT h.version_id, h.child, h.tier FROM harmonized_subtree h WHERE h.ancestor_code = q.code OFFSET 0
       ) h
       JOIN inforce v ON v.id = h.version_id
       GROUP BY 1, 2, 3`;

/** The fact rows (FactRow's columns, full or lean), the subtree summaries among them, over the same CTEs; unordered (order by asked_code, taxonomy_code, list_jurisdiction, control_number). */
const factsSelect = (mode: Exclude<FactsMode, 'slim'>) => `${ownFacts(mode)}
     UNION ALL
     SELECT true, s.asked_code, s.asked_code || '.' || s.child, 'NARROWER', s.list_jurisdiction,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            s.tier, NULL, NULL
     FROM (${SUBTREE}) s`;

/**
 * Controls on `codes` in the lists of `listJurisdictions`, from the versions in force on
 * `asOf`: accepted mappings, and STALE ones (accepted while their version was in force; a
 * newer version changed the entry). With them, in the same statement, a summary of each
 * code's subtree (a group node summarises its children): per list and immediate child
 * through which something below is controlled, the most restrictive tier — read from the
 * read model of the subtrees, so a root node does not fetch every fact beneath it. One statement.
 */
export async function queryFacts(db: Queryable, codes: string[], listJurisdictions: string[], asOf: string, slim = false): Promise<FactRow[]> {
  if (!codes.length || !listJurisdictions.length) return [];
  const head = `WITH ${inForce('$2', '$3')},
     asked AS (SELECT DISTINCT code FROM unnest($1::text[]) AS q(code))`;
  const values = [codes, listJurisdictions, asOf];
  if (!slim) return db.query(`${head} ${factsSelect('full')} ORDER BY 2, 3, 5, 8`, values);
  // Slim facts (a concordance page's ~2,700 mappings and ~2,500 summaries) come as two JSON
  // arrays of only the columns each kind has: the driver's parsing of as many 21-column rows
  // cost more than computing the page's cells, and one array of both kinds, mostly nulls,
  // cost the database ~30 ms a page to build.
  const [{ facts, summaries }] = await db.query<{ facts: SlimFact[]; summaries: [string, string, string, LicensingTier][] }[]>(
    `${head}
     SELECT (SELECT coalesce(json_agg(json_build_array(f.asked_code, f.relation, f.list_jurisdiction, f.id, f.version_id, f.control_number, f.title,
                                                       f.tier, f.tier_illustrative)
                                      ORDER BY f.asked_code, f.list_jurisdiction, f.control_number), '[]')
             FROM (${ownFacts('slim')}) f) AS facts,
            (SELECT coalesce(json_agg(json_build_array(s.asked_code, s.list_jurisdiction, s.child, s.tier)), '[]') FROM (${SUBTREE}) s) AS summaries`,
    values,
  );
  const rows = facts.map((f) => slimFact(f));
  for (const [asked, list, child, tier] of summaries) rows.push(summaryFact(asked, list, `${asked}.${child}`, tier));
  return rows;
}

/** A slim fact: asked_code, relation, list_jurisdiction, and the entry's id, version_id, control_number, title, tier and tier_illustrative. */
type SlimFact = [string, MappingRelation, string, string, string, string, string, LicensingTier, boolean];

/** A fact row from a slim fact: on `taxonomyCode` (the asked code, or for a summary its child); the columns a slim fact lacks are null. */
const slimFact = (f: SlimFact, summary = false, taxonomyCode = f[0]): FactRow => ({
  summary,
  asked_code: f[0],
  taxonomy_code: taxonomyCode,
  relation: f[1],
  list_jurisdiction: f[2],
  id: f[3],
  version_id: f[4],
  control_number: f[5],
  parent_number: null,
  title: f[6],
  text: null as unknown as string,
  parameters: null as unknown as FactRow['parameters'],
  reasons_for_control: null as unknown as string[],
  regime_references: null as unknown as string[],
  hs_codes: null as unknown as string[],
  notes: null,
  exclusions: null as unknown as FactRow['exclusions'],
  exclusions_recorded: null as unknown as boolean,
  tier: f[7],
  tier_illustrative: f[8],
  source: null,
});

/** A subtree summary row: only asked_code, taxonomy_code (the child), list_jurisdiction and tier are set. */
const summaryFact = (asked: string, list: string, child: string, tier: LicensingTier): FactRow =>
  slimFact([asked, MappingRelation.NARROWER, list, null, null, null, null, tier, null] as unknown as SlimFact, true, child);

/** Everything one harmonized item needs, from queryItem. */
export interface ItemRow {
  /** The node's row (snake_case columns), null when there is no such node. */
  node: { code: string; parent_code: string | null; label: string; description: string; kind: string; hs_codes: string[]; created_at: string } | null;
  /** The consortium answered for: the one named, or the only one when none is named; null when there is none such. */
  consortium_id: string | null;
  /** How many consortia matched (the one named: 0 or 1; none named: up to 2, the default needs exactly 1). */
  consortia: number;
  /** Current members, by code, with the list each adopts. */
  members: { code: string; adopts_code: string | null }[] | null;
  /** The jurisdiction rows of the members and of the lists they adopt (snake_case columns). */
  jurisdictions: { code: string; name: string; kind: string; adopts_code: string | null; adoption_note: string | null }[] | null;
  /** The facts on the node (see queryFacts), in its order. */
  facts: FactRow[] | null;
  /** The coverage of each list version in force. */
  coverage: { jurisdiction_code: string; coverage: string[] }[] | null;
}

/**
 * One harmonized item in ONE statement: the node, the consortium (the one named, or the
 * only one), its current members and their jurisdictions, the facts on the node and its
 * subtree summary (queryFacts' rules), and the coverage of the lists in force on `asOf`.
 */
export async function queryItem(ds: DataSource, code: string, consortiumId: string | null, asOf: string, lean = false): Promise<ItemRow> {
  const rows = await queryPrepared<ItemRow>(ds, lean ? ITEM_SQL_LEAN : ITEM_SQL, [code, consortiumId, asOf]);
  return rows[0];
}

/** ControlEntry fields a lean fact leaves null: an item read lean answers them by loading the whole entries. */
export const LEAN_OMITTED_FIELDS: ReadonlySet<string> = new Set(['parentNumber', 'text', 'regimeReferences', 'hsCodes', 'notes', 'source']);

const itemSql = (factsSql: string) => `WITH cons AS (SELECT id FROM consortium WHERE $2::uuid IS NULL OR id = $2::uuid ORDER BY name LIMIT 2),
     chosen AS (SELECT CASE WHEN count(*) = 1 THEN min(id::text)::uuid END AS id, count(*)::int AS n FROM cons),
     mem AS (
       SELECT m.jurisdiction_code AS code, j.adopts_code
       FROM membership m LEFT JOIN jurisdiction j ON j.code = m.jurisdiction_code
       WHERE m.consortium_id = (SELECT id FROM chosen) AND m.role = 'MEMBER' AND m.until IS NULL
     ),
     lists AS (
       SELECT coalesce(array_agg(DISTINCT x.j), '{}') AS codes FROM mem CROSS JOIN LATERAL (VALUES (mem.code), (mem.adopts_code)) AS x(j) WHERE x.j IS NOT NULL
     ),
     ${inForce('(SELECT codes FROM lists)::text[]', '$3')},
     asked AS (SELECT $1::text AS code),
     facts AS (${factsSql})
     SELECT
       (SELECT row_to_json(n) FROM taxonomy_node n WHERE n.code = $1) AS node,
       (SELECT id FROM chosen) AS consortium_id,
       (SELECT n FROM chosen) AS consortia,
       (SELECT json_agg(json_build_object('code', code, 'adopts_code', adopts_code) ORDER BY code) FROM mem) AS members,
       (SELECT json_agg(row_to_json(j)) FROM jurisdiction j WHERE j.code = ANY((SELECT codes FROM lists)::text[])) AS jurisdictions,
       (SELECT json_agg(f ORDER BY f.asked_code, f.taxonomy_code, f.list_jurisdiction, f.control_number) FROM facts f) AS facts,
       (SELECT json_agg(json_build_object('jurisdiction_code', jurisdiction_code, 'coverage', coverage)) FROM inforce) AS coverage`;
const ITEM_SQL = itemSql(factsSelect('full'));
const ITEM_SQL_LEAN = itemSql(factsSelect('lean'));

/** Taxonomy subtrees covered by the versions of each list jurisdiction in force on `asOf`. */
export async function queryCoverage(db: Queryable, listJurisdictions: string[], asOf: string): Promise<Map<string, string[]>> {
  if (!listJurisdictions.length) return new Map();
  const rows: { jurisdiction_code: string; coverage: string[] }[] = await db.query(
    `WITH ${inForce('$1', '$2')} SELECT jurisdiction_code, coverage FROM inforce`,
    [listJurisdictions, asOf],
  );
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.jurisdiction_code, [...(map.get(r.jurisdiction_code) ?? []), ...r.coverage]);
  return map;
}
