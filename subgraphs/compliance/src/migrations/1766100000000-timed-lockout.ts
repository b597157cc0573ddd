import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A lock after wrong passwords may lift on its own (LOTGRAPH_LOCKOUT); a lock from before stays until an ADMIN unlocks it. */
export class TimedLockout1766100000000 implements MigrationInterface {
  name = 'TimedLockout1766100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE compliance.user_account ADD COLUMN locked_until timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE compliance.user_account DROP COLUMN locked_until');
  }
}
