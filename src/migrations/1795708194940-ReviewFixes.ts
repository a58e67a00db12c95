import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewFixes1795708194940 implements MigrationInterface {
  name = 'ReviewFixes1795708194940';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization"
            ADD "suspended_by_dispute_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "dispute_case"
            ADD "contested_status" character varying(32)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "dispute_case" DROP COLUMN "contested_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization" DROP COLUMN "suspended_by_dispute_id"
        `);
  }
}
