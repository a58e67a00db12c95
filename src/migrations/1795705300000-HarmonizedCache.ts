import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['control_list', 'control_list_version', 'control_entry', 'entry_mapping', 'taxonomy_node', 'membership', 'jurisdiction', 'consortium'];

/**
 * Any change to the data behind the harmonized views NOTIFYs `accord_harmonized`, so every
 * server instance empties its response cache (src/http/response-cache.ts). Statement-level
 * triggers: one notification per statement, delivered at commit.
 */
export class HarmonizedCache1795705300000 implements MigrationInterface {
  name = 'HarmonizedCache1795705300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION accord_harmonized_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('accord_harmonized', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const t of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER accord_harmonized_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION accord_harmonized_changed()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of TABLES) await queryRunner.query(`DROP TRIGGER accord_harmonized_changed ON "${t}"`);
    await queryRunner.query(`DROP FUNCTION accord_harmonized_changed()`);
  }
}
