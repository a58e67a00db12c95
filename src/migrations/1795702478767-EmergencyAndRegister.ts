import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmergencyAndRegister1795702478767 implements MigrationInterface {
  name = 'EmergencyAndRegister1795702478767';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "emergency_declaration" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "title" text NOT NULL,
                "taxonomy_codes" text array NOT NULL,
                "jurisdiction_codes" text array NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "declared_by_id" text,
                "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_db04156e70d27b66bab3ad28406" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_92edf13efb3feac17d73443055" ON "emergency_declaration" ("consortium_id", "ends_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "fast_track_application" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "declaration_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "applicant" text NOT NULL,
                "end_user_id" uuid NOT NULL,
                "destination" character varying(2) NOT NULL,
                "taxonomy_codes" text array NOT NULL,
                "justification" text NOT NULL,
                "requested_until" TIMESTAMP WITH TIME ZONE,
                "status" character varying(16) NOT NULL,
                "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decision_due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by_id" text,
                "rationale" text,
                "conditions" text array NOT NULL DEFAULT '{}',
                "late_by_ms" bigint,
                "authorization_id" uuid,
                "filed_by_id" text,
                "idempotency_key" text,
                CONSTRAINT "PK_545f9dfdcf66eb0ef94caedffb9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_fast_track_idempotency" ON "fast_track_application" ("jurisdiction_code", "idempotency_key")
            WHERE idempotency_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b7fedf67fed3f0c0fc6b20cd27" ON "fast_track_application" ("declaration_id", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "provisional_authorization" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" uuid NOT NULL,
                "declaration_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "taxonomy_codes" text array NOT NULL,
                "status" character varying(16) NOT NULL,
                "conditions" text array NOT NULL DEFAULT '{}',
                "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "sunset_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "monitoring_every_days" integer NOT NULL,
                "next_report_due" TIMESTAMP WITH TIME ZONE NOT NULL,
                "review_due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "review_overdue_at" TIMESTAMP WITH TIME ZONE,
                "review_outcome" character varying(24),
                "review_rationale" text,
                "reviewed_at" TIMESTAMP WITH TIME ZONE,
                "converted_decision_id" uuid,
                "suspended_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_3bb8c030435dd5dff0565456d27" UNIQUE ("application_id"),
                CONSTRAINT "PK_3962a1e3324be3befc5a0edba18" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ff42c708bb84a3f400e87b2f47" ON "provisional_authorization" ("status", "next_report_due")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_662a59b6d161b7ab58909705c0" ON "provisional_authorization" ("status", "sunset_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "monitoring_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "authorization_id" uuid NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "shipments" jsonb NOT NULL DEFAULT '[]',
                "end_use_verified" boolean NOT NULL,
                "incidents" text,
                "late" boolean NOT NULL DEFAULT false,
                "submitted_by_id" text,
                CONSTRAINT "PK_4a8025f0938138cebd44827ef4e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_71897f6f0a5412434a33949a26" ON "monitoring_report" ("authorization_id", "submitted_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "register_entry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(32) NOT NULL,
                "consortium_id" uuid,
                "subject_id" uuid NOT NULL,
                "title" text NOT NULL,
                "summary" text NOT NULL,
                "rationale" text NOT NULL DEFAULT '',
                "jurisdictions" text array NOT NULL DEFAULT '{}',
                "details" jsonb NOT NULL DEFAULT '{}',
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_23a14e46208b8cdbbc42ee9e1d8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b6175cc29512611b00a8739421" ON "register_entry" ("subject_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e0a50189c15c3524caae14539c" ON "register_entry" ("published_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a3fe45f96b7aa027a1ba3abcf4" ON "register_entry" ("kind", "published_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a3fe45f96b7aa027a1ba3abcf4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e0a50189c15c3524caae14539c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b6175cc29512611b00a8739421"
        `);
    await queryRunner.query(`
            DROP TABLE "register_entry"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_71897f6f0a5412434a33949a26"
        `);
    await queryRunner.query(`
            DROP TABLE "monitoring_report"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_662a59b6d161b7ab58909705c0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ff42c708bb84a3f400e87b2f47"
        `);
    await queryRunner.query(`
            DROP TABLE "provisional_authorization"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b7fedf67fed3f0c0fc6b20cd27"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_fast_track_idempotency"
        `);
    await queryRunner.query(`
            DROP TABLE "fast_track_application"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_92edf13efb3feac17d73443055"
        `);
    await queryRunner.query(`
            DROP TABLE "emergency_declaration"
        `);
  }
}
