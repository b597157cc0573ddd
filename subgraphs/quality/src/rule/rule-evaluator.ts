import type { RuleKind, RuleSettings } from './rule-kind';
import { individualsLimits, type ChartLimits } from './spc';

export interface SeriesPoint {
  id: string;
  value: number;
}

export interface SpecLimits {
  lsl: number;
  usl: number;
  lowerWarning: number | null;
  upperWarning: number | null;
}

/** What a rule found on a reading: the readings that show it (the reading itself last) and a sentence. */
export interface Finding {
  evidence: string[];
  detail: string;
}

export interface Evaluation {
  kind: RuleKind;
  settings: RuleSettings;
  /** The reading being judged. */
  point: SeriesPoint;
  /** Earlier readings of the same equipment and parameter by time, oldest first, the point excluded. */
  before: readonly SeriesPoint[];
  /** The specification in force at the reading's time, if any. */
  spec: SpecLimits | null;
  chart: ChartLimits | null;
}

/** How many earlier points a rule needs to judge a reading. */
export function historyNeeded(kind: RuleKind, settings: RuleSettings): number {
  if (kind === 'SPC_RUN_ONE_SIDE') return (settings.runLength ?? 9) - 1;
  if (kind === 'SPC_TREND') return (settings.trendLength ?? 6) - 1;
  if (kind === 'CPK_BELOW') return (settings.windowReadings ?? DEFAULT_CPK_WINDOW) - 1;
  return 0;
}

/** Judges one reading against one rule; null when the rule holds (or cannot be judged: no spec, no baseline). */
export function evaluate(e: Evaluation): Finding | null {
  const { point } = e;
  switch (e.kind) {
    case 'OUT_OF_SPEC':
      if (!e.spec || (point.value >= e.spec.lsl && point.value <= e.spec.usl)) return null;
      return { evidence: [point.id], detail: `${point.value} is outside the specification ${e.spec.lsl}..${e.spec.usl}` };
    case 'OUT_OF_WARNING': {
      if (!e.spec) return null;
      const low = e.spec.lowerWarning ?? e.spec.lsl;
      const high = e.spec.upperWarning ?? e.spec.usl;
      // Beyond the specification is OUT_OF_SPEC's finding; this rule warns inside it.
      if (point.value < e.spec.lsl || point.value > e.spec.usl || (point.value >= low && point.value <= high)) return null;
      return { evidence: [point.id], detail: `${point.value} is outside the warning limits ${low}..${high}` };
    }
    case 'SPC_BEYOND_3_SIGMA': {
      if (!e.chart) return null;
      const k = e.settings.sigmaMultiple ?? 3;
      const distance = Math.abs(point.value - e.chart.centre);
      if (distance <= k * e.chart.sigma) return null;
      return { evidence: [point.id], detail: `${point.value} is more than ${k}σ from the centre line ${round(e.chart.centre)} (σ ${round(e.chart.sigma)})` };
    }
    case 'SPC_RUN_ONE_SIDE': {
      if (!e.chart) return null;
      const run = lastPoints(e, (e.settings.runLength ?? 9));
      if (!run) return null;
      const centre = e.chart.centre;
      const side = run.every((p) => p.value > centre) ? 'above' : run.every((p) => p.value < centre) ? 'below' : null;
      if (!side) return null;
      return { evidence: run.map((p) => p.id), detail: `${run.length} readings in a row ${side} the centre line ${round(centre)}` };
    }
    case 'SPC_TREND': {
      const run = lastPoints(e, e.settings.trendLength ?? 6);
      if (!run) return null;
      const steps = run.slice(1).map((p, i) => p.value - run[i].value);
      const direction = steps.every((d) => d > 0) ? 'increasing' : steps.every((d) => d < 0) ? 'decreasing' : null;
      if (!direction) return null;
      return { evidence: run.map((p) => p.id), detail: `${run.length} readings in a row steadily ${direction}` };
    }
    case 'CPK_BELOW': {
      if (!e.spec) return null;
      const window = lastPoints(e, e.settings.windowReadings ?? DEFAULT_CPK_WINDOW);
      if (!window) return null;
      const capability = cpk(window.map((p) => p.value), e.spec);
      const minimum = e.settings.minCpk ?? DEFAULT_MIN_CPK;
      if (capability === null || capability.cpk >= minimum) return null;
      return {
        evidence: window.map((p) => p.id),
        detail: `Cpk ${round(capability.cpk)} over the last ${window.length} readings is below ${minimum} (mean ${round(capability.mean)}, σ ${round(capability.sigma)}, spec ${e.spec.lsl}..${e.spec.usl})`,
      };
    }
    // Lot rules judge inspections and refused uses (lot-rule/), never a process reading.
    case 'LIMS_OUT_OF_SPEC':
    case 'COA_DISAGREEMENT':
    case 'HELD_LOT_USE':
      return null;
  }
}

export const DEFAULT_CPK_WINDOW = 30;
export const DEFAULT_MIN_CPK = 1.33;

/**
 * Process capability of a series against the specification: min(USL − mean, mean − LSL) / 3σ, with σ the
 * within-process sigma from the average moving range (as the individuals chart estimates it); null when the
 * series does not vary.
 */
export function cpk(values: readonly number[], spec: { lsl: number; usl: number }): { cpk: number; mean: number; sigma: number } | null {
  const limits = individualsLimits(values);
  if (!limits) return null;
  return { cpk: Math.min(spec.usl - limits.centre, limits.centre - spec.lsl) / (3 * limits.sigma), mean: limits.centre, sigma: limits.sigma };
}

function lastPoints(e: Evaluation, length: number): SeriesPoint[] | null {
  if (e.before.length < length - 1) return null;
  return [...e.before.slice(e.before.length - (length - 1)), e.point];
}

const round = (value: number) => Math.round(value * 1000) / 1000;
