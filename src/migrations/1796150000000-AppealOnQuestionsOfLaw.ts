import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dispute submissions say whether they are argument or new evidence: an appeal admits no new evidence. */
export class AppealOnQuestionsOfLaw1796150000000 implements MigrationInterface {
  name = 'AppealOnQuestionsOfLaw1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dispute_submission" ADD "nature" character varying(16) NOT NULL DEFAULT 'ARGUMENT'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dispute_submission" DROP COLUMN "nature"`);
  }
}
