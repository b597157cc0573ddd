import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSignatureTable } from '@lotgraph/server';

/** The batch domain's append-only e-signatures (a lot's release signature). */
export class CreateESignature1764230400000 implements MigrationInterface {
  name = 'CreateESignature1764230400000';

  up(db: QueryRunner): Promise<void> {
    return createSignatureTable(db, 'batch');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE batch.e_signature');
    await db.query('DROP FUNCTION batch.e_signature_is_append_only()');
  }
}
