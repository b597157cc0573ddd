import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly } from '@lotgraph/server';

/**
 * Exceptions the rules raise: the violations each one groups (a burst from one cause is one exception), the
 * equipment code of the series, what graded it (the workflow template version and the facts it was given), when
 * its lots were all held and when it was escalated; and the versioned workflow templates.
 */
export class CreateRaisedExceptions1764700000000 implements MigrationInterface {
  name = 'CreateRaisedExceptions1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE quality.quality_exception
      ADD COLUMN equipment_code text,
      ADD COLUMN template_code text,
      ADD COLUMN template_version int,
      ADD COLUMN grading jsonb,
      ADD COLUMN impact_summary text,
      ADD COLUMN contained_at timestamptz,
      ADD COLUMN escalated_at timestamptz`);
    await db.query(`CREATE TABLE quality.exception_violation (
      exception_id uuid NOT NULL REFERENCES quality.quality_exception(id),
      violation_id uuid NOT NULL REFERENCES quality.rule_violation(id),
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (exception_id, violation_id))`);
    await db.query(`CREATE UNIQUE INDEX exception_violation_once ON quality.exception_violation (violation_id)`);
    await db.query(`CREATE INDEX quality_exception_series ON quality.quality_exception (equipment_code, parameter, status)`);
    await makeAppendOnly(db, 'quality', 'exception_violation');
    await db.query(`CREATE TABLE quality.workflow_template (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      name text NOT NULL,
      material_codes text[] NOT NULL,
      raise_on text[] NOT NULL,
      grading jsonb NOT NULL,
      policies jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED')),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      approved_by text,
      approved_at timestamptz,
      CONSTRAINT workflow_template_code_version_key UNIQUE (code, version))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE quality.workflow_template');
    await db.query('DROP TABLE quality.exception_violation');
    await db.query('DROP FUNCTION quality.exception_violation_is_append_only()');
    await db.query(`ALTER TABLE quality.quality_exception DROP COLUMN equipment_code, DROP COLUMN template_code, DROP COLUMN template_version,
      DROP COLUMN grading, DROP COLUMN impact_summary, DROP COLUMN contained_at, DROP COLUMN escalated_at`);
  }
}
