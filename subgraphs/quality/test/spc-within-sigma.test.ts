import { capabilityIndexOf, capabilityOf } from '../src/spc/capability';
import { buildControlChart, type ChartReading } from '../src/spc/control-chart';
import { individualsLimits, round, withinSpread } from '../src/spc/statistics';

const readings = (values: number[]): ChartReading[] =>
  values.map((value, i) => ({ id: `r${i}`, value, measuredAt: new Date(Date.UTC(2026, 10, 20, 8, i)) }));
const SERIES = [230.2, 229.4, 231.1, 230.6, 229.9, 230.3, 228.8, 230.7, 231.4, 229.6, 230.1];
const SPEC = { lsl: 222, usl: 238 };

describe('σ within: one estimate for the rules, the charts and the capability figures', () => {
  it('is MR̄ / 1.128 of individual readings wherever it is read', () => {
    const spread = withinSpread(SERIES, 'MOVING_RANGE')!;
    let sum = 0;
    for (let i = 1; i < SERIES.length; i++) sum += Math.abs(SERIES[i] - SERIES[i - 1]);
    expect(spread.average).toBeCloseTo(sum / (SERIES.length - 1), 12);
    expect(spread.sigma).toBe(spread.average / 1.128);
    expect(individualsLimits(SERIES)!.sigma).toBe(spread.sigma);
    expect(capabilityOf(SERIES, SPEC).sigmaWithin).toBe(spread.sigma);
    expect(buildControlChart(readings(SERIES), { chart: 'INDIVIDUALS', subgroupSize: 1, limits: { from: 'READINGS' }, tests: [] }).sigmaWithin).toBe(spread.sigma);
  });

  it('is R̄ / d2(n) of subgroups for capability and the X̄-R chart, S̄ / c4(n) for the X̄-S chart', () => {
    const values = SERIES.slice(0, 10);
    const r = withinSpread(values, 'RANGE', 5)!;
    expect(capabilityOf(SERIES, SPEC, 5)).toMatchObject({ sampleSize: 10, subgroupCount: 2, readingsLeftOut: 1, sigmaWithin: r.sigma });
    expect(buildControlChart(readings(SERIES), { chart: 'XBAR_R', subgroupSize: 5, limits: { from: 'READINGS' }, tests: [] }).sigmaWithin).toBe(r.sigma);
    const s = withinSpread(values, 'STANDARD_DEVIATION', 5)!;
    expect(s.sigma).toBe(s.average / 0.94);
    expect(buildControlChart(readings(SERIES), { chart: 'XBAR_S', subgroupSize: 5, limits: { from: 'READINGS' }, tests: [] }).sigmaWithin).toBe(s.sigma);
  });

  it('is null without two readings or a complete subgroup, 0 without variation', () => {
    expect(withinSpread([230], 'MOVING_RANGE')).toBeNull();
    expect(withinSpread([230, 231], 'RANGE', 3)).toBeNull();
    expect(withinSpread([230, 230, 230], 'MOVING_RANGE')).toMatchObject({ average: 0, sigma: 0 });
  });
});

describe('a capability rule reads the index capabilityOf computes', () => {
  it('gives Cpk with σ within and Ppk with σ overall, and nothing for a window that does not vary', () => {
    const c = capabilityOf(SERIES, SPEC);
    expect(capabilityIndexOf('CPK', SERIES, SPEC)).toEqual({ index: c.cpk, mean: c.mean, sigma: c.sigmaWithin });
    expect(capabilityIndexOf('PPK', SERIES, SPEC)).toEqual({ index: c.ppk, mean: c.mean, sigma: c.sigmaOverall });
    expect(capabilityIndexOf('CPK', [230, 230, 230], SPEC)).toBeNull();
    expect(capabilityIndexOf('PPK', [230], SPEC)).toBeNull();
  });

  it('shows figures to three decimals', () => {
    expect([round(3.0276), round(1.0455), round(230.5)]).toEqual([3.028, 1.046, 230.5]);
  });
});
