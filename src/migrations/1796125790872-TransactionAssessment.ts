import { MigrationInterface, QueryRunner } from 'typeorm';

export class TransactionAssessment1796125790872 implements MigrationInterface {
  name = 'TransactionAssessment1796125790872';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "country_group" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "jurisdiction_code" character varying(8) NOT NULL,
                "code" character varying(40) NOT NULL,
                "name" text NOT NULL,
                "destinations" text array NOT NULL,
                "embargo" boolean NOT NULL DEFAULT false,
                "confidence" character varying(16) NOT NULL,
                "source" text NOT NULL,
                "notes" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9daa6103d4a5c44a7fe40cf9717" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_454ff49a4ea7130d7d56c7af52" ON "country_group" ("jurisdiction_code", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "licensing_rule" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "rule_key" character varying(40) NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "control_number" character varying(60) NOT NULL,
                "excludes_codes" text array NOT NULL DEFAULT '{}',
                "country_group_id" uuid,
                "destinations" text array,
                "except_country_groups" text array NOT NULL DEFAULT '{}',
                "requirement" character varying(24) NOT NULL,
                "prohibition" boolean NOT NULL DEFAULT false,
                "conditions" text array NOT NULL DEFAULT '{}',
                "reference" text NOT NULL,
                "priority" integer NOT NULL,
                "end_use_trigger" character varying(16),
                "effective_from" date,
                "effective_to" date,
                "applies_to" text,
                "confidence" character varying(16) NOT NULL,
                "source" text NOT NULL,
                "notes" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_978eadc585ddf6a392b3c3e939d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f4e8885d1b09633f960b43e417" ON "licensing_rule" ("jurisdiction_code", "control_number")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_38dfe5798c2f232cd1292da66b" ON "licensing_rule" (
                "jurisdiction_code",
                "rule_key",
                "control_number"
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "transaction_assessment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "exporting_jurisdiction" character varying(8) NOT NULL,
                "destination" character varying(2) NOT NULL,
                "end_use" character varying(24) NOT NULL,
                "end_user_id" uuid,
                "taxonomy_codes" text array NOT NULL,
                "input" jsonb NOT NULL,
                "result" jsonb NOT NULL,
                "proposed_tier" character varying(16) NOT NULL,
                "risk_score" integer NOT NULL,
                "risk_level" character varying(16) NOT NULL,
                "requested_by_id" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_93be69c7d3a0124bb450c7359ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_12565534551a44a23d8ba257f1" ON "transaction_assessment" ("end_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "risk_policy" (
                "consortium_id" uuid NOT NULL,
                "policy" jsonb NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_f37817ee1aabe16a3f25db1cf68" PRIMARY KEY ("consortium_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "proposed_tier" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "risk_score" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "risk_level" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "tier_deviation_reason" text
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "assessment_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision"
            ADD "post_shipment_checks_due" date array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "country_group"
            ADD CONSTRAINT "FK_0b29693b6b9afc226c5de164816" FOREIGN KEY ("jurisdiction_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "licensing_rule"
            ADD CONSTRAINT "FK_f4ca7b7cc4e43b1612cec80009a" FOREIGN KEY ("jurisdiction_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "licensing_rule"
            ADD CONSTRAINT "FK_e38c6dbab112a52a229281b7da4" FOREIGN KEY ("country_group_id") REFERENCES "country_group"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "risk_policy"
            ADD CONSTRAINT "FK_f37817ee1aabe16a3f25db1cf68" FOREIGN KEY ("consortium_id") REFERENCES "consortium"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "risk_policy" DROP CONSTRAINT "FK_f37817ee1aabe16a3f25db1cf68"
        `);
    await queryRunner.query(`
            ALTER TABLE "licensing_rule" DROP CONSTRAINT "FK_e38c6dbab112a52a229281b7da4"
        `);
    await queryRunner.query(`
            ALTER TABLE "licensing_rule" DROP CONSTRAINT "FK_f4ca7b7cc4e43b1612cec80009a"
        `);
    await queryRunner.query(`
            ALTER TABLE "country_group" DROP CONSTRAINT "FK_0b29693b6b9afc226c5de164816"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "post_shipment_checks_due"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "assessment_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "tier_deviation_reason"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "risk_level"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "risk_score"
        `);
    await queryRunner.query(`
            ALTER TABLE "licence_decision" DROP COLUMN "proposed_tier"
        `);
    await queryRunner.query(`
            DROP TABLE "risk_policy"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_12565534551a44a23d8ba257f1"
        `);
    await queryRunner.query(`
            DROP TABLE "transaction_assessment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_38dfe5798c2f232cd1292da66b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f4e8885d1b09633f960b43e417"
        `);
    await queryRunner.query(`
            DROP TABLE "licensing_rule"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_454ff49a4ea7130d7d56c7af52"
        `);
    await queryRunner.query(`
            DROP TABLE "country_group"
        `);
  }
}
