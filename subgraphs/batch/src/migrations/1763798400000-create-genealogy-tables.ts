import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Production actuals (ISA-95 SegmentResponse / MaterialActual), the genealogy they yield, and shipments. */
export class CreateGenealogyTables1763798400000 implements MigrationInterface {
  name = 'CreateGenealogyTables1763798400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch.production_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        material_id uuid NOT NULL REFERENCES batch.material(id),
        planned_quantity numeric(18, 6) NOT NULL CHECK (planned_quantity > 0),
        status text NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'COMPLETED', 'CANCELLED')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE batch.production_segment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        production_order_id uuid NOT NULL REFERENCES batch.production_order(id),
        operation text NOT NULL,
        equipment_id uuid NOT NULL REFERENCES batch.equipment(id),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        operator text,
        parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await db.query(`CREATE INDEX production_segment_order_idx ON batch.production_segment (production_order_id)`);
    await db.query(`CREATE INDEX production_segment_equipment_idx ON batch.production_segment (equipment_id, started_at)`);
    await db.query(`
      CREATE TABLE batch.material_actual (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        segment_id uuid NOT NULL REFERENCES batch.production_segment(id),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        material_use text NOT NULL CHECK (material_use IN ('CONSUMED', 'PRODUCED')),
        quantity numeric(18, 6) NOT NULL CHECK (quantity > 0),
        uom text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX material_actual_segment_idx ON batch.material_actual (segment_id)`);
    await db.query(`CREATE INDEX material_actual_lot_idx ON batch.material_actual (lot_id)`);
    // One row per consumed-lot -> produced-lot pair of a segment: what traces walk.
    await db.query(`
      CREATE TABLE batch.genealogy_link (
        parent_lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        child_lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        segment_id uuid NOT NULL REFERENCES batch.production_segment(id),
        quantity numeric(18, 6) NOT NULL CHECK (quantity > 0),
        uom text NOT NULL,
        PRIMARY KEY (parent_lot_id, child_lot_id, segment_id),
        CHECK (parent_lot_id <> child_lot_id)
      )`);
    await db.query(`CREATE INDEX genealogy_link_child_idx ON batch.genealogy_link (child_lot_id, parent_lot_id)`);
    await db.query(`
      CREATE TABLE batch.customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        country text
      )`);
    await db.query(`
      CREATE TABLE batch.shipment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        customer_id uuid NOT NULL REFERENCES batch.customer(id),
        shipped_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE batch.shipment_line (
        shipment_id uuid NOT NULL REFERENCES batch.shipment(id),
        lot_id uuid NOT NULL REFERENCES batch.material_lot(id),
        quantity numeric(18, 6) NOT NULL CHECK (quantity > 0),
        uom text NOT NULL,
        PRIMARY KEY (shipment_id, lot_id)
      )`);
    await db.query(`CREATE INDEX shipment_line_lot_idx ON batch.shipment_line (lot_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['shipment_line', 'shipment', 'customer', 'genealogy_link', 'material_actual', 'production_segment', 'production_order']) {
      await db.query(`DROP TABLE batch.${table}`);
    }
  }
}
