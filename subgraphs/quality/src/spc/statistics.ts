import { D2_MOVING_RANGE, chartConstants } from './chart-constants';

/** A centre line and the σ of the plotted statistic around it. */
export interface CentreLine {
  centre: number;
  sigma: number;
}

/** A figure as sentences show it (violation details, signals): to three decimals. */
export const round = (value: number): number => Math.round(value * 1000) / 1000;

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The sample standard deviation (divisor n − 1); null for fewer than two values. */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

export function range(values: readonly number[]): number {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return high - low;
}

/** The average of |xᵢ − xᵢ₋₁| over a series in time order; null for fewer than two values. */
export function averageMovingRange(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i] - values[i - 1]);
  return sum / (values.length - 1);
}

/** Consecutive subgroups of `size` in the order given; a trailing incomplete one is left out (and returned apart). */
export function subgroupsOf<T>(items: readonly T[], size: number): { subgroups: T[][]; leftOut: T[] } {
  const complete = Math.floor(items.length / size) * size;
  const subgroups: T[][] = [];
  for (let start = 0; start < complete; start += size) subgroups.push(items.slice(start, start + size));
  return { subgroups, leftOut: items.slice(complete) };
}

/**
 * How the spread within a process is measured: the moving range of two consecutive readings (individuals), or each
 * subgroup's range or standard deviation (divisor n − 1).
 */
export type WithinDispersion = 'MOVING_RANGE' | 'RANGE' | 'STANDARD_DEVIATION';

/** The dispersion of one subgroup: its range, or its standard deviation. */
export function subgroupDispersion(dispersion: Exclude<WithinDispersion, 'MOVING_RANGE'>, values: readonly number[]): number {
  return dispersion === 'STANDARD_DEVIATION' ? sampleStandardDeviation(values)! : range(values);
}

/** E[dispersion] = factor · σ: d2(2) = 1.128 for a moving range, d2(n) for the range and c4(n) for the standard deviation of n. */
export function dispersionFactor(dispersion: WithinDispersion, n: number): number {
  if (dispersion === 'MOVING_RANGE') return D2_MOVING_RANGE;
  const c = chartConstants(n);
  return dispersion === 'RANGE' ? c.d2 : c.c4;
}

/** A series' centre line, its average dispersion (MR̄, R̄ or S̄) and the σ within that estimates. */
export interface WithinSpread {
  /** The mean of what is plotted: the readings, or the subgroup means. */
  centre: number;
  average: number;
  sigma: number;
}

/**
 * The one estimate of σ within, for the rules, the charts and the capability figures alike: MR̄ / 1.128 of a series
 * in time order, or R̄ / d2(n) or S̄ / c4(n) of its consecutive subgroups of n (a trailing incomplete one left out).
 * Null with fewer than two readings, or without a complete subgroup. A σ of 0 (no variation) is returned as such.
 */
export function withinSpread(values: readonly number[], dispersion: WithinDispersion, n = 1): WithinSpread | null {
  if (dispersion === 'MOVING_RANGE') {
    const average = averageMovingRange(values);
    return average === null ? null : { centre: mean(values), average, sigma: average / D2_MOVING_RANGE };
  }
  const { subgroups } = subgroupsOf(values, n);
  if (subgroups.length === 0) return null;
  const average = mean(subgroups.map((g) => subgroupDispersion(dispersion, g)));
  return { centre: mean(subgroups.map(mean)), average, sigma: average / dispersionFactor(dispersion, n) };
}

/**
 * An individuals chart's centre line and σ from a series in time order: the mean, and σ = MR̄ / d2 (d2 = 1.128).
 * Null when it has fewer than two points or does not vary.
 */
export function individualsLimits(values: readonly number[]): CentreLine | null {
  const spread = withinSpread(values, 'MOVING_RANGE');
  return spread && spread.average !== 0 ? { centre: spread.centre, sigma: spread.sigma } : null;
}
