import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLotStatusHistory1763884800000 implements MigrationInterface {
  name = 'CreateLotStatusHistory1763884800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE batch.material_lot
        ADD COLUMN status_before_hold text
        CHECK (status_before_hold IS NULL OR status_before_hold IN ('QUARANTINE', 'RELEASED'))`);
    await db.query(`
      CREATE TABLE batch.lot_status_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        from_status text,
        to_status text NOT NULL,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        exception_number text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await db.query(`CREATE INDEX lot_status_change_lot_idx ON batch.lot_status_change (lot_id, changed_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE batch.lot_status_change`);
    await db.query(`ALTER TABLE batch.material_lot DROP COLUMN status_before_hold`);
  }
}
