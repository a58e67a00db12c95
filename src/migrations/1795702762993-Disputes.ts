import { MigrationInterface, QueryRunner } from 'typeorm';

export class Disputes1795702762993 implements MigrationInterface {
  name = 'Disputes1795702762993';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7b5b1e28fc27b4d1b5884511e2"
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_case" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "contested_kind" character varying(32) NOT NULL,
                "contested_id" uuid NOT NULL,
                "complainant" character varying(8) NOT NULL,
                "respondent" character varying(8),
                "grounds" text NOT NULL,
                "status" character varying(24) NOT NULL,
                "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "consultation_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "panel_requested_by" text array NOT NULL DEFAULT '{}',
                "round" integer NOT NULL DEFAULT '1',
                "settlement_terms" text,
                "appeal_deadline" TIMESTAMP WITH TIME ZONE,
                "appeal_grounds" text,
                "appealed_by" text,
                "withdrawal_reason" text,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "filed_by_id" text,
                "idempotency_key" text,
                CONSTRAINT "PK_e93579d501a5bbed624c6b40f21" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_dispute_idempotency" ON "dispute_case" ("complainant", "idempotency_key")
            WHERE idempotency_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2098f7f13b8018cfb3e3d73ff0" ON "dispute_case" ("contested_kind", "contested_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7ec6357285ff379562dd7baa52" ON "dispute_case" ("status")
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_panelist" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "round" integer NOT NULL,
                "principal_id" uuid NOT NULL,
                "appointed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_37eba576d40b927f5297ff83571" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d7c2ca2ef32c875f45edfb53ff" ON "dispute_panelist" ("principal_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_30aafeab4e3cd15e80eeca4cc8" ON "dispute_panelist" ("dispute_id", "round", "principal_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_conflict" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "principal_id" uuid NOT NULL,
                "note" text NOT NULL,
                "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_941e2608a088795cf4100010652" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_e03ca120ce09b6f2c22c0227bf" ON "dispute_conflict" ("dispute_id", "principal_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_submission" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "round" integer NOT NULL,
                "party" character varying(16) NOT NULL,
                "author_id" text,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "confidentiality" character varying(24) NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_ad757c16426650551e03f3b483a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bb543b04914c296773cf955075" ON "dispute_submission" ("dispute_id", "confidentiality")
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_vote" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "round" integer NOT NULL,
                "panelist_id" uuid NOT NULL,
                "vote" character varying(16) NOT NULL,
                "reasoning" text NOT NULL,
                "cast_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_811a48888ad75fa1dfe750c6546" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6fbb161c9882c58b9baf4be86f" ON "dispute_vote" ("dispute_id", "round", "panelist_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "dispute_ruling" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dispute_id" uuid NOT NULL,
                "round" integer NOT NULL,
                "outcome" character varying(16) NOT NULL,
                "rationale" text NOT NULL,
                "majority" integer NOT NULL,
                "panel_size" integer NOT NULL,
                "effect" text NOT NULL DEFAULT '',
                "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_037f9bc1a16de9e5adfb02ab565" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8b3558365310f6c515623f6c15" ON "dispute_ruling" ("dispute_id", "round")
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_response"
            ADD "remanded_by_dispute_id" uuid
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_recognition_response_live" ON "recognition_response" ("request_id", "jurisdiction_code")
            WHERE remanded_by_dispute_id IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."uq_recognition_response_live"
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_response" DROP COLUMN "remanded_by_dispute_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8b3558365310f6c515623f6c15"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_ruling"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6fbb161c9882c58b9baf4be86f"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_vote"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bb543b04914c296773cf955075"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_submission"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e03ca120ce09b6f2c22c0227bf"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_conflict"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_30aafeab4e3cd15e80eeca4cc8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d7c2ca2ef32c875f45edfb53ff"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_panelist"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7ec6357285ff379562dd7baa52"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2098f7f13b8018cfb3e3d73ff0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_dispute_idempotency"
        `);
    await queryRunner.query(`
            DROP TABLE "dispute_case"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_7b5b1e28fc27b4d1b5884511e2" ON "recognition_response" USING btree ("request_id", "jurisdiction_code")
        `);
  }
}
