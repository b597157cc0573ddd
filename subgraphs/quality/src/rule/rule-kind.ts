import type { SpcTest } from '../spc/nelson-tests';
import { TEST_SETTINGS, defaultK, testName, type SpcConvention } from '../spc/spc-conventions';

/** The individuals-chart rules: one per test for special causes (spc/nelson-tests.ts). */
export const SPC_RULE_TESTS = {
  SPC_BEYOND_3_SIGMA: 'NELSON_1',
  SPC_RUN_ONE_SIDE: 'NELSON_2',
  SPC_TREND: 'NELSON_3',
  SPC_ALTERNATING: 'NELSON_4',
  SPC_2_OF_3_BEYOND_2_SIGMA: 'NELSON_5',
  SPC_4_OF_5_BEYOND_1_SIGMA: 'NELSON_6',
  SPC_STRATIFICATION: 'NELSON_7',
  SPC_MIXTURE: 'NELSON_8',
} as const satisfies Record<string, SpcTest>;
export type SpcRuleKind = keyof typeof SPC_RULE_TESTS;
export const SPC_RULE_KINDS = Object.keys(SPC_RULE_TESTS) as SpcRuleKind[];

/** Rules on process readings: `parameter` is the process parameter they judge. */
export const READING_RULE_KINDS = [
  'OUT_OF_SPEC', 'OUT_OF_WARNING',
  'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND', 'SPC_ALTERNATING', 'SPC_2_OF_3_BEYOND_2_SIGMA', 'SPC_4_OF_5_BEYOND_1_SIGMA', 'SPC_STRATIFICATION', 'SPC_MIXTURE',
  'CPK_BELOW', 'PPK_BELOW',
] as const;
export type ReadingRuleKind = (typeof READING_RULE_KINDS)[number];

/**
 * Rules on lots: inspection results (`parameter` is the test name, `*` for every test) and refused uses of a lot
 * in the batch domain (`parameter` is the use, CONSUME, MOVE or SHIP, `*` for any).
 */
export const LOT_RULE_KINDS = ['LIMS_OUT_OF_SPEC', 'COA_DISAGREEMENT', 'HELD_LOT_USE'] as const;
/** What a rule checks; its settings (JSON) tune it. */
export const RULE_KINDS = [...READING_RULE_KINDS, ...LOT_RULE_KINDS] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export type LotRuleKind = (typeof LOT_RULE_KINDS)[number];

export const isLotRuleKind = (kind: RuleKind): kind is LotRuleKind => (LOT_RULE_KINDS as readonly string[]).includes(kind);
/** A lot rule's `parameter` that matches every test (or every use). */
export const ANY_SUBJECT = '*';

export const isSpcKind = (kind: RuleKind): kind is SpcRuleKind => kind in SPC_RULE_TESTS;

/** What an SPC rule tests: the test, its K (as set, or its convention's default) and its name; null for other kinds. */
export function spcTestOf(kind: RuleKind, settings: RuleSettings): { test: SpcTest; k: number; convention: SpcConvention; name: string } | null {
  if (!isSpcKind(kind)) return null;
  const test = SPC_RULE_TESTS[kind];
  const convention = settings.convention ?? 'NELSON';
  const k = settings[TEST_SETTINGS[test]] ?? defaultK(test, convention);
  return { test, k, convention, name: testName(test, k, convention) };
}

/**
 * A rule's settings. SPC rules take their centre line and sigma from a baseline window of the same equipment's
 * readings (baselineFrom/baselineTo), or as fixed values (centre/sigma). windowMinutes: how close in time a
 * further violation of the same rule, equipment and parameter must be to join the open violation.
 */
export interface RuleSettings {
  baselineFrom?: string;
  baselineTo?: string;
  centre?: number;
  sigma?: number;
  /** SPC rules that are Western Electric rules too: NELSON (the default) or WESTERN_ELECTRIC (its defaults and names). */
  convention?: SpcConvention;
  /** SPC_BEYOND_3_SIGMA: how many sigmas from the centre line; 3 by default (Nelson 1). */
  sigmaMultiple?: number;
  /** SPC_RUN_ONE_SIDE: points in a row on one side of the centre line; 9 by default (Nelson 2), 8 for Western Electric. */
  runLength?: number;
  /** SPC_TREND: points in a row steadily increasing or decreasing; 6 by default (Nelson 3). */
  trendLength?: number;
  /** SPC_ALTERNATING: points in a row alternating up and down; 14 by default (Nelson 4). */
  alternatingLength?: number;
  /** SPC_2_OF_3_BEYOND_2_SIGMA: K of K + 1 points more than 2σ from the centre line, same side; 2 by default (Nelson 5). */
  pointsBeyond2Sigma?: number;
  /** SPC_4_OF_5_BEYOND_1_SIGMA: K of K + 1 points more than 1σ from the centre line, same side; 4 by default (Nelson 6). */
  pointsBeyond1Sigma?: number;
  /** SPC_STRATIFICATION: points in a row within 1σ of the centre line; 15 by default (Nelson 7). */
  stratificationLength?: number;
  /** SPC_MIXTURE: points in a row more than 1σ from the centre line, either side; 8 by default (Nelson 8). */
  mixtureLength?: number;
  /** CPK_BELOW: the capability the process must keep; 1.33 by default. */
  minCpk?: number;
  /** PPK_BELOW: the performance the process must keep; 1.33 by default. */
  minPpk?: number;
  /** CPK_BELOW, PPK_BELOW: how many of the latest readings the index is computed over; 30 by default. */
  windowReadings?: number;
  windowMinutes?: number;
  /** COA_DISAGREEMENT: the difference allowed between our value and the CoA's, in the test's unit. */
  absoluteTolerance?: number;
  /** COA_DISAGREEMENT: the difference allowed as a fraction of the CoA value (0.05 is 5 %). */
  relativeTolerance?: number;
}

export const DEFAULT_WINDOW_MINUTES = 60;
