/**
 * The SPC test set: one parameter (BARREL_TEMP, °C) on six moulding machines, each machine's series built so
 * that exactly the violations listed with it occur. Rules (all on BARREL_TEMP, fixed chart centre 230 °C and
 * σ 1 °C, so the 3σ band is 227..233): R-OOS (out of spec), R-OOW (out of warning), R-3S (Nelson 1: beyond
 * 3σ), R-RUN (Nelson 2: 9 in a row on one side), R-TREND (Nelson 3: 6 in a row steadily up or down).
 * The specification in force (SPEC-BRL-MOULD v2, from 2026-11-15) is 222..238 °C, warning 225..235 °C.
 * Readings are one minute apart from 2026-11-20T08:00Z; each rule's window is 60 minutes.
 */
export const SPC_RULES = [
  { code: 'R-OOS', kind: 'OUT_OF_SPEC', settings: {} },
  { code: 'R-OOW', kind: 'OUT_OF_WARNING', settings: {} },
  { code: 'R-3S', kind: 'SPC_BEYOND_3_SIGMA', settings: { centre: 230, sigma: 1 } },
  { code: 'R-RUN', kind: 'SPC_RUN_ONE_SIDE', settings: { centre: 230, sigma: 1 } },
  { code: 'R-TREND', kind: 'SPC_TREND', settings: {} },
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

export const SPC_SCENARIOS: Scenario[] = [
  // In control, zig-zagging around the centre line: no rule fires.
  { equipment: 'IMM-10', values: [229.5, 230.5, 229.6, 230.4, 229.7, 230.3, 229.8, 230.2, 229.9, 230.1], expected: {}, exceptions: [] },
  // One spike to 233.5: beyond 3σ (233) but inside the warning limits (235): only Nelson 1, on that reading.
  { equipment: 'IMM-11', values: [229.5, 230.5, 229.5, 230.5, 233.5, 229.5, 230.5], expected: { 'R-3S': [4] }, exceptions: [{ rules: ['R-3S'], severity: 'MINOR' }] },
  // Nine readings above the centre line, zig-zagging (no trend), inside 3σ: Nelson 2 on the ninth, all nine as evidence.
  { equipment: 'IMM-12', values: [230.4, 230.8, 230.3, 230.9, 230.2, 230.7, 230.4, 230.6, 230.3], expected: { 'R-RUN': [0, 1, 2, 3, 4, 5, 6, 7, 8] }, exceptions: [{ rules: ['R-RUN'], severity: 'MINOR' }] },
  // Six readings rising steadily across the centre line (so no run of nine), inside 3σ: Nelson 3 on the sixth.
  { equipment: 'IMM-13', values: [228.6, 229.0, 229.4, 229.8, 230.2, 230.6], expected: { 'R-TREND': [0, 1, 2, 3, 4, 5] }, exceptions: [{ rules: ['R-TREND'], severity: 'MINOR' }] },
  // A burst of three readings above the USL (238) from one cause: ONE out-of-spec violation with three readings
  // as evidence, and ONE beyond-3σ violation with the same three (out of spec is not also out of warning).
  { equipment: 'IMM-14', values: [230.0, 239.0, 240.5, 239.5, 230.0], expected: { 'R-OOS': [1, 2, 3], 'R-3S': [1, 2, 3] }, exceptions: [{ rules: ['R-3S', 'R-OOS'], severity: 'MAJOR' }] },
  // 236 is inside the spec but above the upper warning limit (235), and beyond 3σ: one of each.
  { equipment: 'IMM-15', values: [230.0, 236.0, 230.0], expected: { 'R-OOW': [1], 'R-3S': [1] }, exceptions: [{ rules: ['R-3S'], severity: 'MINOR' }] },
];

export const SERIES_START = Date.parse('2026-11-20T08:00:00Z');
export const minute = (i: number) => new Date(SERIES_START + i * 60_000).toISOString();
