/**
 * The facts an assessment reads, one statement each, every read on the manager it is given:
 * entries in force mapped onto the items' nodes or their ancestors, the lists' coverage,
 * licensing rules and country groups; and how they are run together.
 */
import type { EntityManager } from 'typeorm';
import type { LicensingTier } from '../control-lists/control-list.enums';
import type { MappingRelation } from '../taxonomy/taxonomy.enums';
import type { EndUseTrigger, LicensingRequirement } from '../licensing/licensing.enums';
import type { EntryFact, GroupFact, RuleFact } from './assess';

type Q = Pick<EntityManager, 'query'>;

const inForce = (d: string) =>
  `v.status = 'PUBLISHED' AND (v.effective_from IS NULL OR v.effective_from <= ${d}) AND (v.effective_to IS NULL OR v.effective_to > ${d})`;

/**
 * Run the reads in parallel on the pool, or one after the other on a transaction's manager
 * (one connection: concurrent queries on it would only queue, and pg deprecates that).
 */
export async function together<T extends readonly (() => Promise<unknown>)[]>(
  sequential: boolean,
  tasks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!sequential) return (await Promise.all(tasks.map((t) => t()))) as never;
  const out: unknown[] = [];
  for (const t of tasks) out.push(await t());
  return out as never;
}

/** Entries in force on `today` of the lists, mapped (ACCEPTED) onto the nodes. */
export async function entryFacts(q: Q, nodeCodes: string[], lists: string[], today: string): Promise<EntryFact[]> {
  const rows = await q.query<Record<string, unknown>[]>(
    `SELECT em.taxonomy_code, em.relation, l.jurisdiction_code AS list_jurisdiction, e.id, e.control_number, e.title, e.parameters,
                e.reasons_for_control, e.regime_references, e.tier,
                ARRAY(SELECT em2.taxonomy_code FROM entry_mapping em2 WHERE em2.entry_id = e.id AND em2.status = 'ACCEPTED') AS mapped_codes
         FROM entry_mapping em
         JOIN control_entry e ON e.id = em.entry_id
         JOIN control_list_version v ON v.id = e.version_id
         JOIN control_list l ON l.id = v.list_id
         WHERE em.status = 'ACCEPTED' AND em.taxonomy_code = ANY($1) AND l.jurisdiction_code = ANY($2) AND ${inForce('$3')}
         ORDER BY l.jurisdiction_code, e.control_number`,
    [nodeCodes, lists, today],
  );
  return rows.map((r) => ({
    taxonomyCode: r.taxonomy_code as string,
    relation: r.relation as MappingRelation,
    listJurisdiction: r.list_jurisdiction as string,
    entryId: r.id as string,
    controlNumber: r.control_number as string,
    title: r.title as string,
    parameters: r.parameters as EntryFact['parameters'],
    reasonsForControl: r.reasons_for_control as string[],
    regimeReferences: r.regime_references as string[],
    tier: r.tier as LicensingTier,
    mappedCodes: r.mapped_codes as string[],
  }));
}

/** The coverage of the versions in force, per list jurisdiction. */
export async function listCoverage(q: Q, lists: string[], today: string): Promise<Map<string, string[]>> {
  const rows = await q.query<{ jurisdiction_code: string; coverage: string[] }[]>(
    `SELECT l.jurisdiction_code, v.coverage FROM control_list_version v JOIN control_list l ON l.id = v.list_id
         WHERE l.jurisdiction_code = ANY($1) AND ${inForce('$2')}`,
    [lists, today],
  );
  const coverage = new Map<string, string[]>();
  for (const r of rows) coverage.set(r.jurisdiction_code, [...(coverage.get(r.jurisdiction_code) ?? []), ...r.coverage]);
  return coverage;
}

/** The licensing rules in force on `today` of the lists' jurisdictions. */
export async function ruleFacts(q: Q, lists: string[], today: string): Promise<RuleFact[]> {
  const rows = await q.query<Record<string, unknown>[]>(
    `SELECT r.id, r.rule_key, r.jurisdiction_code, r.control_number, r.excludes_codes, g.jurisdiction_code || '/' || g.code AS group_key,
                r.destinations, r.except_country_groups, r.requirement, r.prohibition, r.conditions, r.reference, r.priority, r.end_use_trigger,
                r.confidence, r.source
         FROM licensing_rule r LEFT JOIN country_group g ON g.id = r.country_group_id
         WHERE r.jurisdiction_code = ANY($1) AND (r.effective_from IS NULL OR r.effective_from <= $2) AND (r.effective_to IS NULL OR r.effective_to > $2)`,
    [lists, today],
  );
  return rows.map((r) => ({
    id: r.id as string,
    ruleKey: r.rule_key as string,
    jurisdiction: r.jurisdiction_code as string,
    controlNumber: r.control_number as string,
    excludesCodes: r.excludes_codes as string[],
    countryGroup: (r.group_key as string | null) ?? null,
    destinations: r.destinations as string[] | null,
    exceptCountryGroups: r.except_country_groups as string[],
    requirement: r.requirement as LicensingRequirement,
    prohibition: r.prohibition as boolean,
    conditions: r.conditions as string[],
    reference: r.reference as string,
    priority: r.priority as number,
    endUseTrigger: r.end_use_trigger as EndUseTrigger | null,
    confidence: r.confidence as string,
    source: r.source as string,
  }));
}

/** Every country group, by its key (jurisdiction/code). */
export async function countryGroups(q: Q): Promise<Map<string, GroupFact>> {
  const rows = await q.query<GroupFact[]>(`SELECT jurisdiction_code || '/' || code AS key, name, destinations, embargo FROM country_group`);
  return new Map(rows.map((g) => [g.key, g]));
}
