import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateQualityTables1763712100000 implements MigrationInterface {
  name = 'CreateQualityTables1763712100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quality.quality_exception (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        description text,
        severity text NOT NULL CHECK (severity IN ('MINOR', 'MAJOR', 'CRITICAL')),
        status text NOT NULL CHECK (status IN ('OPEN', 'CONTAINED', 'INVESTIGATING', 'DISPOSITIONED', 'VERIFIED', 'CLOSED')),
        detected_at timestamptz NOT NULL,
        due_at timestamptz,
        equipment_id uuid,
        parameter text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE quality.affected_lot (
        exception_id uuid NOT NULL REFERENCES quality.quality_exception(id),
        lot_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('RUNNING', 'CONSUMED', 'DOWNSTREAM', 'REPORTED')),
        PRIMARY KEY (exception_id, lot_id)
      )`);
    await db.query(`CREATE INDEX affected_lot_lot_idx ON quality.affected_lot (lot_id)`);
    await db.query(`CREATE INDEX quality_exception_status_idx ON quality.quality_exception (status, number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE quality.affected_lot`);
    await db.query(`DROP TABLE quality.quality_exception`);
  }
}
