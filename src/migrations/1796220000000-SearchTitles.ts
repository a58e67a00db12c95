import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Look-alike titles (a search with a typo) are found among the distinct titles of entries,
 * not among the entries: the members' lists transpose the same regimes, so one title is
 * shared by many entries, and checking each candidate's trigram similarity was the cost of
 * that search (an index lookup yields thousands of candidates for a short word).
 * - `search_title`: each distinct title once (unique by its md5, so a title of any length
 *   fits), with a trigram index;
 * - `search_title_entry`: each entry's title, indexed by its md5 to find the entries of titles;
 * - `accord_lookalike_titles(q)`: the md5 of the titles that look like `q` (pg_trgm's `%`),
 *   read through the trigram index (the planner, counting a similarity as cheap, would
 *   otherwise compute it for every title of a table this small);
 * - triggers keep both in the transaction that writes the entry: an inserted entry or a new
 *   title adds its title (if new) and sets the entry's; a deleted entry's row goes with it
 *   (foreign key). A title no entry has any more stays in `search_title` and matches no entry.
 */
export class SearchTitles1796220000000 implements MigrationInterface {
  name = 'SearchTitles1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_title" ("title" text NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "idx_search_title_md5" ON "search_title" (md5("title"))`);
    await queryRunner.query(`
            CREATE TABLE "search_title_entry" (
                "entry_id" uuid NOT NULL PRIMARY KEY REFERENCES "control_entry" ("id") ON DELETE CASCADE,
                "title" text NOT NULL
            )
        `);
    await queryRunner.query(`INSERT INTO "search_title" ("title") SELECT DISTINCT "title" FROM "control_entry"`);
    await queryRunner.query(`INSERT INTO "search_title_entry" ("entry_id", "title") SELECT "id", "title" FROM "control_entry"`);
    await queryRunner.query(`CREATE INDEX "idx_search_title_trgm" ON "search_title" USING gin ("title" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_search_title_entry_md5" ON "search_title_entry" (md5("title"))`);
    await queryRunner.query(`ANALYZE "search_title", "search_title_entry"`);
    await queryRunner.query(`
            CREATE FUNCTION accord_lookalike_titles(q text) RETURNS SETOF text LANGUAGE sql STABLE
            SET enable_seqscan = off
            AS $$ SELECT md5(title) FROM search_title WHERE title % q $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION accord_search_title() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_title (title) VALUES (NEW.title) ON CONFLICT ((md5(title))) DO NOTHING;
                INSERT INTO search_title_entry (entry_id, title) VALUES (NEW.id, NEW.title)
                    ON CONFLICT (entry_id) DO UPDATE SET title = EXCLUDED.title;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_search_title_insert AFTER INSERT ON control_entry
            FOR EACH ROW EXECUTE FUNCTION accord_search_title()
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_search_title_update AFTER UPDATE OF title ON control_entry
            FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION accord_search_title()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER accord_search_title_update ON control_entry`);
    await queryRunner.query(`DROP TRIGGER accord_search_title_insert ON control_entry`);
    await queryRunner.query(`DROP FUNCTION accord_search_title()`);
    await queryRunner.query(`DROP FUNCTION accord_lookalike_titles(text)`);
    await queryRunner.query(`DROP TABLE "search_title_entry"`);
    await queryRunner.query(`DROP TABLE "search_title"`);
  }
}
