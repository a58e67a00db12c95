/**
 * The read model of group summaries (harmonized_subtree, migration SubtreeReadModel) checked
 * against the mappings it derives from, and rebuilt from them: for an operator after writes
 * that bypassed its triggers (a bulk load with triggers disabled, a restore of some tables
 * only). `npm run read-model` (src/cli/read-model.ts).
 */
import type { DataSource } from 'typeorm';

export interface SubtreeModelCheck {
  /** Rows the table holds. */
  rows: number;
  /** Keys the mappings call for that the table lacks. */
  missing: number;
  /** Keys the table holds that no counted mapping calls for. */
  extra: number;
  /** Keys in both whose count differs. */
  differing: number;
}

const CHECK_SQL = `
  SELECT (SELECT count(*)::int FROM harmonized_subtree) AS rows,
         count(*) FILTER (WHERE h.ancestor_code IS NULL)::int AS missing,
         count(*) FILTER (WHERE w.ancestor_code IS NULL)::int AS extra,
         count(*) FILTER (WHERE h.mappings <> w.mappings)::int AS differing
  FROM harmonized_subtree h
  FULL JOIN accord_subtree_counts() w
    ON (w.ancestor_code, w.version_id, w.child, w.tier) = (h.ancestor_code, h.version_id, h.child, h.tier)`;

/** Compare the table with the counts computed from the mappings now. One statement. */
export async function checkSubtreeModel(ds: DataSource): Promise<SubtreeModelCheck> {
  const [r] = await ds.query<SubtreeModelCheck[]>(CHECK_SQL);
  return r;
}

export const consistent = (c: SubtreeModelCheck) => c.missing === 0 && c.extra === 0 && c.differing === 0;

/**
 * Replace the table's rows with the counts computed from the mappings, in one transaction that
 * holds off writes to the mappings meanwhile (readers go on) and checks the result before it
 * commits.
 */
export async function rebuildSubtreeModel(ds: DataSource): Promise<SubtreeModelCheck> {
  return ds.transaction(async (m) => {
    await m.query('LOCK TABLE entry_mapping IN SHARE MODE');
    await m.query('DELETE FROM harmonized_subtree');
    await m.query('INSERT INTO harmonized_subtree (ancestor_code, version_id, child, tier, mappings) SELECT * FROM accord_subtree_counts()');
    const [r] = await m.query<SubtreeModelCheck[]>(CHECK_SQL);
    if (!consistent(r)) throw new Error(`the rebuilt read model still differs from the mappings: ${JSON.stringify(r)}`);
    return r;
  });
}
