import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditSignatureColumns } from '@lotgraph/server';

/** Audit entries signed from here on; the entries before are sealed by one signed entry after migrating. */
export class SignAuditEntries1766000000000 implements MigrationInterface {
  name = 'SignAuditEntries1766000000000';

  up(db: QueryRunner): Promise<void> {
    return addAuditSignatureColumns(db, 'compliance');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE compliance.audit_entry DROP COLUMN key_id, DROP COLUMN signature');
  }
}
