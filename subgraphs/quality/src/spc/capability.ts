import { mean, sampleStandardDeviation, withinSpread } from './statistics';

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

/**
 * Capability of a series in time order against a specification: Cp and Cpk on the within σ (short term), Pp and
 * Ppk on the overall σ (long term). With subgroups (2..25), a trailing incomplete subgroup is left out of every
 * figure, so all of them describe the same readings.
 */
export function capabilityOf(series: readonly number[], spec: SpecificationRange, subgroupSize = 1): Capability {
  const leftOut = series.length % subgroupSize;
  const values = leftOut > 0 ? series.slice(0, series.length - leftOut) : series;
  const centre = values.length > 0 ? mean(values) : null;
  const within = withinSpread(values, subgroupSize === 1 ? 'MOVING_RANGE' : 'RANGE', subgroupSize)?.sigma ?? null;
  const overall = sampleStandardDeviation(values);
  return {
    sampleSize: values.length,
    subgroupSize,
    subgroupCount: values.length / subgroupSize,
    readingsLeftOut: leftOut,
    mean: centre,
    sigmaWithin: within,
    sigmaOverall: overall,
    cp: potentialCapability(spec, within),
    cpk: capabilityIndex(spec, centre, within),
    pp: potentialCapability(spec, overall),
    ppk: capabilityIndex(spec, centre, overall),
  };
}

/** Cpk: on the σ within (short term); Ppk: on the σ overall (long term). */
export type CapabilityIndexKind = 'CPK' | 'PPK';

/** One capability index of a window and the mean and σ it was computed from. */
export interface IndexFound {
  index: number;
  mean: number;
  sigma: number;
}

/**
 * Cpk or Ppk of a window of individual readings, as capabilityOf computes it, with its mean and σ (what the
 * CPK_BELOW and PPK_BELOW rules judge); null when it cannot be computed: fewer than two readings, or no variation.
 */
export function capabilityIndexOf(kind: CapabilityIndexKind, values: readonly number[], spec: SpecificationRange): IndexFound | null {
  const c = capabilityOf(values, spec);
  const [index, sigma] = kind === 'CPK' ? [c.cpk, c.sigmaWithin] : [c.ppk, c.sigmaOverall];
  return index === null ? null : { index, mean: c.mean!, sigma: sigma! };
}

/** Cpk of a window of individual readings (σ within, MR̄ / 1.128); null when the window does not vary. */
export function cpk(values: readonly number[], spec: SpecificationRange): { cpk: number; mean: number; sigma: number } | null {
  const found = capabilityIndexOf('CPK', values, spec);
  return found && { cpk: found.index, mean: found.mean, sigma: found.sigma };
}

/** Ppk of a window (σ overall, the sample standard deviation); null when the window does not vary. */
export function ppk(values: readonly number[], spec: SpecificationRange): { ppk: number; mean: number; sigma: number } | null {
  const found = capabilityIndexOf('PPK', values, spec);
  return found && { ppk: found.index, mean: found.mean, sigma: found.sigma };
}
