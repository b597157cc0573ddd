import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = [
  'OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND', 'CPK_BELOW',
  'LIMS_OUT_OF_SPEC', 'COA_DISAGREEMENT', 'HELD_LOT_USE',
];
const ADDED = ['SPC_ALTERNATING', 'SPC_2_OF_3_BEYOND_2_SIGMA', 'SPC_4_OF_5_BEYOND_1_SIGMA', 'SPC_STRATIFICATION', 'SPC_MIXTURE', 'PPK_BELOW'];

const constraint = (kinds: string[]) =>
  `ALTER TABLE quality.quality_rule DROP CONSTRAINT quality_rule_kind_check, ADD CONSTRAINT quality_rule_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/** Rules may apply the rest of the eight tests for special causes (Nelson 4 to 8) and check Ppk (PPK_BELOW). */
export class AddSpcAndPpkRuleKinds1765300000000 implements MigrationInterface {
  name = 'AddSpcAndPpkRuleKinds1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(constraint([...BEFORE, ...ADDED]));
  }

  async down(db: QueryRunner): Promise<void> {
    // Rules are never deleted: with one of the added kinds defined, the old constraint cannot hold again.
    const [{ count }]: Array<{ count: number }> = await db.query('SELECT count(*)::int AS count FROM quality.quality_rule WHERE kind = ANY($1::text[])', [ADDED]);
    if (count > 0) throw new Error(`cannot revert AddSpcAndPpkRuleKinds: ${count} rule(s) of the kinds ${ADDED.join(', ')} are defined, and rules are kept`);
    await db.query(constraint(BEFORE));
  }
}
