import { MigrationInterface, QueryRunner } from 'typeorm';

export class HumanitarianWaivers1796142000000 implements MigrationInterface {
  name = 'HumanitarianWaivers1796142000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "humanitarian_waiver" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "sponsor_jurisdiction" character varying(8) NOT NULL,
                "programme" text NOT NULL,
                "taxonomy_codes" text array NOT NULL,
                "destinations" text array NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date NOT NULL,
                "conditions" text array NOT NULL DEFAULT '{}',
                "reporting_every_days" integer,
                "next_report_due" TIMESTAMP WITH TIME ZONE,
                "beneficiaries_public" boolean NOT NULL DEFAULT false,
                "status" character varying(16) NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "revocation_reason" text,
                "created_by_id" text,
                "idempotency_key" text,
                "idempotency_fingerprint" character(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3f37c831285474b319a24413299" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_humanitarian_waiver_idempotency" ON "humanitarian_waiver" ("sponsor_jurisdiction", "idempotency_key")
            WHERE idempotency_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_545839343a31cd3999c321bad9" ON "humanitarian_waiver" ("consortium_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_87e0023934c276e1354d84af27" ON "humanitarian_waiver" ("status", "valid_to")
        `);
    await queryRunner.query(`
            CREATE TABLE "humanitarian_waiver_beneficiary" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "waiver_id" uuid NOT NULL,
                "name" text NOT NULL,
                "normalized_name" text NOT NULL,
                "country" character varying(2) NOT NULL,
                "identifiers" text array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_8cc906fc1e49a7a15c7dae7da5f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_21135097567bde980f72821135" ON "humanitarian_waiver_beneficiary" ("normalized_name", "country")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d4ff7c28a46197877f3b2eb21b" ON "humanitarian_waiver_beneficiary" ("waiver_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "humanitarian_waiver_recognition" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "waiver_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "conditions" text array NOT NULL DEFAULT '{}',
                "status" character varying(16) NOT NULL,
                "recognized_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recognized_by_id" text,
                CONSTRAINT "PK_7e6885dc34cb64c98e0c796df04" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_humanitarian_waiver_recognition" ON "humanitarian_waiver_recognition" ("waiver_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "humanitarian_waiver_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "waiver_id" uuid NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "period_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_6d9e96fd0184281f2666f121b27" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_humanitarian_waiver_report_due" ON "humanitarian_waiver_report" ("waiver_id", "due_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."uq_humanitarian_waiver_report_due"
        `);
    await queryRunner.query(`
            DROP TABLE "humanitarian_waiver_report"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_humanitarian_waiver_recognition"
        `);
    await queryRunner.query(`
            DROP TABLE "humanitarian_waiver_recognition"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d4ff7c28a46197877f3b2eb21b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_21135097567bde980f72821135"
        `);
    await queryRunner.query(`
            DROP TABLE "humanitarian_waiver_beneficiary"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_87e0023934c276e1354d84af27"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_545839343a31cd3999c321bad9"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_humanitarian_waiver_idempotency"
        `);
    await queryRunner.query(`
            DROP TABLE "humanitarian_waiver"
        `);
  }
}
