import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly } from '@lotgraph/server';

/**
 * Which quality exceptions hold a lot (holds the quality domain's containment placed), and each exception's
 * disposition of the lot, the only thing that lifts such a hold. Both append-only: a hold is lifted by adding its
 * disposition, never by editing the hold.
 */
export class CreateLotExceptionHolds1764600100000 implements MigrationInterface {
  name = 'CreateLotExceptionHolds1764600100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch.lot_exception_hold (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        exception_number text NOT NULL,
        held_by text NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        UNIQUE (lot_id, exception_number)
      )`);
    await db.query(`
      CREATE TABLE batch.lot_exception_disposition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        exception_number text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('USE_AS_IS', 'REWORK', 'SCRAP', 'RETURN_TO_SUPPLIER', 'RELEASE')),
        reason text NOT NULL,
        status_after text NOT NULL,
        applied_by text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        UNIQUE (lot_id, exception_number)
      )`);
    await makeAppendOnly(db, 'batch', 'lot_exception_hold');
    await makeAppendOnly(db, 'batch', 'lot_exception_disposition');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE batch.lot_exception_disposition`);
    await db.query(`DROP TABLE batch.lot_exception_hold`);
    await db.query(`DROP FUNCTION batch.lot_exception_disposition_is_append_only()`);
    await db.query(`DROP FUNCTION batch.lot_exception_hold_is_append_only()`);
  }
}
