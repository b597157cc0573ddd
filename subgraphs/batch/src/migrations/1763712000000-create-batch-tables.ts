import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBatchTables1763712000000 implements MigrationInterface {
  name = 'CreateBatchTables1763712000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch.material (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        gtin text CHECK (gtin IS NULL OR gtin ~ '^[0-9]{14}$'),
        material_class text NOT NULL CHECK (material_class IN ('RAW', 'COMPONENT', 'SUBASSEMBLY', 'FINISHED_DEVICE')),
        critical boolean NOT NULL DEFAULT false,
        uom text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE batch.supplier (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        country text
      )`);
    await db.query(`
      CREATE TABLE batch.equipment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('ENTERPRISE', 'SITE', 'AREA', 'WORK_CENTER', 'WORK_UNIT')),
        parent_id uuid REFERENCES batch.equipment(id)
      )`);
    await db.query(`
      CREATE TABLE batch.material_lot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_number text NOT NULL UNIQUE,
        material_id uuid NOT NULL REFERENCES batch.material(id),
        status text NOT NULL CHECK (status IN ('QUARANTINE', 'RELEASED', 'ON_HOLD', 'REJECTED', 'RECALLED')),
        quantity numeric(18, 6) NOT NULL CHECK (quantity >= 0),
        uom text NOT NULL,
        supplier_id uuid REFERENCES batch.supplier(id),
        supplier_lot_number text,
        manufactured_on date,
        expires_on date,
        produced_on_equipment_id uuid REFERENCES batch.equipment(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX material_lot_material_idx ON batch.material_lot (material_id, lot_number)`);
    await db.query(`CREATE INDEX material_lot_status_idx ON batch.material_lot (status, lot_number)`);
    await db.query(`CREATE INDEX material_lot_supplier_idx ON batch.material_lot (supplier_id, lot_number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE batch.material_lot`);
    await db.query(`DROP TABLE batch.equipment`);
    await db.query(`DROP TABLE batch.supplier`);
    await db.query(`DROP TABLE batch.material`);
  }
}
