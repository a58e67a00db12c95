import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only: register entries written before the rule that the public register never names
 * the end user, applicant or destination of a licence (DESIGN.md §3). Recognition outcomes
 * of licence decisions were titled "… of its licence for <codes> to <end user> (<country>):
 * <STATUS>"; they become "… of its licence for <codes>: <STATUS>". Structured details lose
 * the fields naming a licence's parties or destination. Not reversible: the names are gone
 * from the register (they stay, confidential, on the decisions).
 */
export class RegisterWithoutLicenceParties1795709400000 implements MigrationInterface {
  name = 'RegisterWithoutLicenceParties1795709400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const licence = `request for recognition of its licence for [A-Z0-9_.]+(, [A-Z0-9_.]+)*`;
    await queryRunner.query(
      `UPDATE register_entry SET title = regexp_replace(title, $1, '\\1\\3')
       WHERE kind = 'RECOGNITION_OUTCOME' AND title ~ $2`,
      [`^(.* ${licence}) to .*(: [A-Z_]+)$`, ` ${licence} to .*: [A-Z_]+$`],
    );
    await queryRunner.query(`UPDATE register_entry SET details = details - $1::text[] WHERE details ?| $1::text[]`, [
      ['endUser', 'endUserId', 'endUserName', 'endUserCountry', 'applicant', 'applicantName', 'destination'],
    ]);
  }

  public async down(): Promise<void> {
    // Nothing to restore: the register never should have carried them.
  }
}
