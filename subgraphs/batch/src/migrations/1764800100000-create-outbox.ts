import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable } from '@lotgraph/server';

/**
 * The batch domain's transactional outbox: each refused use of a lot, told to the quality domain. The refusals
 * kept before it are told too (quality records each once), so an upgraded database loses none.
 */
export class CreateBatchOutbox1764800100000 implements MigrationInterface {
  name = 'CreateBatchOutbox1764800100000';

  async up(db: QueryRunner): Promise<void> {
    await createOutboxTable(db, 'batch');
    await db.query(`
      INSERT INTO batch.outbox_message (topic, idempotency_key, subject, payload)
      SELECT 'quality.lotUsageRefused', 'refusal:' || r.id, r.lot_id::text,
             jsonb_build_object('refusalId', r.id, 'lotId', r.lot_id, 'lotNumber', l.lot_number, 'attemptedUse', r.attempted_use, 'lotStatus', r.lot_status,
                                'reference', r.reference, 'attemptedBy', r.attempted_by,
                                'attemptedAt', to_char(r.attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        FROM batch.lot_usage_refusal r JOIN batch.material_lot l ON l.id = r.lot_id
       ORDER BY r.attempted_at, r.id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE batch.outbox_message');
    await db.query('DROP FUNCTION batch.outbox_message_is_kept()');
  }
}
