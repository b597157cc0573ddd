import { chartConstants } from './chart-constants';
import { signalAt, type SpcTest } from './nelson-tests';
import { dispersionFactor, mean, subgroupDispersion, subgroupsOf, withinSpread, type CentreLine, type WithinDispersion } from './statistics';

export type ChartType = 'INDIVIDUALS' | 'XBAR_R' | 'XBAR_S';
export type LimitsSource = 'READINGS' | 'BASELINE' | 'GIVEN';

export interface ChartReading {
  id: string;
  value: number;
  measuredAt: Date;
}

/** A test to apply to the location chart (X or X̄): which, with which K, under which name. */
export interface AppliedTest {
  test: SpcTest;
  k: number;
  name: string;
}

export interface ChartOptions {
  chart: ChartType;
  /** 1 for INDIVIDUALS; 2..25 for the X̄ charts. */
  subgroupSize: number;
  /** Where the centre line and σ come from: the charted readings, a baseline series (in time order), or given. */
  limits: { from: 'READINGS' } | { from: 'BASELINE'; values: readonly number[] } | { from: 'GIVEN'; centre: number; sigma: number };
  tests: readonly AppliedTest[];
}

/** One chart's lines. */
export interface Limits {
  centre: number;
  lower: number;
  upper: number;
}

export interface SignalAtPoint {
  test: SpcTest;
  name: string;
  /** Indexes of the points that show it, this one last. */
  points: number[];
}

export interface ChartPoint {
  index: number;
  firstAt: Date;
  at: Date;
  readingIds: string[];
  /** The reading (X) or the subgroup mean (X̄). */
  value: number;
  /** The moving range from the point before (null on the first), or the subgroup's range or standard deviation. */
  dispersion: number | null;
  signals: SignalAtPoint[];
  dispersionBeyondLimits: boolean;
}

export interface ControlChartFigures {
  /** σ of the process (within): MR̄ / d2, R̄ / d2(n) or S̄ / c4(n), or the σ given. */
  sigmaWithin: number | null;
  /** The X or X̄ chart, and the σ of what it plots (the tests' zones are centre ± 1, 2 and 3 of it). */
  location: (Limits & { sigma: number }) | null;
  /** The MR, R or S chart. */
  dispersion: Limits | null;
  points: ChartPoint[];
  readingsLeftOut: number;
  notes: string[];
}

/** What the limits are estimated from: the centre line, the average dispersion (MR̄, R̄ or S̄) and the σ within. */
interface Estimate {
  centre: number;
  dispersion: number;
  sigma: number;
  /** Given σ: the X̄ chart's σ is exactly σ/√n (the published A2, A3 are rounded). */
  given: boolean;
}

/** What each chart measures the spread within by. */
const DISPERSION: Record<ChartType, WithinDispersion> = { INDIVIDUALS: 'MOVING_RANGE', XBAR_R: 'RANGE', XBAR_S: 'STANDARD_DEVIATION' };

function estimateFrom(values: readonly number[], chart: ChartType, n: number): Estimate | null {
  const spread = withinSpread(values, DISPERSION[chart], n);
  return spread && { centre: spread.centre, dispersion: spread.average, sigma: spread.sigma, given: false };
}

/** Given σ: the average dispersion a process of that σ shows, E[MR] = 1.128σ, E[R] = d2σ, E[S] = c4σ. */
function estimateGiven(centre: number, sigma: number, chart: ChartType, n: number): Estimate {
  return { centre, dispersion: dispersionFactor(DISPERSION[chart], n) * sigma, sigma, given: true };
}

/**
 * The limits of both charts from an estimate: I-MR: X̄ ± 3·MR̄/1.128, MR 0..D4(2)·MR̄; X̄-R: X̄̄ ± A2·R̄, R D3·R̄..D4·R̄;
 * X̄-S: X̄̄ ± A3·S̄, S B3·S̄..B4·S̄.
 */
function limitsOf(e: Estimate, chart: ChartType, n: number): Pick<ControlChartFigures, 'sigmaWithin' | 'location' | 'dispersion'> {
  const c = chartConstants(chart === 'INDIVIDUALS' ? 2 : n);
  const half = chart === 'INDIVIDUALS' ? 3 * e.sigma : e.given ? (3 * e.sigma) / Math.sqrt(n) : (chart === 'XBAR_S' ? c.A3 : c.A2) * e.dispersion;
  const [low, high] = chart === 'XBAR_S' ? [c.B3, c.B4] : [c.D3, c.D4];
  return {
    sigmaWithin: e.sigma,
    location: { centre: e.centre, lower: e.centre - half, upper: e.centre + half, sigma: half / 3 },
    dispersion: { centre: e.dispersion, lower: low * e.dispersion, upper: high * e.dispersion },
  };
}

function plotted(readings: readonly ChartReading[], chart: ChartType, n: number): { points: ChartPoint[]; leftOut: ChartReading[] } {
  const point = (index: number, group: readonly ChartReading[], value: number, dispersion: number | null): ChartPoint => ({
    index, firstAt: group[0].measuredAt, at: group[group.length - 1].measuredAt, readingIds: group.map((r) => r.id), value, dispersion, signals: [], dispersionBeyondLimits: false,
  });
  if (chart === 'INDIVIDUALS') {
    return { points: readings.map((r, i) => point(i, [r], r.value, i === 0 ? null : Math.abs(r.value - readings[i - 1].value))), leftOut: [] };
  }
  const { subgroups, leftOut } = subgroupsOf(readings, n);
  return {
    points: subgroups.map((group, i) => {
      const values = group.map((r) => r.value);
      return point(i, group, mean(values), subgroupDispersion(chart === 'XBAR_S' ? 'STANDARD_DEVIATION' : 'RANGE', values));
    }),
    leftOut,
  };
}

/**
 * A control chart of one series in time order: the points (readings, or subgroups of n consecutive readings with
 * a trailing incomplete one left out), the limits of the location chart (X, X̄) and of the dispersion chart (MR, R,
 * S), the tests for special causes applied to the location chart's points with the σ of what it plots, and the
 * dispersion points beyond their limits.
 */
export function buildControlChart(readings: readonly ChartReading[], options: ChartOptions): ControlChartFigures {
  const { chart, subgroupSize: n } = options;
  const { points, leftOut } = plotted(readings, chart, n);
  const notes: string[] = [];
  if (leftOut.length === 1) notes.push(`The last reading (at ${leftOut[0].measuredAt.toISOString()}) does not fill a subgroup of ${n} and is left out.`);
  if (leftOut.length > 1) notes.push(`The last ${leftOut.length} readings (from ${leftOut[0].measuredAt.toISOString()}) do not fill a subgroup of ${n} and are left out.`);
  const estimate =
    options.limits.from === 'GIVEN' ? estimateGiven(options.limits.centre, options.limits.sigma, chart, n)
    : estimateFrom(options.limits.from === 'BASELINE' ? options.limits.values : readings.slice(0, readings.length - leftOut.length).map((r) => r.value), chart, n);
  if (!estimate || estimate.dispersion === 0) {
    const what = options.limits.from === 'BASELINE' ? 'The baseline' : 'The readings';
    notes.push(estimate ? `${what} do not vary: no control limits, and no tests applied.` : `${what} are too few to estimate σ: no control limits, and no tests applied.`);
    return { sigmaWithin: null, location: null, dispersion: null, points, readingsLeftOut: leftOut.length, notes };
  }
  const limits = limitsOf(estimate, chart, n);
  const line: CentreLine = { centre: limits.location!.centre, sigma: limits.location!.sigma };
  const values = points.map((p) => p.value);
  for (const p of points) {
    for (const { test, k, name } of options.tests) {
      const signal = signalAt(test, k, values, p.index, line);
      if (signal) p.signals.push({ test, name, points: signal.evidence });
    }
    p.dispersionBeyondLimits = p.dispersion !== null && (p.dispersion > limits.dispersion!.upper || p.dispersion < limits.dispersion!.lower);
  }
  return { ...limits, points, readingsLeftOut: leftOut.length, notes };
}
