import { MigrationInterface, QueryRunner } from 'typeorm';

export class Recognition1795702164582 implements MigrationInterface {
  name = 'Recognition1795702164582';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "end_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "normalized_name" text NOT NULL,
                "country" character varying(2) NOT NULL,
                "identifiers" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_189d43b9ce928ec96c0899c1cf5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_39dd254e8da4df094b8a235898" ON "end_user" ("normalized_name", "country")
        `);
    await queryRunner.query(`
            CREATE TABLE "end_user_verification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "end_user_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "verified_by_id" text,
                "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "valid_until" date,
                "note" text NOT NULL DEFAULT '',
                CONSTRAINT "PK_c889cec377cd536c0cdedf21be3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_53ded1e3900630a20aeb893d48" ON "end_user_verification" ("end_user_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "licence_decision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "jurisdiction_code" character varying(8) NOT NULL,
                "applicant" text NOT NULL,
                "end_user_id" uuid NOT NULL,
                "destination" character varying(2) NOT NULL,
                "taxonomy_codes" text array NOT NULL,
                "items" jsonb NOT NULL DEFAULT '[]',
                "tier" character varying(16),
                "outcome" character varying(32) NOT NULL,
                "conditions" text array NOT NULL DEFAULT '{}',
                "rationale" text NOT NULL,
                "valid_until" date,
                "confidential" boolean NOT NULL DEFAULT false,
                "decided_by_id" text,
                "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "idempotency_key" text,
                CONSTRAINT "PK_a08be554fa386fd8100c9876bfe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_licence_decision_idempotency" ON "licence_decision" ("jurisdiction_code", "idempotency_key")
            WHERE idempotency_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_55feb4285fbc1e411f2d178c7a" ON "licence_decision" ("jurisdiction_code", "decided_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4185a09e0133b838e89e7cbd15" ON "licence_decision" ("end_user_id", "outcome")
        `);
    await queryRunner.query(`
            CREATE TABLE "denial_consultation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "denial_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "consulted_jurisdiction_code" character varying(8) NOT NULL,
                "summary" text NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "recorded_by_id" text,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_91c97dc44ed9e777f439bf659ff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f8a37557f239be862ab969a881" ON "denial_consultation" ("denial_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "recognition_request" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "requesting_jurisdiction" character varying(8) NOT NULL,
                "concerned_jurisdiction_codes" text array NOT NULL,
                "subject_kind" character varying(32) NOT NULL,
                "subject_id" uuid NOT NULL,
                "justification" text NOT NULL,
                "status" character varying(24) NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "deadline" TIMESTAMP WITH TIME ZONE,
                "clock_stopped_at" TIMESTAMP WITH TIME ZONE,
                "clock_resumes_at" TIMESTAMP WITH TIME ZONE,
                "stopped_ms" bigint NOT NULL DEFAULT '0',
                "clock_stops" integer NOT NULL DEFAULT '0',
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "withdrawal_reason" text,
                "created_by_id" text,
                "idempotency_key" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_eb1cabd1908133ecc2df5b525f5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_recognition_request_idempotency" ON "recognition_request" ("requesting_jurisdiction", "idempotency_key")
            WHERE idempotency_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_adaacc32b414c9094eeacc2a82" ON "recognition_request" ("requesting_jurisdiction", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4ea2623d031b6831d133b8c5d7" ON "recognition_request" ("status", "deadline")
        `);
    await queryRunner.query(`
            CREATE TABLE "recognition_response" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "request_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "decision" character varying(32) NOT NULL,
                "rationale" text,
                "conditions" text array NOT NULL DEFAULT '{}',
                "criteria" text array NOT NULL DEFAULT '{}',
                "responded_by_id" text,
                "responded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "overturned_by_dispute_id" uuid,
                "original_decision" character varying(32),
                CONSTRAINT "PK_52d549575f7699911460986beeb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_7b5b1e28fc27b4d1b5884511e2" ON "recognition_response" ("request_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "information_request" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "request_id" uuid NOT NULL,
                "asked_by" character varying(8) NOT NULL,
                "question" text NOT NULL,
                "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "answer" text,
                "resumed_at" TIMESTAMP WITH TIME ZONE,
                "stopped_ms" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "PK_22ee58c0e1303385ecf6cda545d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4fed5dfeae0793f05adb6297a0" ON "information_request" ("request_id", "asked_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "end_user_verification"
            ADD CONSTRAINT "FK_6af438195c0a946dcda8c8aa2fe" FOREIGN KEY ("end_user_id") REFERENCES "end_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD CONSTRAINT "FK_281d2e79be423cbed0eda27fde5" FOREIGN KEY ("end_user_id") REFERENCES "end_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "denial_consultation"
            ADD CONSTRAINT "FK_cf83568d135577b86e1e1c39e95" FOREIGN KEY ("denial_id") REFERENCES "licence_decision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "denial_consultation" DROP CONSTRAINT "FK_cf83568d135577b86e1e1c39e95"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP CONSTRAINT "FK_281d2e79be423cbed0eda27fde5"
        `);
    await queryRunner.query(`
            ALTER TABLE "end_user_verification" DROP CONSTRAINT "FK_6af438195c0a946dcda8c8aa2fe"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4fed5dfeae0793f05adb6297a0"
        `);
    await queryRunner.query(`
            DROP TABLE "information_request"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7b5b1e28fc27b4d1b5884511e2"
        `);
    await queryRunner.query(`
            DROP TABLE "recognition_response"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4ea2623d031b6831d133b8c5d7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_adaacc32b414c9094eeacc2a82"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_recognition_request_idempotency"
        `);
    await queryRunner.query(`
            DROP TABLE "recognition_request"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f8a37557f239be862ab969a881"
        `);
    await queryRunner.query(`
            DROP TABLE "denial_consultation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4185a09e0133b838e89e7cbd15"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_55feb4285fbc1e411f2d178c7a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_licence_decision_idempotency"
        `);
    await queryRunner.query(`
            DROP TABLE "licence_decision"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_53ded1e3900630a20aeb893d48"
        `);
    await queryRunner.query(`
            DROP TABLE "end_user_verification"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_39dd254e8da4df094b8a235898"
        `);
    await queryRunner.query(`
            DROP TABLE "end_user"
        `);
  }
}
