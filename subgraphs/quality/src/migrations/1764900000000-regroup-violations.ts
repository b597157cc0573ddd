import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A violation still running after its exception was dispositioned joins a new exception: a violation may be
 * linked to several exceptions over its life (the latest link is the one that grows).
 */
export class RegroupViolations1764900000000 implements MigrationInterface {
  name = 'RegroupViolations1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX quality.exception_violation_once');
    await db.query('CREATE INDEX exception_violation_by_violation ON quality.exception_violation (violation_id, linked_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX quality.exception_violation_by_violation');
    await db.query('CREATE UNIQUE INDEX exception_violation_once ON quality.exception_violation (violation_id)');
  }
}
