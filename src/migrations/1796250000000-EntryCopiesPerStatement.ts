import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mapping's copies of its entry's columns (migration MappingCellCopies) were brought up to
 * date by a row trigger on control_entry: one UPDATE of entry_mapping per changed entry, and
 * so, since SubtreeReadModel, one run of the read model's statement trigger per entry (a
 * statement changing the tier of a 2,500-entry version took ~2.0 s instead of ~0.5 s). Now
 * one statement trigger updates the mappings of every entry the statement changed, in one
 * UPDATE, from the statement's old and new rows. Same columns, same transaction; the mapping
 * side (accord_mapping_entry_copy, reading the entry FOR SHARE) is unchanged.
 */
export class EntryCopiesPerStatement1796250000000 implements MigrationInterface {
  name = 'EntryCopiesPerStatement1796250000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER accord_entry_to_mappings ON control_entry`);
    await queryRunner.query(`DROP FUNCTION accord_entry_to_mappings()`);
    await queryRunner.query(`
            CREATE FUNCTION accord_entries_to_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE entry_mapping em
                SET entry_version_id = n.version_id, entry_tier = n.tier, entry_control_number = n.control_number, entry_title = n.title,
                    entry_tier_illustrative = n.tier_illustrative
                FROM accord_entries_new n JOIN accord_entries_old o ON o.id = n.id
                WHERE em.entry_id = n.id
                  AND (o.tier IS DISTINCT FROM n.tier OR o.version_id IS DISTINCT FROM n.version_id OR o.control_number IS DISTINCT FROM n.control_number
                       OR o.title IS DISTINCT FROM n.title OR o.tier_illustrative IS DISTINCT FROM n.tier_illustrative);
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER accord_entries_to_mappings AFTER UPDATE ON control_entry
            REFERENCING OLD TABLE AS accord_entries_old NEW TABLE AS accord_entries_new
            FOR EACH STATEMENT EXECUTE FUNCTION accord_entries_to_mappings()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER accord_entries_to_mappings ON control_entry`);
    await queryRunner.query(`DROP FUNCTION accord_entries_to_mappings()`);
    await queryRunner.query(`
            CREATE FUNCTION accord_entry_to_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
