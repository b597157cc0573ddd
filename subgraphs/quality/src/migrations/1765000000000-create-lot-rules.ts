import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly } from '@lotgraph/server';

const READING_KINDS = `'OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND', 'CPK_BELOW'`;
const LOT_KINDS = `'LIMS_OUT_OF_SPEC', 'COA_DISAGREEMENT', 'HELD_LOT_USE'`;

/**
 * Rules about lots rather than process readings (issue 5, items 2 and 3): inspections keep whose result it is (our
 * own QC/LIMS, or the supplier's certificate of analysis) and the limits it was judged against; the batch domain's
 * refusals to use a lot, as quality was told of them; and what a lot rule found (a finding), each linked once to
 * the exception it raised or joined.
 */
export class CreateLotRules1765000000000 implements MigrationInterface {
  name = 'CreateLotRules1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE quality.inspection
      ADD COLUMN source text NOT NULL DEFAULT 'OWN' CHECK (source IN ('OWN', 'SUPPLIER_COA')),
      ADD COLUMN lower_limit numeric,
      ADD COLUMN upper_limit numeric,
      ADD CONSTRAINT inspection_limits_in_order CHECK (lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit)`);
    // A supplier's CoA value and our own result for the same sample id and test are two results, side by side.
    await db.query(`ALTER TABLE quality.inspection DROP CONSTRAINT inspection_lot_sample_test_key,
      ADD CONSTRAINT inspection_lot_source_sample_test_key UNIQUE (lot_id, source, sample_id, test_name)`);
    await db.query(`CREATE INDEX inspection_lot_test ON quality.inspection (lot_id, test_name)`);
    await db.query(`ALTER TABLE quality.quality_rule DROP CONSTRAINT quality_rule_kind_check,
      ADD CONSTRAINT quality_rule_kind_check CHECK (kind IN (${READING_KINDS}, ${LOT_KINDS}))`);
    await db.query(`CREATE TABLE quality.lot_usage_refusal (
      refusal_id uuid PRIMARY KEY,
      lot_id uuid NOT NULL,
      lot_number text NOT NULL,
      attempted_use text NOT NULL CHECK (attempted_use IN ('CONSUME', 'MOVE', 'SHIP')),
      lot_status text NOT NULL,
      reference text,
      attempted_by text NOT NULL,
      attempted_at timestamptz NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await makeAppendOnly(db, 'quality', 'lot_usage_refusal');
    await db.query(`CREATE TABLE quality.lot_finding (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_key text NOT NULL UNIQUE,
      rule_id uuid NOT NULL REFERENCES quality.quality_rule (id),
      lot_id uuid NOT NULL,
      lot_number text NOT NULL,
      subject text,
      inspection_ids uuid[] NOT NULL DEFAULT '{}',
      refusal_ids uuid[] NOT NULL DEFAULT '{}',
      detail text NOT NULL,
      found_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE INDEX lot_finding_lot ON quality.lot_finding (lot_id, rule_id)`);
    await makeAppendOnly(db, 'quality', 'lot_finding');
    await db.query(`CREATE TABLE quality.exception_finding (
      exception_id uuid NOT NULL REFERENCES quality.quality_exception (id),
      finding_id uuid NOT NULL UNIQUE REFERENCES quality.lot_finding (id),
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (exception_id, finding_id))`);
    await makeAppendOnly(db, 'quality', 'exception_finding');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['exception_finding', 'lot_finding', 'lot_usage_refusal']) {
      await db.query(`DROP TABLE quality.${table}`);
      await db.query(`DROP FUNCTION quality.${table}_is_append_only()`);
    }
    await db.query(`ALTER TABLE quality.quality_rule DROP CONSTRAINT quality_rule_kind_check, ADD CONSTRAINT quality_rule_kind_check CHECK (kind IN (${READING_KINDS}))`);
    await db.query('DROP INDEX quality.inspection_lot_test');
    await db.query(`ALTER TABLE quality.inspection DROP CONSTRAINT inspection_lot_source_sample_test_key, ADD CONSTRAINT inspection_lot_sample_test_key UNIQUE (lot_id, sample_id, test_name)`);
    await db.query(`ALTER TABLE quality.inspection DROP CONSTRAINT inspection_limits_in_order, DROP COLUMN source, DROP COLUMN lower_limit, DROP COLUMN upper_limit`);
  }
}
