import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A concordance cell shows each mapped entry's control number and title. The facts read
 * joined every mapping on the page's nodes to its entry for them (one entry lookup per
 * mapping). Now:
 * - the mapping also carries its entry's control number, title and whether the tier is
 *   illustrative (entry_control_number, entry_title, entry_tier_illustrative), kept with the
 *   version and tier by the same triggers in the writing transaction: set when a mapping is
 *   inserted or moved to another entry, and updated when an entry's version, tier, control
 *   number, title or tier_illustrative changes; the copy reads the entry FOR SHARE, so a
 *   mapping written while another transaction changes its entry carries the committed entry
 *   (without the lock each side missed the other's uncommitted row and the copy stayed stale);
 * - idx_entry_mapping_cell, on (taxonomy_code, status), includes them, so the facts on the
 *   asked nodes read that index alone.
 */
export class MappingCellCopies1796230000000 implements MigrationInterface {
  name = 'MappingCellCopies1796230000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER accord_entry_to_mappings ON control_entry`);
    await queryRunner.query(`DROP TRIGGER accord_mapping_entry_copy ON entry_mapping`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" ADD "entry_control_number" text`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" ADD "entry_title" text`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" ADD "entry_tier_illustrative" boolean`);
    await queryRunner.query(`
            UPDATE entry_mapping em
            SET entry_version_id = e.version_id, entry_tier = e.tier, entry_control_number = e.control_number, entry_title = e.title,
                entry_tier_illustrative = e.tier_illustrative
            FROM control_entry e WHERE e.id = em.entry_id
        `);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION accord_mapping_entry_copy() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- FOR SHARE: an uncommitted change of the entry is waited for (and then read), and the
                -- entry cannot change until this mapping commits (accord_entry_to_mappings then sees it).
                SELECT e.version_id, e.tier, e.control_number, e.title, e.tier_illustrative
                INTO NEW.entry_version_id, NEW.entry_tier, NEW.entry_control_number, NEW.entry_title, NEW.entry_tier_illustrative
                FROM control_entry e WHERE e.id = NEW.entry_id FOR SHARE;
                RETURN NEW;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_mapping_entry_copy
            BEFORE INSERT OR UPDATE OF entry_id, entry_version_id, entry_tier, entry_control_number, entry_title, entry_tier_illustrative ON entry_mapping
            FOR EACH ROW EXECUTE FUNCTION accord_mapping_entry_copy()
        `);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION accord_entry_to_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE entry_mapping
                SET entry_version_id = NEW.version_id, entry_tier = NEW.tier, entry_control_number = NEW.control_number, entry_title = NEW.title,
                    entry_tier_illustrative = NEW.tier_illustrative
                WHERE entry_id = NEW.id;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_entry_to_mappings AFTER UPDATE OF tier, version_id, control_number, title, tier_illustrative ON control_entry
            FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier OR OLD.version_id IS DISTINCT FROM NEW.version_id
                OR OLD.control_number IS DISTINCT FROM NEW.control_number OR OLD.title IS DISTINCT FROM NEW.title
                OR OLD.tier_illustrative IS DISTINCT FROM NEW.tier_illustrative)
            EXECUTE FUNCTION accord_entry_to_mappings()
        `);
    await queryRunner.query(`
            CREATE INDEX "idx_entry_mapping_cell" ON "entry_mapping" ("taxonomy_code", "status")
            INCLUDE ("relation", "entry_id", "entry_version_id", "entry_control_number", "entry_title", "entry_tier", "entry_tier_illustrative")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_entry_mapping_cell"`);
    await queryRunner.query(`DROP TRIGGER accord_entry_to_mappings ON control_entry`);
    await queryRunner.query(`DROP TRIGGER accord_mapping_entry_copy ON entry_mapping`);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION accord_mapping_entry_copy() RETURNS trigger LANGUAGE plpgsql AS $$
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
            CREATE OR REPLACE FUNCTION accord_entry_to_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`ALTER TABLE "entry_mapping" DROP COLUMN "entry_tier_illustrative"`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" DROP COLUMN "entry_title"`);
    await queryRunner.query(`ALTER TABLE "entry_mapping" DROP COLUMN "entry_control_number"`);
  }
}
