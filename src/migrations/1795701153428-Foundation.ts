import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795701153428 implements MigrationInterface {
  name = 'Foundation1795701153428';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_event" (
                "seq" bigint NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_id" text,
                "actor_role" character varying(16) NOT NULL,
                "actor_jurisdiction" character varying(8),
                "action" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" text NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "rationale" text,
                "prev_hash" character(64) NOT NULL,
                "hash" character(64) NOT NULL,
                CONSTRAINT "UQ_ad6d5d24a1b0a012e92743ea185" UNIQUE ("hash"),
                CONSTRAINT "PK_53300da00860bdf4dc3ef7daae6" PRIMARY KEY ("seq")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_695d5351802e4f0f4b9a04116c" ON "audit_event" ("subject_type", "subject_id", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "jurisdiction" (
                "code" character varying(8) NOT NULL,
                "name" text NOT NULL,
                "kind" character varying(16) NOT NULL,
                "adopts_code" character varying(8),
                "adoption_note" text,
                CONSTRAINT "PK_c1d6ad3bf29ee463d99f0d08a0b" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "principal" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "handle" text NOT NULL,
                "display_name" text NOT NULL,
                "role" character varying(16) NOT NULL,
                "jurisdiction_code" character varying(8),
                "nationality" character varying(2),
                "organisation" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_ceed2f939cae135ff486beeb356" UNIQUE ("handle"),
                CONSTRAINT "PK_b3ff9fc87cb26d8e16f1cc56745" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "consortium" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "policy_published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "policy_recognition_review_days" integer NOT NULL DEFAULT '90',
                "policy_max_clock_stop_days" integer NOT NULL DEFAULT '30',
                "policy_max_clock_stops" integer NOT NULL DEFAULT '2',
                "policy_silence_at_deadline" character varying(24) NOT NULL DEFAULT 'LAPSE',
                "policy_emergency_review_hours" integer NOT NULL DEFAULT '72',
                "policy_max_provisional_days" integer NOT NULL DEFAULT '180',
                "policy_monitoring_every_days" integer NOT NULL DEFAULT '30',
                "policy_post_approval_review_days" integer NOT NULL DEFAULT '90',
                "policy_dispute_consultation_days" integer NOT NULL DEFAULT '60',
                "policy_panel_size" integer NOT NULL DEFAULT '3',
                "policy_appeal_window_days" integer NOT NULL DEFAULT '30',
                "policy_deadline_warning_days" integer NOT NULL DEFAULT '7',
                CONSTRAINT "UQ_d4a86123865a0d0526df0338e99" UNIQUE ("name"),
                CONSTRAINT "PK_4824052d8c31b96eb2205e803cb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "membership" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "consortium_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "role" character varying(16) NOT NULL,
                "since" date NOT NULL,
                "until" date,
                CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f31783a657515d4cbc35f66423" ON "membership" ("consortium_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            ALTER TABLE "jurisdiction"
            ADD CONSTRAINT "FK_a5743463af0e3beef535f8a52a1" FOREIGN KEY ("adopts_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "principal"
            ADD CONSTRAINT "FK_90599fa122f4f4380a54aec4571" FOREIGN KEY ("jurisdiction_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "membership"
            ADD CONSTRAINT "FK_31066de131b81da1e6a9b0992d5" FOREIGN KEY ("consortium_id") REFERENCES "consortium"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "membership"
            ADD CONSTRAINT "FK_fdfdde2117793b270aea37759e8" FOREIGN KEY ("jurisdiction_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // The audit trail is append-only: the database itself refuses edits and deletions
    // (the hash chain still detects any that bypass this, e.g. with triggers disabled).
    await queryRunner.query(`
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON "audit_event"
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_change ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "membership" DROP CONSTRAINT "FK_fdfdde2117793b270aea37759e8"
        `);
    await queryRunner.query(`
            ALTER TABLE "membership" DROP CONSTRAINT "FK_31066de131b81da1e6a9b0992d5"
        `);
    await queryRunner.query(`
            ALTER TABLE "principal" DROP CONSTRAINT "FK_90599fa122f4f4380a54aec4571"
        `);
    await queryRunner.query(`
            ALTER TABLE "jurisdiction" DROP CONSTRAINT "FK_a5743463af0e3beef535f8a52a1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f31783a657515d4cbc35f66423"
        `);
    await queryRunner.query(`
            DROP TABLE "membership"
        `);
    await queryRunner.query(`
            DROP TABLE "consortium"
        `);
    await queryRunner.query(`
            DROP TABLE "principal"
        `);
    await queryRunner.query(`
            DROP TABLE "jurisdiction"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_695d5351802e4f0f4b9a04116c"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_event"
        `);
  }
}
