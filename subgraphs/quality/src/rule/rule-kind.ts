/** Rules on process readings: `parameter` is the process parameter they judge. */
export const READING_RULE_KINDS = ['OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND', 'CPK_BELOW'] as const;
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

export const isSpcKind = (kind: RuleKind): boolean => kind.startsWith('SPC_');

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
  /** SPC_BEYOND_3_SIGMA: how many sigmas from the centre line; 3 by default. */
  sigmaMultiple?: number;
  /** SPC_RUN_ONE_SIDE: points in a row on one side of the centre line; 9 by default (Nelson rule 2). */
  runLength?: number;
  /** SPC_TREND: points in a row steadily increasing or decreasing; 6 by default (Nelson rule 3). */
  trendLength?: number;
  /** CPK_BELOW: the capability the process must keep; 1.33 by default. */
  minCpk?: number;
  /** CPK_BELOW: how many of the latest readings the capability is computed over; 30 by default. */
  windowReadings?: number;
  windowMinutes?: number;
  /** COA_DISAGREEMENT: the difference allowed between our value and the CoA's, in the test's unit. */
  absoluteTolerance?: number;
  /** COA_DISAGREEMENT: the difference allowed as a fraction of the CoA value (0.05 is 5 %). */
  relativeTolerance?: number;
}

export const DEFAULT_WINDOW_MINUTES = 60;
