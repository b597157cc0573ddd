import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attempts to use a lot its status forbids; kept for the quality domain to turn into exceptions. */
export class CreateLotUsageRefusal1763971200000 implements MigrationInterface {
  name = 'CreateLotUsageRefusal1763971200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch.lot_usage_refusal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        attempted_use text NOT NULL CHECK (attempted_use IN ('CONSUME', 'MOVE', 'SHIP')),
        lot_status text NOT NULL,
        reference text,
        attempted_by text NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await db.query(`CREATE INDEX lot_usage_refusal_time_idx ON batch.lot_usage_refusal (attempted_at)`);
    await db.query(`CREATE INDEX lot_usage_refusal_lot_idx ON batch.lot_usage_refusal (lot_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE batch.lot_usage_refusal`);
  }
}
