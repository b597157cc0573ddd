import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = ['OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND'];

/** Rules may check process capability: Cpk below a threshold over the latest readings (CPK_BELOW). */
export class AddCpkRuleKind1764800000000 implements MigrationInterface {
  name = 'AddCpkRuleKind1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.quality_rule DROP CONSTRAINT quality_rule_kind_check');
    await db.query(`ALTER TABLE quality.quality_rule ADD CONSTRAINT quality_rule_kind_check CHECK (kind IN (${[...KINDS, 'CPK_BELOW'].map((k) => `'${k}'`).join(', ')}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.quality_rule DROP CONSTRAINT quality_rule_kind_check');
    await db.query(`ALTER TABLE quality.quality_rule ADD CONSTRAINT quality_rule_kind_check CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`);
  }
}
