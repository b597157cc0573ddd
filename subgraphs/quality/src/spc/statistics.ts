import { D2_MOVING_RANGE } from './chart-constants';

/** A centre line and the σ of the plotted statistic around it. */
export interface CentreLine {
  centre: number;
  sigma: number;
}

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

/**
 * An individuals chart's centre line and σ from a series in time order: the mean, and σ = MR̄ / d2 (d2 = 1.128).
 * Null when it has fewer than two points or does not vary.
 */
export function individualsLimits(values: readonly number[]): CentreLine | null {
  const movingRange = averageMovingRange(values);
  if (movingRange === null || movingRange === 0) return null;
  return { centre: mean(values), sigma: movingRange / D2_MOVING_RANGE };
}

/** Consecutive subgroups of `size` in the order given; a trailing incomplete one is left out (and returned apart). */
export function subgroupsOf<T>(items: readonly T[], size: number): { subgroups: T[][]; leftOut: T[] } {
  const complete = Math.floor(items.length / size) * size;
  const subgroups: T[][] = [];
  for (let start = 0; start < complete; start += size) subgroups.push(items.slice(start, start + size));
  return { subgroups, leftOut: items.slice(complete) };
}
