import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full-text document of an entry, stored and indexed, so ranking does not rebuild it
 * for every match. TypeORM records generated columns in its `typeorm_metadata` table
 * (created here when missing; keyed by the current database).
 */
export class SearchDocument1795706917573 implements MigrationInterface {
  name = 'SearchDocument1795706917573';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const expression = `to_tsvector('english'::regconfig, control_number || ' ' || title || ' ' || text)`;
    await queryRunner.query(`ALTER TABLE "control_entry" ADD "search_tsv" tsvector GENERATED ALWAYS AS (${expression}) STORED`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS "typeorm_metadata" (
        "type" character varying NOT NULL, "database" character varying, "schema" character varying,
        "table" character varying, "name" character varying, "value" text)`);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'control_entry', 'GENERATED_COLUMN', 'search_tsv', $1)`,
      [expression],
    );
    await queryRunner.query(`CREATE INDEX "idx_control_entry_search_tsv" ON "control_entry" USING GIN ("search_tsv")`);
    await queryRunner.query(`DROP INDEX "idx_control_entry_fts"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX "idx_control_entry_fts" ON "control_entry"
      USING GIN (to_tsvector('english'::regconfig, control_number || ' ' || title || ' ' || text))`);
    await queryRunner.query(`DROP INDEX "idx_control_entry_search_tsv"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'control_entry' AND "name" = 'search_tsv'`);
    await queryRunner.query(`ALTER TABLE "control_entry" DROP COLUMN "search_tsv"`);
  }
}
