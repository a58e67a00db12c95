import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disputes with due process: a timetable set at constitution, the urgent track,
 * overdue warnings, the respondent's security exception, cases filed on behalf of an
 * institution, the policy's panel clocks, third parties, comments on the interim report, the
 * votes' assessments of a security exception, and rulings that say whether they are final
 * and when their effect was applied. Existing rulings were applied when issued:
 * effect_applied_at = issued_at, final unless still open to appeal or replaced by an appeal.
 * Existing cases have no timetable, so their votes are not held for submissions.
 */
export class DisputeDueProcess1796130000000 implements MigrationInterface {
  name = 'DisputeDueProcess1796130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dispute_third_party" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dispute_id" uuid NOT NULL, "jurisdiction_code" character varying(8) NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0bcaafe5d6ad41e8e86c7473ee6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_22d7ed53b6700b433151c50b9c" ON "dispute_third_party" ("dispute_id", "jurisdiction_code")`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "first_submissions_due" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "rebuttals_due" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "interim_report_due" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "final_ruling_due" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "urgent" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "ruling_due_warned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "panel_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "security_exception_statement" text`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "security_exception_invoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_case" ADD "on_behalf_of" jsonb`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" ADD "final" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" ADD "effect_applied_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" ADD "security_exception_assessment" text`);
    await queryRunner.query(`ALTER TABLE "dispute_vote" ADD "security_exception_assessment" text`);
    await queryRunner.query(`ALTER TABLE "dispute_submission" ADD "on_interim_report" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" ADD "interim" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" ADD "comments_due" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "dispute_ruling" SET "effect_applied_at" = "issued_at"`);
    // A first ruling still open to appeal, or one an appeal replaced, is not final.
    await queryRunner.query(`
            UPDATE "dispute_ruling" r SET "final" = false FROM "dispute_case" d
            WHERE d.id = r.dispute_id AND r.round = 1 AND (d.status IN ('RULING_ISSUED', 'APPEALED') OR d.round > 1)`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_panel_submission_days" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_panel_rebuttal_days" integer NOT NULL DEFAULT '14'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_panel_interim_report_days" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_panel_final_ruling_days" integer NOT NULL DEFAULT '14'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_urgent_track_days" integer NOT NULL DEFAULT '60'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_third_party_join_days" integer NOT NULL DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "consortium" ADD "policy_appeal_ruling_days" integer NOT NULL DEFAULT '60'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_appeal_ruling_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_third_party_join_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_urgent_track_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_panel_final_ruling_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_panel_interim_report_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_panel_rebuttal_days"`);
    await queryRunner.query(`ALTER TABLE "consortium" DROP COLUMN "policy_panel_submission_days"`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" DROP COLUMN "comments_due"`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" DROP COLUMN "interim"`);
    await queryRunner.query(`ALTER TABLE "dispute_submission" DROP COLUMN "on_interim_report"`);
    await queryRunner.query(`ALTER TABLE "dispute_vote" DROP COLUMN "security_exception_assessment"`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" DROP COLUMN "security_exception_assessment"`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" DROP COLUMN "effect_applied_at"`);
    await queryRunner.query(`ALTER TABLE "dispute_ruling" DROP COLUMN "final"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "on_behalf_of"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "security_exception_invoked_at"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "security_exception_statement"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "panel_requested_at"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "ruling_due_warned_at"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "urgent"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "final_ruling_due"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "interim_report_due"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "rebuttals_due"`);
    await queryRunner.query(`ALTER TABLE "dispute_case" DROP COLUMN "first_submissions_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_22d7ed53b6700b433151c50b9c"`);
    await queryRunner.query(`DROP TABLE "dispute_third_party"`);
  }
}
