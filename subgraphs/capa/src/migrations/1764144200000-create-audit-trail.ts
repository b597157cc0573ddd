import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable } from '@lotgraph/server';

/** The capa domain's append-only, hash-chained audit trail. */
export class CreateAuditTrail1764144200000 implements MigrationInterface {
  name = 'CreateAuditTrail1764144200000';

  up(db: QueryRunner): Promise<void> {
    return createAuditTable(db, 'capa');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE capa.audit_entry');
    await db.query('DROP FUNCTION capa.audit_entry_is_append_only()');
  }
}
