import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable } from '@lotgraph/server';

/** The quality domain's transactional outbox (hold requests to batch), and who reported an exception by hand. */
export class CreateOutbox1764500000000 implements MigrationInterface {
  name = 'CreateOutbox1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await createOutboxTable(db, 'quality');
    await db.query(`ALTER TABLE quality.quality_exception ADD COLUMN production_order_number text, ADD COLUMN reported_by text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE quality.quality_exception DROP COLUMN production_order_number, DROP COLUMN reported_by`);
    await db.query('DROP TABLE quality.outbox_message');
    await db.query('DROP FUNCTION quality.outbox_message_is_kept()');
  }
}
