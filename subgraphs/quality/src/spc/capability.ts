import { D2_MOVING_RANGE, chartConstants } from './chart-constants';
import { averageMovingRange, individualsLimits, mean, range, sampleStandardDeviation, subgroupsOf } from './statistics';

export interface SpecificationRange {
  lsl: number;
  usl: number;
}

/** Cp (σ within) or Pp (σ overall): the specification's width over 6σ; null when σ is unknown or 0. */
export function potentialCapability(spec: SpecificationRange, sigma: number | null): number | null {
  return sigma ? (spec.usl - spec.lsl) / (6 * sigma) : null;
}

/** Cpk (σ within) or Ppk (σ overall): the mean's distance to the nearer limit over 3σ; null when σ is unknown or 0. */
export function capabilityIndex(spec: SpecificationRange, centre: number | null, sigma: number | null): number | null {
  return sigma && centre !== null ? Math.min(spec.usl - centre, centre - spec.lsl) / (3 * sigma) : null;
}

/** What processCapability reports. */
export interface Capability {
  /** Readings the figures are computed from. */
  sampleSize: number;
  /** 1: individuals (σ within from the moving ranges); n: consecutive subgroups of n (σ within from R̄). */
  subgroupSize: number;
  subgroupCount: number;
  /** Readings of a trailing incomplete subgroup, left out of every figure. */
  readingsLeftOut: number;
  mean: number | null;
  /** MR̄ / 1.128 for individuals, R̄ / d2(n) for subgroups of n. */
  sigmaWithin: number | null;
  /** The sample standard deviation of the readings (divisor N − 1). */
  sigmaOverall: number | null;
  cp: number | null;
  cpk: number | null;
  pp: number | null;
  ppk: number | null;
}

/** Within σ: of individuals from the average moving range, of subgroups from the average range. */
function sigmaWithin(values: readonly number[], subgroups: readonly number[][], subgroupSize: number): number | null {
  if (subgroupSize === 1) {
    const movingRange = averageMovingRange(values);
    return movingRange === null ? null : movingRange / D2_MOVING_RANGE;
  }
  if (subgroups.length === 0) return null;
  return mean(subgroups.map(range)) / chartConstants(subgroupSize).d2;
}

/**
 * Capability of a series in time order against a specification: Cp and Cpk on the within σ (short term), Pp and
 * Ppk on the overall σ (long term). With subgroups (2..25), a trailing incomplete subgroup is left out of every
 * figure, so all of them describe the same readings.
 */
export function capabilityOf(series: readonly number[], spec: SpecificationRange, subgroupSize = 1): Capability {
  const { subgroups, leftOut } = subgroupSize === 1 ? { subgroups: [], leftOut: [] } : subgroupsOf(series, subgroupSize);
  const values = leftOut.length > 0 ? series.slice(0, series.length - leftOut.length) : series;
  const centre = values.length > 0 ? mean(values) : null;
  const within = sigmaWithin(values, subgroups, subgroupSize);
  const overall = sampleStandardDeviation(values);
  return {
    sampleSize: values.length,
    subgroupSize,
    subgroupCount: subgroupSize === 1 ? values.length : subgroups.length,
    readingsLeftOut: leftOut.length,
    mean: centre,
    sigmaWithin: within,
    sigmaOverall: overall,
    cp: potentialCapability(spec, within),
    cpk: capabilityIndex(spec, centre, within),
    pp: potentialCapability(spec, overall),
    ppk: capabilityIndex(spec, centre, overall),
  };
}

/** CPK_BELOW over a window of individual readings: Cpk on the moving-range σ; null when the window does not vary. */
export function cpk(values: readonly number[], spec: SpecificationRange): { cpk: number; mean: number; sigma: number } | null {
  const line = individualsLimits(values);
  return line ? { cpk: capabilityIndex(spec, line.centre, line.sigma)!, mean: line.centre, sigma: line.sigma } : null;
}

/** PPK_BELOW over a window: Ppk on the sample standard deviation; null when the window does not vary. */
export function ppk(values: readonly number[], spec: SpecificationRange): { ppk: number; mean: number; sigma: number } | null {
  const centre = values.length > 0 ? mean(values) : null;
  const sigma = sampleStandardDeviation(values);
  const index = capabilityIndex(spec, centre, sigma);
  return index === null ? null : { ppk: index, mean: centre!, sigma: sigma! };
}
