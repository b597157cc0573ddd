import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An exception reported by hand may carry its sender's idempotency key, and keeps the content it was reported with
 * (not the exception as it is later changed), so a retry under the key is answered with it, or refused when it says
 * something else. One key names one exception.
 */
export class ExceptionReportKeys1765420000000 implements MigrationInterface {
  name = 'ExceptionReportKeys1765420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE quality.quality_exception
      ADD COLUMN report_key text,
      ADD COLUMN report_content jsonb,
      ADD CONSTRAINT quality_exception_report_keyed CHECK ((report_key IS NULL) = (report_content IS NULL))`);
    await db.query('CREATE UNIQUE INDEX quality_exception_report_key ON quality.quality_exception (report_key) WHERE report_key IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX quality.quality_exception_report_key');
    await db.query(`ALTER TABLE quality.quality_exception DROP CONSTRAINT quality_exception_report_keyed, DROP COLUMN report_content, DROP COLUMN report_key`);
  }
}
