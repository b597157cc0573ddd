/**
 * The SPC test set: one parameter (BARREL_TEMP, °C) on moulding machines, each machine's series built so that
 * exactly the violations listed with it occur. The rules, all on BARREL_TEMP, are every reading rule that judges a
 * series one reading at a time: R-OOS (out of spec), R-OOW (out of warning) and the eight tests for special causes
 * with Minitab's defaults, on a fixed chart, centre 230 °C and σ 1 °C (zones: within 1σ 229..231, 2σ 228..232, 3σ
 * 227..233; tests 3 and 4 need no centre line):
 *   R-3S    Nelson 1: 1 point more than 3σ from the centre line
 *   R-RUN   Nelson 2: 9 in a row on one side
 *   R-TREND Nelson 3: 6 in a row all increasing or all decreasing
 *   R-ALT   Nelson 4: 14 in a row alternating up and down
 *   R-2OF3  Nelson 5: 2 of 3 more than 2σ from the centre line, same side
 *   R-4OF5  Nelson 6: 4 of 5 more than 1σ from the centre line, same side
 *   R-STRAT Nelson 7: 15 in a row within 1σ, either side
 *   R-MIX   Nelson 8: 8 in a row more than 1σ from the centre line, either side
 * Every rule applies to every scenario, so each series is shaped to show its own test and no other: no 9 on one
 * side, no 6 rising or falling, no 14 alternating, no 15 within 1σ unless that is the point.
 * The specification in force (SPEC-BRL-MOULD v2, from 2026-11-15) is 222..238 °C, warning 225..235 °C.
 * Readings are one minute apart from 2026-11-20T08:00Z; each rule's window is 60 minutes.
 */
export const SPC_RULES = [
  { code: 'R-OOS', kind: 'OUT_OF_SPEC', settings: {} },
  { code: 'R-OOW', kind: 'OUT_OF_WARNING', settings: {} },
  { code: 'R-3S', kind: 'SPC_BEYOND_3_SIGMA', settings: { centre: 230, sigma: 1 } },
  { code: 'R-RUN', kind: 'SPC_RUN_ONE_SIDE', settings: { centre: 230, sigma: 1 } },
  { code: 'R-TREND', kind: 'SPC_TREND', settings: {} },
  { code: 'R-ALT', kind: 'SPC_ALTERNATING', settings: {} },
  { code: 'R-2OF3', kind: 'SPC_2_OF_3_BEYOND_2_SIGMA', settings: { centre: 230, sigma: 1 } },
  { code: 'R-4OF5', kind: 'SPC_4_OF_5_BEYOND_1_SIGMA', settings: { centre: 230, sigma: 1 } },
  { code: 'R-STRAT', kind: 'SPC_STRATIFICATION', settings: { centre: 230, sigma: 1 } },
  { code: 'R-MIX', kind: 'SPC_MIXTURE', settings: { centre: 230, sigma: 1 } },
];

export interface Scenario {
  equipment: string;
  values: number[];
  /** Expected violations: rule code → the indexes (into values) of the readings that are its evidence. */
  expected: Record<string, number[]>;
  /**
   * Expected exceptions under the built-in workflow template: the rules whose violations each groups (one cause,
   * one exception) and its severity. OUT_OF_WARNING only warns; an out-of-spec reading of a critical parameter
   * whose lots reached no customer is MAJOR; SPC signals alone are MINOR.
   */
  exceptions: Array<{ rules: string[]; severity: 'MINOR' | 'MAJOR' | 'CRITICAL' }>;
}

const minor = (rule: string) => [{ rules: [rule], severity: 'MINOR' as const }];
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

export const SPC_SCENARIOS: Scenario[] = [
  // In control, zig-zagging around the centre line: no rule fires (ten alternate, fewer than 14; ten within 1σ, fewer than 15).
  { equipment: 'IMM-10', values: [229.5, 230.5, 229.6, 230.4, 229.7, 230.3, 229.8, 230.2, 229.9, 230.1], expected: {}, exceptions: [] },

  // Nelson 1 upward: one spike to 233.5, beyond 3σ (233) but inside the warning limits (235): only test 1, on that reading.
  { equipment: 'IMM-11', values: [229.5, 230.5, 229.5, 230.5, 233.5, 229.5, 230.5], expected: { 'R-3S': [4] }, exceptions: minor('R-3S') },

  // Nelson 2 upward: nine readings above the centre line, zig-zagging (no trend), within 1σ: test 2 on the ninth, all nine as evidence.
  { equipment: 'IMM-12', values: [230.4, 230.8, 230.3, 230.9, 230.2, 230.7, 230.4, 230.6, 230.3], expected: { 'R-RUN': upTo(9) }, exceptions: minor('R-RUN') },

  // Nelson 3 upward: six readings rising steadily across the centre line (so no run of nine), inside 3σ: test 3 on the sixth.
  { equipment: 'IMM-13', values: [228.6, 229.0, 229.4, 229.8, 230.2, 230.6], expected: { 'R-TREND': upTo(6) }, exceptions: minor('R-TREND') },

  // A burst of three readings above the USL (238) from one cause: ONE out-of-spec violation with three readings as
  // evidence, and ONE beyond-3σ violation with the same three (out of spec is not also out of warning). Since test 5
  // is in the rule set, the burst is also two (then three) of three beyond 2σ: ONE R-2OF3 violation with the same
  // three readings, grouped into the same exception (one cause).
  {
    equipment: 'IMM-14',
    values: [230.0, 239.0, 240.5, 239.5, 230.0],
    expected: { 'R-OOS': [1, 2, 3], 'R-3S': [1, 2, 3], 'R-2OF3': [1, 2, 3] },
    exceptions: [{ rules: ['R-2OF3', 'R-3S', 'R-OOS'], severity: 'MAJOR' }],
  },

  // 236 is inside the spec but above the upper warning limit (235), and beyond 3σ: one of each.
  { equipment: 'IMM-15', values: [230.0, 236.0, 230.0], expected: { 'R-OOW': [1], 'R-3S': [1] }, exceptions: minor('R-3S') },

  // Nelson 1 downward: one dip to 226.5, beyond 3σ (227) but above the lower warning limit (225).
  { equipment: 'IMM-20', values: [230.5, 229.5, 230.5, 226.5, 230.5, 229.5], expected: { 'R-3S': [3] }, exceptions: minor('R-3S') },

  // Nelson 2 downward: the same below the centre line.
  { equipment: 'IMM-21', values: [229.6, 229.2, 229.7, 229.1, 229.8, 229.3, 229.6, 229.4, 229.7], expected: { 'R-RUN': upTo(9) }, exceptions: minor('R-RUN') },

  // Nelson 3 downward: six readings falling steadily across the centre line.
  { equipment: 'IMM-22', values: [231.4, 231.0, 230.6, 230.2, 229.8, 229.4], expected: { 'R-TREND': upTo(6) }, exceptions: minor('R-TREND') },

  // Nelson 4, starting up: fourteen readings alternating across the centre line, within 1σ (14 within, fewer than test 7's 15).
  {
    equipment: 'IMM-23',
    values: [229.6, 230.4, 229.7, 230.3, 229.6, 230.4, 229.7, 230.3, 229.6, 230.4, 229.7, 230.3, 229.6, 230.4],
    expected: { 'R-ALT': upTo(14) },
    exceptions: minor('R-ALT'),
  },
  // Nelson 4, starting down, with uneven swings (two machines' parts interleaved): test 4 on the fourteenth.
  {
    equipment: 'IMM-24',
    values: [230.8, 229.5, 230.6, 229.2, 230.9, 229.4, 230.5, 229.1, 230.7, 229.6, 230.8, 229.3, 230.6, 229.5],
    expected: { 'R-ALT': upTo(14) },
    exceptions: minor('R-ALT'),
  },

  // Nelson 5 upward: two of three readings beyond 2σ (232) above, with one inside between: test 5 on the second; those two as evidence.
  { equipment: 'IMM-25', values: [230.2, 229.8, 232.4, 230.5, 232.6, 230.1], expected: { 'R-2OF3': [2, 4] }, exceptions: minor('R-2OF3') },
  // Nelson 5 downward: two readings in a row beyond 2σ below (228), inside 3σ (227).
  { equipment: 'IMM-26', values: [229.8, 230.2, 227.7, 227.5, 230.0], expected: { 'R-2OF3': [2, 3] }, exceptions: minor('R-2OF3') },

  // Nelson 6 upward: four of five readings beyond 1σ (231) above, none beyond 2σ: test 6 on the fourth; those four as evidence.
  { equipment: 'IMM-27', values: [230.0, 231.4, 231.6, 230.6, 231.3, 231.5, 230.2], expected: { 'R-4OF5': [1, 2, 4, 5] }, exceptions: minor('R-4OF5') },
  // Nelson 6 downward: four readings in a row beyond 1σ below (229), not falling steadily.
  { equipment: 'IMM-28', values: [230.1, 228.7, 228.5, 228.8, 228.6, 229.9], expected: { 'R-4OF5': [1, 2, 3, 4] }, exceptions: minor('R-4OF5') },

  // Nelson 7, hugging the centre line: fifteen readings within 1σ, crossing it often, never alternating for long.
  {
    equipment: 'IMM-29',
    values: [230.3, 229.8, 230.1, 230.4, 229.7, 229.9, 230.2, 230.6, 229.5, 229.8, 230.3, 230.1, 229.6, 230.2, 229.9],
    expected: { 'R-STRAT': upTo(15) },
    exceptions: minor('R-STRAT'),
  },
  // Nelson 7, a slow wave inside the 1σ band: eight readings above the centre line (fewer than test 2's nine), then seven below.
  {
    equipment: 'IMM-30',
    values: [230.3, 230.7, 230.5, 230.9, 230.6, 230.8, 230.4, 230.2, 229.6, 229.8, 229.3, 229.5, 229.2, 229.7, 229.4],
    expected: { 'R-STRAT': upTo(15) },
    exceptions: minor('R-STRAT'),
  },

  // Nelson 8, starting above: eight readings beyond 1σ, alternating sides (two streams mixed), none beyond 2σ, so no
  // four of five on one side: test 8 on the eighth.
  { equipment: 'IMM-31', values: [231.5, 228.6, 231.4, 228.5, 231.6, 228.4, 231.3, 228.7], expected: { 'R-MIX': upTo(8) }, exceptions: minor('R-MIX') },
  // Nelson 8, starting below: the same mixture in pairs (below, below, above, above, ...), never four of five on one side.
  { equipment: 'IMM-32', values: [228.5, 228.7, 231.5, 231.3, 228.6, 228.4, 231.6, 231.4], expected: { 'R-MIX': upTo(8) }, exceptions: minor('R-MIX') },
];

export const SERIES_START = Date.parse('2026-11-20T08:00:00Z');
export const minute = (i: number) => new Date(SERIES_START + i * 60_000).toISOString();
