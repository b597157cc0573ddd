import { capabilityOf, cpk, ppk } from '../src/spc/capability';
import { chartConstants } from '../src/spc/chart-constants';
import { buildControlChart, type ChartReading } from '../src/spc/control-chart';
import { individualsLimits, sampleStandardDeviation } from '../src/spc/statistics';

const readings = (values: number[]): ChartReading[] =>
  values.map((value, i) => ({ id: `r${i}`, value, measuredAt: new Date(Date.UTC(2026, 10, 20, 8, i)) }));

/** Φ, the standard normal distribution function, from erfc (Numerical Recipes' Chebyshev fit, error below 1.2e-7). */
function normal(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + z / 2);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** d2(n), the expected range of n standard normal readings: ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx, by the midpoint rule. */
function expectedRange(n: number): number {
  let sum = 0;
  const step = 0.001;
  for (let x = -8 + step / 2; x < 8; x += step) sum += (1 - normal(x) ** n - (1 - normal(x)) ** n) * step;
  return sum;
}

describe('control chart constants', () => {
  it('are the published ones (ASTM MNL 7 / Montgomery, Appendix VI), spot-checked', () => {
    expect(chartConstants(2)).toEqual({ n: 2, A2: 1.88, A3: 2.659, c4: 0.7979, B3: 0, B4: 3.267, d2: 1.128, D3: 0, D4: 3.267 });
    expect(chartConstants(5)).toEqual({ n: 5, A2: 0.577, A3: 1.427, c4: 0.94, B3: 0, B4: 2.089, d2: 2.326, D3: 0, D4: 2.114 });
    expect(chartConstants(10)).toEqual({ n: 10, A2: 0.308, A3: 0.975, c4: 0.9727, B3: 0.284, B4: 1.716, d2: 3.078, D3: 0.223, D4: 1.777 });
    expect(chartConstants(25)).toEqual({ n: 25, A2: 0.153, A3: 0.606, c4: 0.9896, B3: 0.565, B4: 1.435, d2: 3.931, D3: 0.459, D4: 1.541 });
    expect(() => chartConstants(1)).toThrow(/2 to 25/);
    expect(() => chartConstants(26)).toThrow(/2 to 25/);
  });

  it('agree with their definitions to the printed digits for every n: c4, d2, A2, A3, B3, B4, and D3 + D4 (a mistyped entry would not)', () => {
    // c4(n) = √(2/(n−1)) Γ(n/2)/Γ((n−1)/2); the ratio of gammas by its recursion from Γ(1)/Γ(1/2) = 1/√π.
    let gammaRatio = 1 / Math.sqrt(Math.PI);
    for (let n = 2; n <= 25; n++) {
      const c4 = Math.sqrt(2 / (n - 1)) * gammaRatio;
      gammaRatio = (n - 1) / (2 * gammaRatio);
      const c = chartConstants(n);
      const spread = Math.sqrt(1 - c4 * c4) / c4;
      expect(Math.abs(c.c4 - c4)).toBeLessThan(0.00006);
      expect(Math.abs(c.A2 - 3 / (c.d2 * Math.sqrt(n)))).toBeLessThan(0.0011);
      expect(Math.abs(c.A3 - 3 / (c4 * Math.sqrt(n)))).toBeLessThan(0.0006);
      expect(Math.abs(c.B4 - (1 + 3 * spread))).toBeLessThan(0.0006);
      expect(Math.abs(c.B3 - Math.max(0, 1 - 3 * spread))).toBeLessThan(0.0006);
      // D3 = max(0, 1 − 3·d3/d2) and D4 = 1 + 3·d3/d2: they sum to 2 once D3 is above 0 (n ≥ 7).
      if (n >= 7) expect(Math.abs(c.D3 + c.D4 - 2)).toBeLessThanOrEqual(0.0011);
      else expect(c.D3).toBe(0);
      expect(Math.abs(c.d2 - expectedRange(n))).toBeLessThan(0.0006);
    }
  });
});

describe('process capability, against a hand computation', () => {
  // Mean 10; moving ranges 0.4, 0.2, 0.4, 0.8, so MR̄ 0.45 and σ within 0.45 / 1.128; squared deviations
  // 0.04 + 0.04 + 0 + 0.16 + 0.16 = 0.4, so σ overall √(0.4 / 4) = √0.1. Spec 9.5..11: the nearer limit is 0.5 away.
  const series = [9.8, 10.2, 10.0, 10.4, 9.6];
  const spec = { lsl: 9.5, usl: 11 };
  const within = 0.45 / 1.128;
  const overall = Math.sqrt(0.1);

  it('of individual readings: Cp, Cpk on the moving-range σ, Pp, Ppk on the sample standard deviation', () => {
    const c = capabilityOf(series, spec);
    expect(c).toMatchObject({ sampleSize: 5, subgroupSize: 1, subgroupCount: 5, readingsLeftOut: 0, mean: 10 });
    expect(c.sigmaWithin).toBeCloseTo(within, 12);
    expect(c.sigmaOverall).toBeCloseTo(overall, 12);
    expect(c.cp).toBeCloseTo(1.5 / (6 * within), 12);
    expect(c.cpk).toBeCloseTo(0.5 / (3 * within), 12);
    expect(c.pp).toBeCloseTo(1.5 / (6 * overall), 12);
    expect(c.ppk).toBeCloseTo(0.5 / (3 * overall), 12);
    expect(c.ppk).toBeCloseTo(0.527046, 6);
    expect(cpk(series, spec)!.cpk).toBeCloseTo(c.cpk!, 12);
    expect(ppk(series, spec)!.ppk).toBeCloseTo(c.ppk!, 12);
  });

  it('of subgroups: σ within from R̄ / d2, a trailing incomplete subgroup left out of every figure', () => {
    // Subgroups (10, 12), (11, 13), (9, 11) and 14 left out: R̄ 2, σ within 2 / 1.128; mean 11; squared deviations
    // 1 + 1 + 0 + 4 + 4 + 0 = 10, σ overall √(10 / 5) = √2. Spec 5..17: 6 each side.
    const c = capabilityOf([10, 12, 11, 13, 9, 11, 14], { lsl: 5, usl: 17 }, 2);
    expect(c).toMatchObject({ sampleSize: 6, subgroupSize: 2, subgroupCount: 3, readingsLeftOut: 1, mean: 11 });
    expect(c.sigmaWithin).toBeCloseTo(2 / 1.128, 12);
    expect(c.cp).toBeCloseTo(1.128, 12);
    expect(c.cpk).toBeCloseTo(1.128, 12);
    expect(c.pp).toBeCloseTo(Math.SQRT2, 12);
    expect(c.ppk).toBeCloseTo(Math.SQRT2, 12);
  });

  it('is null where it cannot be computed', () => {
    expect(capabilityOf([], spec)).toMatchObject({ sampleSize: 0, mean: null, sigmaWithin: null, cp: null, ppk: null });
    expect(capabilityOf([10], spec)).toMatchObject({ sampleSize: 1, mean: 10, sigmaWithin: null, sigmaOverall: null, cpk: null });
    expect(capabilityOf([10, 10, 10], spec)).toMatchObject({ sigmaWithin: 0, sigmaOverall: 0, cp: null, cpk: null, pp: null, ppk: null });
    expect(individualsLimits([10, 10])).toBeNull();
    expect(sampleStandardDeviation([1])).toBeNull();
  });
});

describe('control charts', () => {
  it('I-MR from the readings: X̄ ± 3·MR̄/1.128, MR chart up to 3.267·MR̄', () => {
    const chart = buildControlChart(readings([10, 12, 11, 13]), { chart: 'INDIVIDUALS', subgroupSize: 1, limits: { from: 'READINGS' }, tests: [] });
    const sigma = 5 / 3 / 1.128;
    expect(chart.sigmaWithin).toBeCloseTo(sigma, 12);
    expect(chart.location!.centre).toBe(11.5);
    expect(chart.location!.upper).toBeCloseTo(11.5 + 3 * sigma, 12);
    expect(chart.location!.lower).toBeCloseTo(11.5 - 3 * sigma, 12);
    expect(chart.dispersion!.upper).toBeCloseTo(3.267 * (5 / 3), 12);
    expect(chart.points.map((p) => [p.value, p.dispersion, p.readingIds])).toEqual([[10, null, ['r0']], [12, 2, ['r1']], [11, 1, ['r2']], [13, 2, ['r3']]]);
  });

  it('X̄-R and X̄-S from subgroups, leaving out and telling of a trailing incomplete subgroup', () => {
    const values = [10, 12, 11, 13, 9, 11, 14];
    const r = buildControlChart(readings(values), { chart: 'XBAR_R', subgroupSize: 2, limits: { from: 'READINGS' }, tests: [] });
    expect(r.points.map((p) => [p.value, p.dispersion, p.readingIds])).toEqual([[11, 2, ['r0', 'r1']], [12, 2, ['r2', 'r3']], [10, 2, ['r4', 'r5']]]);
    expect(r.location).toEqual({ centre: 11, lower: 11 - 1.88 * 2, upper: 11 + 1.88 * 2, sigma: (1.88 * 2) / 3 });
    expect(r.dispersion).toEqual({ centre: 2, lower: 0, upper: 3.267 * 2 });
    expect(r.readingsLeftOut).toBe(1);
    expect(r.notes).toEqual(['The last reading (at 2026-11-20T08:06:00.000Z) does not fill a subgroup of 2 and is left out.']);
    const s = buildControlChart(readings(values), { chart: 'XBAR_S', subgroupSize: 2, limits: { from: 'READINGS' }, tests: [] });
    expect(s.location!.upper).toBeCloseTo(11 + 2.659 * Math.SQRT2, 12);
    expect(s.dispersion!.upper).toBeCloseTo(3.267 * Math.SQRT2, 12);
    expect(s.sigmaWithin).toBeCloseTo(Math.SQRT2 / 0.7979, 12);
  });

  it('applies the tests to subgroup means with σ of the mean, and flags ranges beyond the R chart', () => {
    // Given centre 0 and σ 1, subgroups of 4: σ of a mean 0.5, so a mean of 1.6 is beyond 3σ (1.5) though no reading
    // is; the R chart's centre is d2σ = 2.059 and its upper limit D4 · 2.059.
    const chart = buildControlChart(readings([0.5, -0.5, 0.2, -0.2, 1.6, 1.4, 1.9, 1.5, -3, 3, 0, 0]), {
      chart: 'XBAR_R', subgroupSize: 4, limits: { from: 'GIVEN', centre: 0, sigma: 1 }, tests: [{ test: 'NELSON_1', k: 3, name: 'Nelson 1: 1 point beyond 3σ' }],
    });
    expect(chart.location).toEqual({ centre: 0, lower: -1.5, upper: 1.5, sigma: 0.5 });
    expect(chart.dispersion!.centre).toBeCloseTo(2.059, 12);
    expect(chart.dispersion!.upper).toBeCloseTo(2.282 * 2.059, 12);
    expect(chart.points.map((p) => p.signals.map((s) => s.test))).toEqual([[], ['NELSON_1'], []]);
    expect(chart.points.map((p) => p.dispersionBeyondLimits)).toEqual([false, false, true]);
  });

  it('says when the readings cannot give limits', () => {
    const flat = buildControlChart(readings([5, 5, 5]), { chart: 'INDIVIDUALS', subgroupSize: 1, limits: { from: 'READINGS' }, tests: [] });
    expect(flat).toMatchObject({ location: null, dispersion: null, notes: ['The readings do not vary: no control limits, and no tests applied.'] });
    const one = buildControlChart(readings([5]), { chart: 'INDIVIDUALS', subgroupSize: 1, limits: { from: 'READINGS' }, tests: [] });
    expect(one.notes).toEqual(['The readings are too few to estimate σ: no control limits, and no tests applied.']);
  });
});
