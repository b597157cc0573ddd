import { SPC_TESTS, testNumber, type SpcTest } from './nelson-tests';

/** Whose numbering and defaults name a test: Nelson's (Minitab's tests 1-8) or the Western Electric handbook's. */
export const SPC_CONVENTIONS = ['NELSON', 'WESTERN_ELECTRIC'] as const;
export type SpcConvention = (typeof SPC_CONVENTIONS)[number];

/** The settings that give each test its K (rules and controlChart take the same names). */
export const TEST_SETTINGS = {
  NELSON_1: 'sigmaMultiple',
  NELSON_2: 'runLength',
  NELSON_3: 'trendLength',
  NELSON_4: 'alternatingLength',
  NELSON_5: 'pointsBeyond2Sigma',
  NELSON_6: 'pointsBeyond1Sigma',
  NELSON_7: 'stratificationLength',
  NELSON_8: 'mixtureLength',
} as const satisfies Record<SpcTest, string>;
export type SpcTestSetting = (typeof TEST_SETTINGS)[SpcTest];

/** Minitab's defaults. */
const NELSON_DEFAULTS: Record<SpcTest, number> = { NELSON_1: 3, NELSON_2: 9, NELSON_3: 6, NELSON_4: 14, NELSON_5: 2, NELSON_6: 4, NELSON_7: 15, NELSON_8: 8 };

/** The four Western Electric rules are tests 1, 5, 6 and 2, the last with 8 in a row rather than 9. */
const WESTERN_ELECTRIC: Partial<Record<SpcTest, { rule: number; k: number }>> = {
  NELSON_1: { rule: 1, k: 3 },
  NELSON_5: { rule: 2, k: 2 },
  NELSON_6: { rule: 3, k: 4 },
  NELSON_2: { rule: 4, k: 8 },
};

/** The tests a convention has, in its own order. */
export function conventionTests(convention: SpcConvention): SpcTest[] {
  if (convention === 'NELSON') return [...SPC_TESTS];
  return SPC_TESTS.filter((t) => WESTERN_ELECTRIC[t]).sort((a, b) => WESTERN_ELECTRIC[a]!.rule - WESTERN_ELECTRIC[b]!.rule);
}

export const isWesternElectricTest = (test: SpcTest): boolean => WESTERN_ELECTRIC[test] !== undefined;

export function defaultK(test: SpcTest, convention: SpcConvention): number {
  return (convention === 'WESTERN_ELECTRIC' ? WESTERN_ELECTRIC[test]?.k : undefined) ?? NELSON_DEFAULTS[test];
}

function pattern(test: SpcTest, k: number): string {
  switch (test) {
    case 'NELSON_1': return `1 point beyond ${k}σ`;
    case 'NELSON_2': return `${k} in a row on one side`;
    case 'NELSON_3': return `${k} in a row increasing or decreasing`;
    case 'NELSON_4': return `${k} in a row alternating up and down`;
    case 'NELSON_5': return `${k} of ${k + 1} beyond 2σ, same side`;
    case 'NELSON_6': return `${k} of ${k + 1} beyond 1σ, same side`;
    case 'NELSON_7': return `${k} in a row within 1σ`;
    case 'NELSON_8': return `${k} in a row beyond 1σ, either side`;
  }
}

/** A test's name as its convention numbers it, with its K: "Nelson 5: 2 of 3 beyond 2σ, same side", "Western Electric 4: 8 in a row on one side". */
export function testName(test: SpcTest, k: number, convention: SpcConvention): string {
  const we = convention === 'WESTERN_ELECTRIC' ? WESTERN_ELECTRIC[test] : undefined;
  return `${we ? `Western Electric ${we.rule}` : `Nelson ${testNumber(test)}`}: ${pattern(test, k)}`;
}

/** The longest pattern a test may look for: judging a reading reads that much of its series' history. */
export const MAX_PATTERN_LENGTH = 1000;

/** The least K that is still a pattern, and why (shown when a smaller one is refused). */
const MINIMUM: Partial<Record<SpcTest, { least: number; why?: string }>> = {
  NELSON_2: { least: 2 },
  NELSON_3: { least: 2 },
  NELSON_4: { least: 3, why: 'fewer readings cannot alternate up and down' },
  NELSON_5: { least: 2, why: '1 of 2 is a single reading beyond 2σ, test 1 with a multiple of 2' },
  NELSON_6: { least: 2, why: '1 of 2 is a single reading beyond 1σ, test 1 with a multiple of 1' },
  NELSON_7: { least: 2 },
  NELSON_8: { least: 2 },
};

/** Why a value cannot be a test's K, or null when it can. */
export function kProblem(test: SpcTest, value: unknown): string | null {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) return `must be a positive number, not ${JSON.stringify(value)}`;
  const minimum = MINIMUM[test];
  if (!minimum) return null;
  if (!Number.isInteger(value) || value < minimum.least) {
    return `must be a whole number of readings, at least ${minimum.least}${minimum.why ? ` (${minimum.why})` : ''}, not ${JSON.stringify(value)}`;
  }
  if (value > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} readings (each reading is judged against that many before it), not ${value}`;
  return null;
}
