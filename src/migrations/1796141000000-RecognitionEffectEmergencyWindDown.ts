import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recognition with a legal effect, and emergencies as health regulators run them.
 * Existing requests get the effect their subject kind implies; existing consortia on the
 * former default LAPSE move to NO_ANSWER (the outcome stands on the answers given). Existing
 * recognized requests get an implementation row per recognizing member, due from their
 * closing; confirmed authorizations are monitored again until their sunset (closed_at cleared).
 * Existing declarations have no affected destinations (any destination, as before), existing
 * applications and authorizations no quantity (not counted).
 */

export class RecognitionEffectEmergencyWindDown1796141000000 implements MigrationInterface {
  name = 'RecognitionEffectEmergencyWindDown1796141000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "recognition_implementation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "request_id" uuid NOT NULL,
                "jurisdiction_code" character varying(8) NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "act_reference" text,
                "effective_from" date,
                "recorded_at" TIMESTAMP WITH TIME ZONE,
                "recorded_by_id" text,
                "due_warned_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_575bb21091a52113c07b79ebdf9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8a4b3c11adbf033ffb531ca528" ON "recognition_implementation" ("recorded_at", "due_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_recognition_implementation" ON "recognition_implementation" ("request_id", "jurisdiction_code")
        `);
    await queryRunner.query(`
            ALTER TABLE "consortium"
            ADD "policy_recognition_implementation_days" integer NOT NULL DEFAULT '90'
        `);
    await queryRunner.query(`
            ALTER TABLE "consortium"
            ADD "policy_emergency_wind_down_days" integer NOT NULL DEFAULT '30'
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_declaration"
            ADD "trigger" text
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_declaration"
            ADD "affected_destinations" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application"
            ADD "quantity" double precision
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application"
            ADD "quantity_unit" character varying(30)
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application"
            ADD "escalated_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization"
            ADD "authorized_quantity" double precision
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization"
            ADD "quantity_unit" character varying(30)
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization"
            ADD "shipped_quantity" double precision NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization"
            ADD "wind_down_until" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request"
            ADD "effect" character varying(40)
        `);
    await queryRunner.query(`
            UPDATE "recognition_request" SET "effect" = CASE "subject_kind"
              WHEN 'LICENCE_DECISION' THEN 'REEXPORT_AUTHORISATION_WAIVED'
              WHEN 'END_USER_VERIFICATION' THEN 'END_USER_VETTING_ACCEPTED'
              ELSE 'CLASSIFICATION_ADOPTED' END
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request" ALTER COLUMN "effect" SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request"
            ADD "effect_valid_until" date
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request"
            ADD "silent_jurisdiction_codes" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "consortium"
            ALTER COLUMN "policy_silence_at_deadline"
            SET DEFAULT 'NO_ANSWER'
        `);
    await queryRunner.query(`UPDATE "consortium" SET "policy_silence_at_deadline" = 'NO_ANSWER' WHERE "policy_silence_at_deadline" = 'LAPSE'`);
    await queryRunner.query(`
            INSERT INTO "recognition_implementation" ("request_id", "jurisdiction_code", "due_at")
            SELECT q.id, r.jurisdiction_code, COALESCE(q.closed_at, now()) + make_interval(days => c.policy_recognition_implementation_days)
            FROM "recognition_request" q
            JOIN "consortium" c ON c.id = q.consortium_id
            JOIN "recognition_response" r ON r.request_id = q.id AND r.remanded_by_dispute_id IS NULL AND r.decision <> 'DECLINE'
            WHERE q.status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED')
            ON CONFLICT DO NOTHING
        `);
    await queryRunner.query(`UPDATE "provisional_authorization" SET "closed_at" = NULL WHERE "status" = 'CONFIRMED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "provisional_authorization" SET "closed_at" = COALESCE("reviewed_at", now()) WHERE "status" = 'CONFIRMED' AND "closed_at" IS NULL`,
    );
    await queryRunner.query(`UPDATE "consortium" SET "policy_silence_at_deadline" = 'LAPSE' WHERE "policy_silence_at_deadline" = 'NO_ANSWER'`);
    await queryRunner.query(`
            ALTER TABLE "consortium"
            ALTER COLUMN "policy_silence_at_deadline"
            SET DEFAULT 'LAPSE'
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request" DROP COLUMN "silent_jurisdiction_codes"
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request" DROP COLUMN "effect_valid_until"
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request" DROP COLUMN "effect"
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization" DROP COLUMN "wind_down_until"
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization" DROP COLUMN "shipped_quantity"
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization" DROP COLUMN "quantity_unit"
        `);
    await queryRunner.query(`
            ALTER TABLE "provisional_authorization" DROP COLUMN "authorized_quantity"
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application" DROP COLUMN "escalated_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application" DROP COLUMN "quantity_unit"
        `);
    await queryRunner.query(`
            ALTER TABLE "fast_track_application" DROP COLUMN "quantity"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_declaration" DROP COLUMN "affected_destinations"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_declaration" DROP COLUMN "trigger"
        `);
    await queryRunner.query(`
            ALTER TABLE "consortium" DROP COLUMN "policy_emergency_wind_down_days"
        `);
    await queryRunner.query(`
            ALTER TABLE "consortium" DROP COLUMN "policy_recognition_implementation_days"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_recognition_implementation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8a4b3c11adbf033ffb531ca528"
        `);
    await queryRunner.query(`
            DROP TABLE "recognition_implementation"
        `);
  }
}
