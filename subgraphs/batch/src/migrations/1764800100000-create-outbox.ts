import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable } from '@lotgraph/server';

/** The batch domain's transactional outbox: each refused use of a lot, told to the quality domain. */
export class CreateBatchOutbox1764800100000 implements MigrationInterface {
  name = 'CreateBatchOutbox1764800100000';

  async up(db: QueryRunner): Promise<void> {
    await createOutboxTable(db, 'batch');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE batch.outbox_message');
    await db.query('DROP FUNCTION batch.outbox_message_is_kept()');
  }
}
