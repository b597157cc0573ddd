import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quality metrics (Query.qualityMetric): an inspection keeps the material of its lot, as the batch domain named
 * it when the result was recorded (quality never reads batch's tables; results recorded before this have none),
 * and the windows the metrics count over are indexed.
 */
export class QualityMetrics1765400000000 implements MigrationInterface {
  name = 'QualityMetrics1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.inspection ADD COLUMN material_code text');
    await db.query('CREATE INDEX inspection_test_time ON quality.inspection (test_name, inspected_at)');
    await db.query('CREATE INDEX lot_disposition_decided_at ON quality.lot_disposition (decided_at)');
    await db.query('CREATE INDEX quality_exception_detected_at ON quality.quality_exception (detected_at)');
    await db.query('CREATE INDEX rule_violation_rule_first_at ON quality.rule_violation (rule_id, first_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['rule_violation_rule_first_at', 'quality_exception_detected_at', 'lot_disposition_decided_at', 'inspection_test_time']) {
      await db.query(`DROP INDEX quality.${index}`);
    }
    await db.query('ALTER TABLE quality.inspection DROP COLUMN material_code');
  }
}
