import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable } from '@lotgraph/server';

/** The quality domain's append-only, hash-chained audit trail. */
export class CreateAuditTrail1764144100000 implements MigrationInterface {
  name = 'CreateAuditTrail1764144100000';

  up(db: QueryRunner): Promise<void> {
    return createAuditTable(db, 'quality');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE quality.audit_entry');
    await db.query('DROP FUNCTION quality.audit_entry_is_append_only()');
  }
}
