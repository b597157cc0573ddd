import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable } from '@lotgraph/server';

/** The compliance domain's append-only, hash-chained audit trail: every change to a user or session. */
export class CreateAuditTrail1764400000001 implements MigrationInterface {
  name = 'CreateAuditTrail1764400000001';

  up(db: QueryRunner): Promise<void> {
    return createAuditTable(db, 'compliance');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE compliance.audit_entry');
    await db.query('DROP FUNCTION compliance.audit_entry_is_append_only()');
  }
}
