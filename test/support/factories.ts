/**
 * Test fixtures written straight to the database (what the API would have produced),
 * for tests that need a known world rather than the seeds.
 */
import type { DataSource } from 'typeorm';

export interface FixtureEntry {
  controlNumber: string;
  tier: 'DECLARATION' | 'STANDARD' | 'ENHANCED';
  title?: string;
  text?: string;
  parameters?: { name: string; comparator: string; value: number; unit: string }[];
  exclusions?: { kind: string; description: string; appliesTo?: string[] }[];
  /** Default: true when exclusions are given. */
  exclusionsRecorded?: boolean;
  tierIllustrative?: boolean;
  hsCodes?: string[];
  /** Accepted mappings: taxonomy code → relation. */
  maps?: Record<string, string>;
}

export async function createNodes(ds: DataSource, nodes: { code: string; parentCode?: string | null; label?: string; kind?: string }[]): Promise<void> {
  for (const n of nodes) {
    await ds.query(`INSERT INTO taxonomy_node (code, parent_code, label, kind) VALUES ($1, $2, $3, $4)`, [
      n.code,
      n.parentCode ?? null,
      n.label ?? n.code,
      n.kind ?? 'EQUIPMENT',
    ]);
  }
}

/** A list with one PUBLISHED version (in force from `effectiveFrom`, default 2026-01-01) holding `entries` and their accepted mappings. Returns the version id. */
export async function createPublishedList(
  ds: DataSource,
  jurisdiction: string,
  name: string,
  coverage: string[],
  entries: FixtureEntry[],
  effectiveFrom = '2026-01-01',
): Promise<string> {
  const [{ id: listId }] = await ds.query(`INSERT INTO control_list (jurisdiction_code, name) VALUES ($1, $2) RETURNING id`, [jurisdiction, name]);
  const [{ id: versionId }] = await ds.query(
    `INSERT INTO control_list_version (list_id, label, status, effective_from, coverage, published_at) VALUES ($1, 'fixture', 'PUBLISHED', $3, $2, now()) RETURNING id`,
    [listId, coverage, effectiveFrom],
  );
  for (const e of entries) {
    const [{ id }] = await ds.query(
      `INSERT INTO control_entry (version_id, control_number, title, text, parameters, exclusions, hs_codes, tier, exclusions_recorded, tier_illustrative)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        versionId,
        e.controlNumber,
        e.title ?? `Item ${e.controlNumber}`,
        e.text ?? `Controls item ${e.controlNumber}`,
        JSON.stringify(e.parameters ?? []),
        JSON.stringify(e.exclusions ?? []),
        e.hsCodes ?? [],
        e.tier,
        e.exclusionsRecorded ?? (e.exclusions ?? []).length > 0,
        e.tierIllustrative ?? false,
      ],
    );
    for (const [code, relation] of Object.entries(e.maps ?? {})) {
      await ds.query(`INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, $2, $3, 'ACCEPTED')`, [id, code, relation]);
    }
  }
  return versionId;
}
