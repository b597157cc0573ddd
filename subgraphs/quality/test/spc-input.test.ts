import { validRuleSettings } from '../src/rule/rule-settings';
import type { RuleKind, RuleSettings } from '../src/rule/rule-kind';
import { centreLineSource, checkedSubgroupSize } from '../src/spc/spc-input';

const refusal = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};
const define = (kind: RuleKind, settings: Record<string, unknown>) => () => validRuleSettings({ code: 'R', kind, parameter: 'BARREL_TEMP', settings: settings as RuleSettings });

describe('where a centre line comes from: one check for charts and rules', () => {
  const from = new Date('2026-11-01T00:00:00Z');
  const to = new Date('2026-11-08T00:00:00Z');

  it('takes a baseline window, a given centre and σ, or neither', () => {
    expect(centreLineSource('Chart', { baselineFrom: from, baselineTo: to })).toEqual({ from: 'BASELINE', baselineFrom: from, baselineTo: to });
    expect(centreLineSource('Chart', { centre: 230, sigma: 1, baselineFrom: null })).toEqual({ from: 'GIVEN', centre: 230, sigma: 1 });
    expect(centreLineSource('Chart', {})).toEqual({ from: 'READINGS' });
  });

  it('refuses half a pair, both at once, a σ that is not positive and a window that ends before it starts, naming the field', () => {
    expect(refusal(() => centreLineSource('Chart', { centre: 230 }))).toBe('Chart.sigma: a given centre line needs both centre and sigma');
    expect(refusal(() => centreLineSource('Chart', { sigma: 1 }))).toBe('Chart.centre: a given centre line needs both centre and sigma');
    expect(refusal(() => centreLineSource('Chart', { baselineTo: to }))).toBe('Chart.baselineFrom: a baseline window needs both baselineFrom and baselineTo');
    expect(refusal(() => centreLineSource('Chart', { centre: 230, baselineFrom: from, baselineTo: to }, 'settings.'))).toBe(
      'Chart.settings.baselineFrom: give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both',
    );
    expect(refusal(() => centreLineSource('Chart', { centre: 230, sigma: -1 }))).toBe('Chart.sigma: must be a positive number, not -1');
    expect(refusal(() => centreLineSource('Chart', { baselineFrom: to, baselineTo: from }))).toBe('Chart.baselineTo: the baseline window must end after it starts');
  });

  it('is the check a rule definition makes: a lone centre beside a baseline, or both, are refused, not ignored', () => {
    const baseline = { baselineFrom: '2026-11-01T00:00:00Z', baselineTo: '2026-11-08T00:00:00Z' };
    expect(refusal(define('SPC_BEYOND_3_SIGMA', { ...baseline, centre: 230 }))).toBe(
      'QualityRule R.settings.baselineFrom: give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both',
    );
    expect(refusal(define('SPC_RUN_ONE_SIDE', { ...baseline, centre: 230, sigma: 1 }))).toBe(
      'QualityRule R.settings.baselineFrom: give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both',
    );
    expect(refusal(define('SPC_MIXTURE', { centre: 230 }))).toBe('QualityRule R.settings.sigma: a given centre line needs both centre and sigma');
    expect(refusal(define('SPC_MIXTURE', { baselineFrom: baseline.baselineFrom }))).toBe('QualityRule R.settings.baselineTo: a baseline window needs both baselineFrom and baselineTo');
    expect(refusal(define('SPC_MIXTURE', { centre: 230, sigma: 0 }))).toBe('QualityRule R.settings.sigma: must be a positive number, not 0');
    expect(refusal(define('SPC_MIXTURE', { baselineFrom: baseline.baselineTo, baselineTo: baseline.baselineFrom }))).toBe('QualityRule R.settings.baselineTo: the baseline window must end after it starts');
    expect(refusal(define('SPC_MIXTURE', {}))).toBe('QualityRule R.settings: SPC_MIXTURE needs a baseline: baselineFrom and baselineTo, or centre and sigma');
    expect(refusal(define('SPC_MIXTURE', baseline))).toBeNull();
    expect(refusal(define('SPC_MIXTURE', { centre: 230, sigma: 1 }))).toBeNull();
  });

  it('lets tests 3 and 4, which need no centre line, go without one, and checks one they are given all the same', () => {
    expect(refusal(define('SPC_TREND', {}))).toBeNull();
    expect(refusal(define('SPC_ALTERNATING', { centre: 230, sigma: 1 }))).toBeNull();
    expect(refusal(define('SPC_TREND', { centre: 230 }))).toBe('QualityRule R.settings.sigma: a given centre line needs both centre and sigma');
  });
});

describe('a subgroup size: one check for charts and capability', () => {
  it('takes single readings on an individuals chart, 2 to 25 on an X̄ chart, 1 to 25 for capability', () => {
    expect(checkedSubgroupSize('Chart', undefined, 'INDIVIDUALS')).toBe(1);
    expect(checkedSubgroupSize('Chart', 5, 'XBAR_R')).toBe(5);
    expect(checkedSubgroupSize('Capability', null, null)).toBe(1);
    expect(checkedSubgroupSize('Capability', 25, null)).toBe(25);
  });

  it('refuses the rest, naming the field', () => {
    expect(refusal(() => checkedSubgroupSize('Chart', 5, 'INDIVIDUALS'))).toBe('Chart.subgroupSize: INDIVIDUALS plots single readings; leave subgroupSize out, or chart XBAR_R or XBAR_S, not subgroups of 5');
    expect(refusal(() => checkedSubgroupSize('Chart', 1, 'XBAR_S'))).toBe('Chart.subgroupSize: XBAR_S needs subgroups of 2 to 25 consecutive readings (the tabled constants), not 1');
    expect(refusal(() => checkedSubgroupSize('Chart', null, 'XBAR_R'))).toBe('Chart.subgroupSize: XBAR_R needs subgroups of 2 to 25 consecutive readings (the tabled constants), not none');
    expect(refusal(() => checkedSubgroupSize('Capability', 0, null))).toBe('Capability.subgroupSize: must be 1 (individuals) to 25 readings, not 0');
    expect(refusal(() => checkedSubgroupSize('Capability', 2.5, null))).toBe('Capability.subgroupSize: must be 1 (individuals) to 25 readings, not 2.5');
  });
});

describe('the window of a Cpk or Ppk rule', () => {
  it('is at most 1,000 readings: every ingest reads that much history of each series', () => {
    expect(refusal(define('CPK_BELOW', { windowReadings: 1000 }))).toBeNull();
    expect(refusal(define('PPK_BELOW', { windowReadings: 1001 }))).toBe(
      'QualityRule R.settings.windowReadings: must be at most 1000 readings (each reading is judged with that many readings ending at it), not 1001',
    );
    expect(refusal(define('CPK_BELOW', { windowReadings: 1e12 }))).toBe(
      'QualityRule R.settings.windowReadings: must be at most 1000 readings (each reading is judged with that many readings ending at it), not 1000000000000',
    );
  });
});
