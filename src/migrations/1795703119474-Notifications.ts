import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795703119474 implements MigrationInterface {
  name = 'Notifications1795703119474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "jurisdiction_code" character varying(8) NOT NULL,
                "url" text NOT NULL,
                "secret" text NOT NULL,
                "events" text array NOT NULL DEFAULT '{}',
                "active" boolean NOT NULL DEFAULT true,
                "created_by_id" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e6765510c2d078db49632b59020" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_24d90ca0b230513f1f1d043f1b" ON "webhook" ("jurisdiction_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "webhook_id" uuid NOT NULL,
                "event_type" text NOT NULL,
                "payload" jsonb NOT NULL,
                "status" character varying(16) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE,
                "last_status_code" integer,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "attempt_log" jsonb NOT NULL DEFAULT '[]',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4196d582849edee87b033af099" ON "webhook_delivery" ("webhook_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_68fd3a7ad4e5504350f64a3472" ON "webhook_delivery" ("status", "next_attempt_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "recognition_request"
            ADD "deadline_warned_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "recognition_request" DROP COLUMN "deadline_warned_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_68fd3a7ad4e5504350f64a3472"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4196d582849edee87b033af099"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_delivery"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_24d90ca0b230513f1f1d043f1b"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook"
        `);
  }
}
