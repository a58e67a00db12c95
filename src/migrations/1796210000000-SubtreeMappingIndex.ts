import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The harmonized views summarise a group node from every accepted mapping beneath it (per
 * list and immediate child, the most restrictive tier). That read compared every mapping's
 * code with every asked code, then joined each mapping to its entry for the version and the
 * tier. Now:
 * - every descendant of `X` is one index range: codes in ['X.', 'X/') in byte order ('/'
 *   follows '.'), on `taxonomy_code COLLATE "C"`;
 * - the mapping carries its entry's version and tier (entry_version_id, entry_tier), kept by
 *   triggers in the same transaction as the write: set when a mapping is inserted or moved to
 *   another entry, and updated when an entry's tier or version changes;
 * - the index includes them, so the summary reads the index alone.
 */
export class SubtreeMappingIndex1796210000000 implements MigrationInterface {
  name = 'SubtreeMappingIndex1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "entry_mapping" ADD "entry_version_id" uuid`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" ADD "entry_tier" character varying(16)`);
    await queryRunner.query(`
            UPDATE entry_mapping em SET entry_version_id = e.version_id, entry_tier = e.tier
            FROM control_entry e WHERE e.id = em.entry_id
        `);
    await queryRunner.query(`
            CREATE FUNCTION accord_mapping_entry_copy() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT e.version_id, e.tier INTO NEW.entry_version_id, NEW.entry_tier FROM control_entry e WHERE e.id = NEW.entry_id;
                RETURN NEW;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_mapping_entry_copy BEFORE INSERT OR UPDATE OF entry_id, entry_version_id, entry_tier ON entry_mapping
            FOR EACH ROW EXECUTE FUNCTION accord_mapping_entry_copy()
        `);
    await queryRunner.query(`
            CREATE FUNCTION accord_entry_to_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE entry_mapping SET entry_version_id = NEW.version_id, entry_tier = NEW.tier WHERE entry_id = NEW.id;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_entry_to_mappings AFTER UPDATE OF tier, version_id ON control_entry
            FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier OR OLD.version_id IS DISTINCT FROM NEW.version_id)
            EXECUTE FUNCTION accord_entry_to_mappings()
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_entry_mapping_subtree" ON "entry_mapping" (("taxonomy_code" COLLATE "C"), "status")
            INCLUDE ("relation", "entry_version_id", "entry_tier")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_entry_mapping_subtree"`);
    await queryRunner.query(`DROP TRIGGER accord_entry_to_mappings ON control_entry`);
    await queryRunner.query(`DROP FUNCTION accord_entry_to_mappings()`);
    await queryRunner.query(`DROP TRIGGER accord_mapping_entry_copy ON entry_mapping`);
    await queryRunner.query(`DROP FUNCTION accord_mapping_entry_copy()`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" DROP COLUMN "entry_tier"`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" DROP COLUMN "entry_version_id"`);
  }
}
