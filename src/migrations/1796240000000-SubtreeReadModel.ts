import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a mapping row (alias `m`) counts in the model: ACCEPTED or STALE, not RELATED, on an entry with a version and a tier. */
const counts = (m: string) =>
  `${m}.status IN ('ACCEPTED', 'STALE') AND ${m}.relation <> 'RELATED' AND ${m}.entry_version_id IS NOT NULL AND ${m}.entry_tier IS NOT NULL`;

/**
 * The net change per key of a statement's rows (`rows`: sign, taxonomy_code, status, relation,
 * entry_version_id, entry_tier), added to the counts by one upsert in key order: every writer
 * locks the keys it changes in the same order, so two statements may wait but never deadlock.
 */
const applyChanges = (rows: string) => `
                    WITH d AS (
                        SELECT a.ancestor_code, r.entry_version_id AS version_id, a.child, r.entry_tier AS tier, sum(r.sign)::int AS change
                        FROM (${rows}) r CROSS JOIN LATERAL accord_code_ancestors(r.taxonomy_code) a
                        WHERE ${counts('r')}
                        GROUP BY 1, 2, 3, 4 HAVING sum(r.sign) <> 0
                    )
                    INSERT INTO harmonized_subtree AS s (ancestor_code, version_id, child, tier, mappings)
                    SELECT ancestor_code, version_id, child, tier, change FROM d ORDER BY 1, 2, 3, 4
                    ON CONFLICT (ancestor_code, version_id, child, tier) DO UPDATE SET mappings = s.mappings + EXCLUDED.mappings`;

/**
 * A read model of the harmonized views' group summaries. A group node summarises what is
 * controlled beneath it: per list and immediate child, the most restrictive tier. That was
 * aggregated on every read from every mapping in the subtree (a 100-node concordance page
 * aggregated ~31,000 mappings: ~52 of its facts statement's ~83 ms). Now:
 * - `harmonized_subtree` holds, per ancestor code, list version, immediate child and tier,
 *   how many counted mappings lie beneath (ACCEPTED or STALE, not RELATED, on an entry of
 *   that version at that tier), so a summary reads a few rows per asked code;
 * - statement triggers on `entry_mapping` keep it in the writing transaction, from the rows
 *   each statement inserted, updated or deleted (transition tables): the net change per key
 *   is added to its count by one upsert in key order, and keys that reach zero are removed.
 *   Counts, not a stored maximum, so a removal is exact, and concurrent writers add their own
 *   changes under the row's lock instead of overwriting each other's; every statement locks
 *   its keys in the same order, so two of them cannot deadlock;
 * - a mapping's version and tier are its copies of its entry's (kept by
 *   accord_mapping_entry_copy and accord_entry_to_mappings), so a new tier, a mapping review
 *   or a list published with its mappings reach the model through those same rows; which
 *   version is in force on a date stays a read-time join, so scheduling needs no write here.
 */
export class SubtreeReadModel1796240000000 implements MigrationInterface {
  name = 'SubtreeReadModel1796240000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "harmonized_subtree" (
                "ancestor_code" text NOT NULL,
                "version_id" uuid NOT NULL,
                "child" text NOT NULL,
                "tier" character varying(16) NOT NULL,
                "mappings" integer NOT NULL,
                CONSTRAINT "PK_harmonized_subtree" PRIMARY KEY ("ancestor_code", "version_id", "child", "tier")
            )
        `);
    // Rows a statement has just brought to zero, found by the trigger's cleanup without a scan.
    await queryRunner.query(`CREATE INDEX "idx_harmonized_subtree_spent" ON "harmonized_subtree" ("ancestor_code") WHERE "mappings" <= 0`);
    // The (ancestor, child) pairs of a code: A.B.C → (A, B), (A.B, C).
    await queryRunner.query(`
            CREATE FUNCTION accord_code_ancestors(code text) RETURNS TABLE (ancestor_code text, child text)
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT array_to_string(p.parts[1:i], '.'), p.parts[i + 1]
                FROM (SELECT string_to_array(code, '.') AS parts) p, generate_series(1, cardinality(p.parts) - 1) AS i
            $$
        `);
    // What the model must hold, computed from the mappings: the backfill below, and what
    // `npm run read-model` checks the table against and rebuilds it from.
    await queryRunner.query(`
            CREATE FUNCTION accord_subtree_counts() RETURNS TABLE (ancestor_code text, version_id uuid, child text, tier varchar, mappings integer)
            LANGUAGE sql STABLE AS $$
                SELECT a.ancestor_code, em.entry_version_id, a.child, em.entry_tier, count(*)::int
                FROM entry_mapping em CROSS JOIN LATERAL accord_code_ancestors(em.taxonomy_code) a
                WHERE ${counts('em')}
                GROUP BY 1, 2, 3, 4
            $$
        `);
    await queryRunner.query(`INSERT INTO harmonized_subtree (ancestor_code, version_id, child, tier, mappings) SELECT * FROM accord_subtree_counts()`);
    await queryRunner.query(`ANALYZE harmonized_subtree`);
    // Static statements (planned once per connection), one per kind of statement: the rows it
    // inserted count +1, those it deleted -1, an update's old rows -1 and new rows +1.
    const counted = (table: string, sign: number) => `SELECT ${sign} AS sign, taxonomy_code, status, relation, entry_version_id, entry_tier FROM ${table}`;
    await queryRunner.query(`
            CREATE FUNCTION accord_subtree_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    ${applyChanges(counted('accord_subtree_new', 1))};
                ELSIF TG_OP = 'DELETE' THEN
                    ${applyChanges(counted('accord_subtree_old', -1))};
                ELSE
                    ${applyChanges(`${counted('accord_subtree_new', 1)} UNION ALL ${counted('accord_subtree_old', -1)}`)};
                END IF;
                -- Keys left with no mapping: this transaction's own rows (the partial index finds them).
                DELETE FROM harmonized_subtree WHERE mappings <= 0;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_subtree_insert AFTER INSERT ON entry_mapping
            REFERENCING NEW TABLE AS accord_subtree_new FOR EACH STATEMENT EXECUTE FUNCTION accord_subtree_apply()
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_subtree_update AFTER UPDATE ON entry_mapping
            REFERENCING OLD TABLE AS accord_subtree_old NEW TABLE AS accord_subtree_new FOR EACH STATEMENT EXECUTE FUNCTION accord_subtree_apply()
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_subtree_delete AFTER DELETE ON entry_mapping
            REFERENCING OLD TABLE AS accord_subtree_old FOR EACH STATEMENT EXECUTE FUNCTION accord_subtree_apply()
        `);
    await queryRunner.query(`
            CREATE FUNCTION accord_subtree_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                TRUNCATE harmonized_subtree;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(
      `CREATE TRIGGER accord_subtree_truncate AFTER TRUNCATE ON entry_mapping FOR EACH STATEMENT EXECUTE FUNCTION accord_subtree_truncate()`,
    );
    // The summaries no longer read mappings by subtree range.
    await queryRunner.query(`DROP INDEX "idx_entry_mapping_subtree"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "idx_entry_mapping_subtree" ON "entry_mapping" (("taxonomy_code" COLLATE "C"), "status")
            INCLUDE ("relation", "entry_version_id", "entry_tier")
        `);
    await queryRunner.query(`DROP TRIGGER accord_subtree_truncate ON entry_mapping`);
    await queryRunner.query(`DROP TRIGGER accord_subtree_delete ON entry_mapping`);
    await queryRunner.query(`DROP TRIGGER accord_subtree_update ON entry_mapping`);
    await queryRunner.query(`DROP TRIGGER accord_subtree_insert ON entry_mapping`);
    await queryRunner.query(`DROP FUNCTION accord_subtree_truncate()`);
    await queryRunner.query(`DROP FUNCTION accord_subtree_apply()`);
    await queryRunner.query(`DROP TABLE "harmonized_subtree"`);
    await queryRunner.query(`DROP FUNCTION accord_subtree_counts()`);
    await queryRunner.query(`DROP FUNCTION accord_code_ancestors(text)`);
  }
}
