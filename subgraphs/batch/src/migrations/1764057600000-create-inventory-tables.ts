import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where lots are and how they got there: storage locations, inventory movements (receipt, issue, transfer,
 * return, shipment), serialised units under a lot (ISA-95 MaterialSubLot), the MES report a segment came from,
 * and recalls.
 */
export class CreateInventoryTables1764057600000 implements MigrationInterface {
  name = 'CreateInventoryTables1764057600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE batch.material_lot ADD COLUMN storage_location text`);
    await db.query(`CREATE INDEX material_lot_manufactured_idx ON batch.material_lot (manufactured_on)`);
    await db.query(`CREATE INDEX material_lot_created_idx ON batch.material_lot (created_at)`);
    // The MES report a segment was recorded from: the same report sent twice is recognised, not recorded twice.
    await db.query(`ALTER TABLE batch.production_segment ADD COLUMN report_id text UNIQUE`);
    await db.query(`
      CREATE TABLE batch.inventory_movement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        kind text NOT NULL CHECK (kind IN ('RECEIPT', 'ISSUE', 'TRANSFER', 'RETURN', 'SHIPMENT')),
        quantity numeric(18, 6) NOT NULL CHECK (quantity > 0),
        uom text NOT NULL,
        from_location text,
        to_location text,
        document_number text NOT NULL,
        moved_by text NOT NULL,
        moved_at timestamptz NOT NULL,
        request_id text,
        UNIQUE (kind, document_number, lot_id)
      )`);
    await db.query(`CREATE INDEX inventory_movement_lot_idx ON batch.inventory_movement (lot_id, moved_at)`);
    await db.query(`CREATE INDEX inventory_movement_time_idx ON batch.inventory_movement (moved_at)`);
    await db.query(`
      CREATE TABLE batch.material_sublot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        material_id uuid NOT NULL REFERENCES batch.material(id),
        serial_number text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (material_id, serial_number)
      )`);
    await db.query(`CREATE INDEX material_sublot_lot_idx ON batch.material_sublot (lot_id, serial_number)`);
    await db.query(`CREATE INDEX material_sublot_serial_idx ON batch.material_sublot (serial_number)`);
    await db.query(`
      CREATE TABLE batch.recall (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        root_lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        exception_number text,
        initiated_by text NOT NULL,
        initiated_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await db.query(`
      CREATE TABLE batch.recall_lot (
        recall_id uuid NOT NULL REFERENCES batch.recall(id),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        status_before text NOT NULL,
        status_after text NOT NULL,
        PRIMARY KEY (recall_id, lot_id)
      )`);
    await db.query(`CREATE INDEX recall_lot_lot_idx ON batch.recall_lot (lot_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['recall_lot', 'recall', 'material_sublot', 'inventory_movement']) await db.query(`DROP TABLE batch.${table}`);
    await db.query(`ALTER TABLE batch.production_segment DROP COLUMN report_id`);
    await db.query(`DROP INDEX batch.material_lot_created_idx`);
    await db.query(`DROP INDEX batch.material_lot_manufactured_idx`);
    await db.query(`ALTER TABLE batch.material_lot DROP COLUMN storage_location`);
  }
}
