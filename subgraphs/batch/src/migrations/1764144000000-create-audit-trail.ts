import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable } from '@lotgraph/server';

/** The batch domain's append-only, hash-chained audit trail. */
export class CreateAuditTrail1764144000000 implements MigrationInterface {
  name = 'CreateAuditTrail1764144000000';

  up(db: QueryRunner): Promise<void> {
    return createAuditTable(db, 'batch');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE batch.audit_entry');
    await db.query('DROP FUNCTION batch.audit_entry_is_append_only()');
  }
}
