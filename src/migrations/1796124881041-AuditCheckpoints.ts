import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditCheckpoints1796124881041 implements MigrationInterface {
  name = 'AuditCheckpoints1796124881041';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_checkpoint" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "seq" bigint NOT NULL,
                "head_hash" character(64) NOT NULL,
                "event_count" bigint NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "key_id" text NOT NULL,
                "signature" text NOT NULL,
                "created_by_id" text,
                CONSTRAINT "UQ_bbe7947942cf3aa13ede7d7b301" UNIQUE ("seq"),
                CONSTRAINT "PK_9720e45bb755b61bb1ab7d43839" PRIMARY KEY ("id")
            )
        `);
    // Append-only, like the chain it vouches for.
    await queryRunner.query(`
            CREATE FUNCTION audit_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_checkpoint is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON "audit_checkpoint"
            FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "audit_checkpoint"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "audit_checkpoint"
        `);
    await queryRunner.query(`DROP FUNCTION audit_checkpoint_append_only()`);
  }
}
