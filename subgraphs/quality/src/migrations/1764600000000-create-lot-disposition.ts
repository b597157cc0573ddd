import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly } from '@lotgraph/server';

/**
 * The back half of the exception workflow: when it was acknowledged, dispositioned, verified and closed, and
 * each affected lot's disposition (append-only: a disposition is final). Affected lots keep their lot number, so
 * a disposition names its lot without asking the batch domain.
 */
export class CreateLotDisposition1764600000000 implements MigrationInterface {
  name = 'CreateLotDisposition1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE quality.quality_exception
        ADD COLUMN acknowledged_at timestamptz, ADD COLUMN acknowledged_by text,
        ADD COLUMN dispositioned_at timestamptz,
        ADD COLUMN verified_at timestamptz, ADD COLUMN verified_by text,
        ADD COLUMN closed_at timestamptz, ADD COLUMN closed_by text`);
    await db.query(`ALTER TABLE quality.affected_lot ADD COLUMN lot_number text`);
    await db.query(`
      CREATE TABLE quality.lot_disposition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exception_id uuid NOT NULL REFERENCES quality.quality_exception(id),
        lot_id uuid NOT NULL,
        lot_number text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('USE_AS_IS', 'REWORK', 'SCRAP', 'RETURN_TO_SUPPLIER', 'RELEASE')),
        reason text NOT NULL,
        content_hash text NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        UNIQUE (exception_id, lot_id)
      )`);
    await makeAppendOnly(db, 'quality', 'lot_disposition');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE quality.lot_disposition`);
    await db.query(`DROP FUNCTION quality.lot_disposition_is_append_only()`);
    await db.query(`ALTER TABLE quality.affected_lot DROP COLUMN lot_number`);
    await db.query(`
      ALTER TABLE quality.quality_exception
        DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by, DROP COLUMN dispositioned_at,
        DROP COLUMN verified_at, DROP COLUMN verified_by, DROP COLUMN closed_at, DROP COLUMN closed_by`);
  }
}
