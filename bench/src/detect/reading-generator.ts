import type { ReadingInput } from '@lotgraph/quality';
import { seededRandom } from '../seeded-random';

/** One measured parameter of the generated plant: its target, spread, specification and warning limits. */
export interface GeneratedParameter {
  parameter: string;
  unit: string;
  target: number;
  sigma: number;
}

export const PARAMETERS: readonly GeneratedParameter[] = [
  { parameter: 'BARREL_TEMP', unit: '°C', target: 230, sigma: 1 },
  { parameter: 'MOULD_TEMP', unit: '°C', target: 60, sigma: 0.5 },
  { parameter: 'HOLD_PRESSURE', unit: 'bar', target: 800, sigma: 5 },
  { parameter: 'INJECTION_SPEED', unit: 'mm/s', target: 120, sigma: 2 },
  { parameter: 'COOLING_TIME', unit: 's', target: 12, sigma: 0.2 },
  { parameter: 'CYCLE_TIME', unit: 's', target: 30, sigma: 0.4 },
  { parameter: 'SCREW_SPEED', unit: 'rpm', target: 150, sigma: 3 },
  { parameter: 'BACK_PRESSURE', unit: 'bar', target: 90, sigma: 1.5 },
];

/** Specification limits at ±6σ, warning limits at ±4σ: in-control noise stays inside both. */
export const limitsOf = (p: GeneratedParameter) => ({
  parameter: p.parameter, unit: p.unit, lsl: p.target - 6 * p.sigma, usl: p.target + 6 * p.sigma, target: p.target,
  lowerWarning: p.target - 4 * p.sigma, upperWarning: p.target + 4 * p.sigma, critical: true,
});

export interface GeneratedReadings {
  machines: string[];
  parameters: GeneratedParameter[];
  readings: ReadingInput[];
  /** Series and reading ids of the planted excursions (three readings beyond the USL each). */
  excursions: Array<{ equipmentCode: string; parameter: string; readingIds: string[] }>;
}

export const SERIES_START = Date.parse('2026-11-01T00:00:00Z');
export const STEP_MS = 10_000;
const EXCURSIONS = 5;

/**
 * `count` readings from `machines` moulding machines measuring `parameterCount` parameters each, one reading per
 * series every 10 s, in time order across the plant (as they would stream in); normal noise around each target
 * and a few planted excursions of three readings beyond the specification.
 */
export function generateReadings(options: { readings: number; machines: number; parameters: number; seed: number }): GeneratedReadings {
  if (options.parameters > PARAMETERS.length) throw new Error(`--parameters: at most ${PARAMETERS.length}`);
  const random = seededRandom(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const machines = Array.from({ length: options.machines }, (_, i) => `IMM-B${String(i + 1).padStart(3, '0')}`);
  const parameters = PARAMETERS.slice(0, options.parameters);
  const series = machines.flatMap((equipmentCode) => parameters.map((p) => ({ equipmentCode, p })));
  const steps = Math.ceil(options.readings / series.length);
  // Excursions spread over the run, each on its own series, three steps long.
  const planted = new Map<string, number>();
  const excursions: GeneratedReadings['excursions'] = [];
  for (let e = 0; e < EXCURSIONS && steps >= 8; e += 1) {
    const s = series[Math.floor(random() * series.length)];
    const start = Math.floor(((e + 0.5) / EXCURSIONS) * (steps - 4));
    if (excursions.some((x) => x.equipmentCode === s.equipmentCode && x.parameter === s.p.parameter)) continue;
    const ids = [0, 1, 2].map((k) => `${s.equipmentCode}-${s.p.parameter}-${start + k}`);
    excursions.push({ equipmentCode: s.equipmentCode, parameter: s.p.parameter, readingIds: ids });
    for (const id of ids) planted.set(id, s.p.target + 7 * s.p.sigma);
  }
  const readings: ReadingInput[] = [];
  for (let step = 0; step < steps && readings.length < options.readings; step += 1) {
    const measuredAt = new Date(SERIES_START + step * STEP_MS).toISOString();
    for (const { equipmentCode, p } of series) {
      if (readings.length >= options.readings) break;
      const readingId = `${equipmentCode}-${p.parameter}-${step}`;
      const value = planted.get(readingId) ?? p.target + normal() * p.sigma;
      readings.push({ readingId, equipmentCode, parameter: p.parameter, value: value.toFixed(3), measuredAt });
    }
  }
  return { machines, parameters, readings, excursions };
}
