import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSignatureTable, makeAppendOnly } from '@lotgraph/server';

/**
 * Specifications (versioned, approved by e-signature), the parameter catalogue per equipment, process readings
 * (accepted and rejected), rules as data and the violations they found.
 */
export class CreateSpecificationsReadingsRules1764316800000 implements MigrationInterface {
  name = 'CreateSpecificationsReadingsRules1764316800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quality.equipment_parameter (
        equipment_code text NOT NULL,
        parameter text NOT NULL,
        material_code text NOT NULL,
        operation text NOT NULL,
        unit text NOT NULL,
        PRIMARY KEY (equipment_code, parameter)
      )`);
    await db.query(`
      CREATE TABLE quality.specification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        spec_number text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        material_code text NOT NULL,
        operation text NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED')),
        effective_from timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        approved_by text,
        approved_at timestamptz,
        CONSTRAINT specification_number_version_key UNIQUE (spec_number, version)
      )`);
    await db.query(`
      CREATE TABLE quality.spec_parameter (
        specification_id uuid NOT NULL REFERENCES quality.specification (id),
        parameter text NOT NULL,
        unit text NOT NULL,
        lsl numeric NOT NULL,
        usl numeric NOT NULL,
        target numeric,
        lower_warning numeric,
        upper_warning numeric,
        critical boolean NOT NULL,
        PRIMARY KEY (specification_id, parameter),
        CHECK (lsl <= usl)
      )`);
    await db.query(`
      CREATE TABLE quality.process_reading (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reading_id text UNIQUE,
        equipment_code text NOT NULL,
        parameter text NOT NULL,
        value numeric NOT NULL,
        measured_at timestamptz NOT NULL,
        production_order text,
        lot_number text,
        specification_id uuid REFERENCES quality.specification (id),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await db.query(`CREATE INDEX process_reading_series_idx ON quality.process_reading (equipment_code, parameter, measured_at)`);
    await db.query(`
      CREATE TABLE quality.rejected_reading (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reading_id text,
        equipment_code text,
        parameter text,
        value text,
        measured_at text,
        reason text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await db.query(`
      CREATE TABLE quality.quality_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND')),
        parameter text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        enabled boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE quality.rule_violation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES quality.quality_rule (id),
        equipment_code text NOT NULL,
        parameter text NOT NULL,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        evidence jsonb NOT NULL,
        detail text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX rule_violation_window_idx ON quality.rule_violation (rule_id, equipment_code, parameter, last_at)`);
    await makeAppendOnly(db, 'quality', 'rejected_reading');
    await createSignatureTable(db, 'quality');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE quality.e_signature');
    await db.query('DROP FUNCTION quality.e_signature_is_append_only()');
    await db.query('DROP TABLE quality.rejected_reading');
    await db.query('DROP FUNCTION quality.rejected_reading_is_append_only()');
    for (const table of ['rule_violation', 'quality_rule', 'process_reading', 'spec_parameter', 'specification', 'equipment_parameter']) {
      await db.query(`DROP TABLE quality.${table}`);
    }
  }
}
