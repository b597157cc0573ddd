import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInspection1764057600000 implements MigrationInterface {
  name = 'CreateInspection1764057600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quality.inspection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lot_id uuid NOT NULL,
        lot_number text NOT NULL,
        sample_id text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('INCOMING', 'IN_PROCESS', 'FINAL')),
        test_name text NOT NULL,
        required boolean NOT NULL,
        result text NOT NULL CHECK (result IN ('PASS', 'FAIL', 'PENDING')),
        measured_value numeric,
        unit text,
        attribute_value text,
        spec_reference text,
        inspected_by text NOT NULL,
        inspected_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        CONSTRAINT inspection_lot_sample_test_key UNIQUE (lot_id, sample_id, test_name),
        CONSTRAINT inspection_value_has_unit CHECK ((measured_value IS NULL) = (unit IS NULL)),
        CONSTRAINT inspection_result_has_value CHECK (
          (result = 'PENDING' AND measured_value IS NULL AND attribute_value IS NULL)
          OR (result <> 'PENDING' AND (measured_value IS NULL) <> (attribute_value IS NULL))
        )
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE quality.inspection`);
  }
}
