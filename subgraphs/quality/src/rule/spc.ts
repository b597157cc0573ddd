/** Individuals-chart statistics: centre line and sigma estimated from the average moving range (d2 = 1.128). */
export interface ChartLimits {
  centre: number;
  sigma: number;
}

const D2_FOR_MOVING_RANGE_OF_TWO = 1.128;

/** Limits from a baseline series in time order; null when it has fewer than two points or no variation. */
export function individualsLimits(values: readonly number[]): ChartLimits | null {
  if (values.length < 2) return null;
  const centre = values.reduce((sum, v) => sum + v, 0) / values.length;
  let movingRangeSum = 0;
  for (let i = 1; i < values.length; i++) movingRangeSum += Math.abs(values[i] - values[i - 1]);
  const sigma = movingRangeSum / (values.length - 1) / D2_FOR_MOVING_RANGE_OF_TWO;
  return sigma > 0 ? { centre, sigma } : null;
}
