import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a LIMS sent with a result that LotGraph has no field for (an instrument, a method), kept as it came. */
export class InspectionSourceAttributes1766300000000 implements MigrationInterface {
  name = 'InspectionSourceAttributes1766300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.inspection ADD COLUMN source_attributes jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.inspection DROP COLUMN source_attributes');
  }
}
