import { capabilityIndexOf } from '../spc/capability';
import { describeSignal, lookBack, needsCentreLine, signalAt } from '../spc/nelson-tests';
import { MAX_PATTERN_LENGTH } from '../spc/spc-conventions';
import { round, type CentreLine } from '../spc/statistics';
import { spcTestOf, type RuleKind, type RuleSettings } from './rule-kind';

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

/** A reading being judged: its series in time order (and the values alone, in the same order) and its index there. */
export interface Judged {
  series: readonly SeriesPoint[];
  values: readonly number[];
  index: number;
  /** The specification in force at the reading's time, if any. */
  spec: SpecLimits | null;
  /** The rule's centre line and σ (from its settings or baseline), if it needs and has one. */
  chart: CentreLine | null;
}

/** A rule made ready to judge readings, once per batch: its settings read and its defaults applied. */
export interface ReadingCheck {
  /** How many earlier readings of the series it reads besides the one judged. */
  lookBack: number;
  /** Whether it needs a centre line and σ. */
  needsChart: boolean;
  /** The finding on one reading; null when the rule holds (or cannot be judged: no spec, no baseline, too little history). */
  judge(reading: Judged): Finding | null;
}

export const DEFAULT_CPK_WINDOW = 30;
/** The most readings a Cpk or Ppk window spans: judging a reading reads that many, as the longest SPC pattern does. */
export const MAX_CAPABILITY_WINDOW = MAX_PATTERN_LENGTH;
export const DEFAULT_MIN_CPK = 1.33;
export const DEFAULT_MIN_PPK = 1.33;

const holds = (): null => null;

/** The check of one rule. Lot rules judge inspections and refused uses (lot-rule/), never a process reading. */
export function readingCheck(kind: RuleKind, settings: RuleSettings): ReadingCheck {
  const spc = spcTestOf(kind, settings);
  if (spc) {
    return {
      lookBack: lookBack(spc.test, spc.k),
      needsChart: needsCentreLine(spc.test),
      judge: ({ series, values, index, chart }) => {
        const signal = signalAt(spc.test, spc.k, values, index, chart);
        if (!signal) return null;
        return { evidence: signal.evidence.map((i) => series[i].id), detail: `${spc.name} — ${describeSignal(spc.test, spc.k, signal, values, chart)}` };
      },
    };
  }
  switch (kind) {
    case 'OUT_OF_SPEC':
      return { lookBack: 0, needsChart: false, judge: outOfSpec };
    case 'OUT_OF_WARNING':
      return { lookBack: 0, needsChart: false, judge: outOfWarning };
    case 'CPK_BELOW':
    case 'PPK_BELOW':
      return capabilityCheck(kind, settings);
    default:
      return { lookBack: 0, needsChart: false, judge: holds };
  }
}

function outOfSpec({ series, index, spec }: Judged): Finding | null {
  const point = series[index];
  if (!spec || (point.value >= spec.lsl && point.value <= spec.usl)) return null;
  return { evidence: [point.id], detail: `${point.value} is outside the specification ${spec.lsl}..${spec.usl}` };
}

function outOfWarning({ series, index, spec }: Judged): Finding | null {
  const point = series[index];
  if (!spec) return null;
  const low = spec.lowerWarning ?? spec.lsl;
  const high = spec.upperWarning ?? spec.usl;
  // Beyond the specification is OUT_OF_SPEC's finding; this rule warns inside it.
  if (point.value < spec.lsl || point.value > spec.usl || (point.value >= low && point.value <= high)) return null;
  return { evidence: [point.id], detail: `${point.value} is outside the warning limits ${low}..${high}` };
}

/** CPK_BELOW (σ within, from the moving ranges) or PPK_BELOW (σ overall, the sample standard deviation) over the latest windowReadings. */
function capabilityCheck(kind: 'CPK_BELOW' | 'PPK_BELOW', settings: RuleSettings): ReadingCheck {
  const size = settings.windowReadings ?? DEFAULT_CPK_WINDOW;
  const minimum = (kind === 'CPK_BELOW' ? settings.minCpk : settings.minPpk) ?? (kind === 'CPK_BELOW' ? DEFAULT_MIN_CPK : DEFAULT_MIN_PPK);
  return {
    lookBack: size - 1,
    needsChart: false,
    judge: ({ series, values, index, spec }) => {
      const start = index - size + 1;
      if (!spec || start < 0) return null;
      const window = values.slice(start, index + 1);
      const found = capabilityIndexOf(kind === 'CPK_BELOW' ? 'CPK' : 'PPK', window, spec);
      if (!found || found.index >= minimum) return null;
      const name = kind === 'CPK_BELOW' ? 'Cpk' : 'Ppk';
      const sigma = kind === 'CPK_BELOW' ? 'σ' : 'overall σ';
      return {
        evidence: series.slice(start, index + 1).map((p) => p.id),
        detail: `${name} ${round(found.index)} over the last ${size} readings is below ${minimum} (mean ${round(found.mean)}, ${sigma} ${round(found.sigma)}, spec ${spec.lsl}..${spec.usl})`,
      };
    },
  };
}
