import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Truthful harmonized views: an entry says whether its exclusions were recorded (entries
 * that list exclusions evidently were; the others are "not recorded" until someone says
 * otherwise, so "none entered" never passes for "none").
 */
export class TruthfulHarmonized1795709315000 implements MigrationInterface {
  name = 'TruthfulHarmonized1795709315000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "control_entry" ADD "exclusions_recorded" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "control_entry" SET "exclusions_recorded" = true WHERE "exclusions" <> '[]'::jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "control_entry" DROP COLUMN "exclusions_recorded"`);
  }
}
