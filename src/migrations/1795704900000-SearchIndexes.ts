import { MigrationInterface, QueryRunner } from 'typeorm';

/** Control-number lookups (exact and sub-entries) by an index on upper(control_number). */
export class SearchIndexes1795704900000 implements MigrationInterface {
  name = 'SearchIndexes1795704900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_control_entry_number_upper" ON "control_entry" (upper(control_number) text_pattern_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_control_entry_number_upper"`);
  }
}
