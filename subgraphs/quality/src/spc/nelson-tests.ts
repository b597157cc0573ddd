import { round, type CentreLine } from './statistics';

/**
 * The eight tests for special causes (Nelson's rules, Minitab's tests 1-8), each with one parameter K:
 * 1: one point more than K σ from the centre line; 2: K in a row on one side; 3: K in a row all increasing or all
 * decreasing; 4: K in a row alternating up and down; 5: K of K + 1 more than 2σ from the centre line, same side;
 * 6: K of K + 1 more than 1σ, same side; 7: K in a row within 1σ (either side); 8: K in a row more than 1σ from
 * the centre line (either side).
 */
export const SPC_TESTS = ['NELSON_1', 'NELSON_2', 'NELSON_3', 'NELSON_4', 'NELSON_5', 'NELSON_6', 'NELSON_7', 'NELSON_8'] as const;
export type SpcTest = (typeof SPC_TESTS)[number];

export const testNumber = (test: SpcTest): number => SPC_TESTS.indexOf(test) + 1;

/** What a test found at a point: the points that show it, by index, ascending (the point judged last). */
export interface Signal {
  evidence: number[];
  /** Tests 1, 2, 5 and 6: the side of the centre line. */
  side?: 'above' | 'below';
  /** Test 3. */
  direction?: 'increasing' | 'decreasing';
}

/** How many points before the one judged a test reads: K − 1 for a run of K, K for K of K + 1, none for test 1. */
export function lookBack(test: SpcTest, k: number): number {
  if (test === 'NELSON_1') return 0;
  if (test === 'NELSON_5' || test === 'NELSON_6') return k;
  return k - 1;
}

/** Tests 3 and 4 compare points with each other; the rest need a centre line and σ. */
export const needsCentreLine = (test: SpcTest): boolean => test !== 'NELSON_3' && test !== 'NELSON_4';

const sign = (d: number): 1 | -1 | 0 => (d > 0 ? 1 : d < 0 ? -1 : 0);
const sideName = (s: number): 'above' | 'below' => (s > 0 ? 'above' : 'below');

function indexes(from: number, to: number): number[] {
  const list: number[] = [];
  for (let j = from; j <= to; j++) list.push(j);
  return list;
}

/**
 * Whether the pattern of `test` (parameter k) is complete at point i of a series in time order — it looks back at
 * most lookBack(test, k) points, so judging a series costs each point that much — and the points that show it.
 * A point on the centre line is on neither side; equal neighbours are neither up nor down; "more than" is strict,
 * so a point exactly 1σ from the centre line counts as within it. Tests 5 and 6 complete at a point that is itself
 * beyond the limit (with fewer than K + 1 points so far, K of those there are suffice).
 */
export function signalAt(test: SpcTest, k: number, values: readonly number[], i: number, line: CentreLine | null): Signal | null {
  if (!line) return needsCentreLine(test) ? null : comparative(test, k, values, i);
  const { centre, sigma } = line;
  switch (test) {
    case 'NELSON_1': {
      const d = values[i] - centre;
      return Math.abs(d) > k * sigma ? { evidence: [i], side: sideName(d) } : null;
    }
    case 'NELSON_2': {
      const start = i - k + 1;
      const side = sign(values[i] - centre);
      if (start < 0 || side === 0) return null;
      for (let j = i - 1; j >= start; j--) if (sign(values[j] - centre) !== side) return null;
      return { evidence: indexes(start, i), side: sideName(side) };
    }
    case 'NELSON_5':
      return kOfKPlusOne(values, i, k, centre, 2 * sigma);
    case 'NELSON_6':
      return kOfKPlusOne(values, i, k, centre, sigma);
    case 'NELSON_7':
      return inARow(values, i, k, (v) => Math.abs(v - centre) <= sigma);
    case 'NELSON_8':
      return inARow(values, i, k, (v) => Math.abs(v - centre) > sigma);
    default:
      return comparative(test, k, values, i);
  }
}

/** Tests 3 and 4: steps between neighbours. */
function comparative(test: SpcTest, k: number, values: readonly number[], i: number): Signal | null {
  const start = i - k + 1;
  if (start < 0 || k < 2) return null;
  const last = sign(values[i] - values[i - 1]);
  if (last === 0) return null;
  let next: number = last;
  for (let j = i - 1; j > start; j--) {
    const step = sign(values[j] - values[j - 1]);
    // Test 3: every step the same way; test 4: each step the other way from the one after it.
    if (test === 'NELSON_3' ? step !== last : step !== -next) return null;
    next = step;
  }
  if (test === 'NELSON_3') return { evidence: indexes(start, i), direction: last > 0 ? 'increasing' : 'decreasing' };
  return test === 'NELSON_4' && k >= 3 ? { evidence: indexes(start, i) } : null;
}

function kOfKPlusOne(values: readonly number[], i: number, k: number, centre: number, limit: number): Signal | null {
  const d = values[i] - centre;
  if (Math.abs(d) <= limit) return null;
  const side = sign(d);
  const start = Math.max(0, i - k);
  let count = 0;
  for (let j = start; j <= i; j++) if ((values[j] - centre) * side > limit) count++;
  if (count < k) return null;
  const evidence: number[] = [];
  for (let j = start; j <= i; j++) if ((values[j] - centre) * side > limit) evidence.push(j);
  return { evidence, side: sideName(side) };
}

function inARow(values: readonly number[], i: number, k: number, holds: (value: number) => boolean): Signal | null {
  const start = i - k + 1;
  if (start < 0) return null;
  for (let j = i; j >= start; j--) if (!holds(values[j])) return null;
  return { evidence: indexes(start, i) };
}

/** The finding in a sentence, e.g. "2 of the last 3 readings more than 2σ above the centre line 230 (σ 1)". */
export function describeSignal(test: SpcTest, k: number, signal: Signal, values: readonly number[], line: CentreLine | null): string {
  const centre = line ? `the centre line ${round(line.centre)}` : 'the centre line';
  const withSigma = line ? `${centre} (σ ${round(line.sigma)})` : centre;
  const last = signal.evidence[signal.evidence.length - 1];
  switch (test) {
    case 'NELSON_1':
      return `${values[last]} is more than ${k}σ ${signal.side} ${withSigma}`;
    case 'NELSON_2':
      return `${k} readings in a row ${signal.side} ${centre}`;
    case 'NELSON_3':
      return `${k} readings in a row steadily ${signal.direction}`;
    case 'NELSON_4':
      return `${k} readings in a row alternating up and down`;
    case 'NELSON_5':
    case 'NELSON_6':
      return `${signal.evidence.length} of the last ${k + 1} readings more than ${test === 'NELSON_5' ? 2 : 1}σ ${signal.side} ${withSigma}`;
    case 'NELSON_7':
      return `${k} readings in a row within 1σ of ${withSigma}`;
    case 'NELSON_8':
      return `${k} readings in a row more than 1σ from ${withSigma}, either side`;
  }
}
