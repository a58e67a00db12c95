import { MigrationInterface, QueryRunner } from 'typeorm';

export class DataGovernance1796142100000 implements MigrationInterface {
  name = 'DataGovernance1796142100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "data_governance_attestation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "subject_kind" character varying(32) NOT NULL,
                "subject_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "materials" text array NOT NULL,
                "consent_basis" character varying(16),
                "ethics_approval_ref" text,
                "transfer_mechanism" character varying(24) NOT NULL,
                "pseudonymised" boolean NOT NULL,
                "storage_country" character varying(2) NOT NULL,
                "retention_until" date,
                "benefit_sharing" character varying(16) NOT NULL,
                "created_by_id" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e7b9baee6747b6b67ae4e1e3de2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d7ef1aef5f92282149eeb77dd8" ON "data_governance_attestation" ("subject_kind", "subject_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d7ef1aef5f92282149eeb77dd8"
        `);
    await queryRunner.query(`
            DROP TABLE "data_governance_attestation"
        `);
  }
}
