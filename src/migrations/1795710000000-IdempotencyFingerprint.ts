import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyFingerprint1795710000000 implements MigrationInterface {
  name = 'IdempotencyFingerprint1795710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['licence_decision', 'recognition_request', 'fast_track_application', 'dispute_case']) {
      await queryRunner.query(`
                ALTER TABLE "${table}"
                ADD "idempotency_fingerprint" character(64)
            `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dispute_case', 'fast_track_application', 'recognition_request', 'licence_decision']) {
      await queryRunner.query(`
                ALTER TABLE "${table}" DROP COLUMN "idempotency_fingerprint"
            `);
    }
  }
}
