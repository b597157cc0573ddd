/** What a rule checks; its settings (JSON) tune it. */
export const RULE_KINDS = ['OUT_OF_SPEC', 'OUT_OF_WARNING', 'SPC_BEYOND_3_SIGMA', 'SPC_RUN_ONE_SIDE', 'SPC_TREND', 'CPK_BELOW'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

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
}

export const DEFAULT_WINDOW_MINUTES = 60;
