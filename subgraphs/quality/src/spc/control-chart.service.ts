import { badInput } from '@lotgraph/server';
import type { ReadingRepository } from '../reading/reading.repository';
import { buildControlChart, type AppliedTest, type ChartType, type ControlChartFigures, type LimitsSource } from './control-chart';
import { checkChartInput, type ControlChartInput } from './control-chart-input';
import type { SpcSeriesLookup, SpecLimitsInForce } from './spc-series';

/** The most readings one chart plots. */
export const MAX_CHART_READINGS = 20_000;

export interface ControlChartReport extends ControlChartFigures {
  equipmentCode: string;
  parameter: string;
  unit: string;
  chart: ChartType;
  subgroupSize: number;
  from: Date;
  to: Date;
  limitsFrom: LimitsSource;
  tests: AppliedTest[];
  specification: SpecLimitsInForce | null;
}

const RECORD = 'ControlChartInput';

/** Control charts of one equipment's parameter over a period, with the tests for special causes on every point. */
export class ControlChartService {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly series: SpcSeriesLookup,
  ) {}

  async chart(input: ControlChartInput): Promise<ControlChartReport> {
    const checked = checkChartInput(input);
    const series = await this.series.measured(RECORD, input.equipmentCode, input.parameter);
    const { limits, subgroupSize, chart } = checked;
    const of = { equipmentCode: input.equipmentCode, parameter: input.parameter };
    // The charted period is [from, to], both ends included; a baseline window is half-open, [baselineFrom, baselineTo), as a rule's is.
    const [points, baseline = []] = await this.readings.readingsIn([
      { ...of, from: input.from, to: input.to, includeTo: true, limit: MAX_CHART_READINGS + 1 },
      ...(limits.from === 'BASELINE' ? [{ ...of, from: limits.baselineFrom, to: limits.baselineTo, includeTo: false }] : []),
    ]);
    if (points.length > MAX_CHART_READINGS) {
      throw badInput(RECORD, 'from', `more than ${MAX_CHART_READINGS.toLocaleString('en-US')} readings of ${input.equipmentCode} ${input.parameter} lie between from and to; chart a shorter period`);
    }
    if (limits.from === 'BASELINE') {
      const needed = chart === 'INDIVIDUALS' ? 2 : subgroupSize;
      if (baseline.length < needed) {
        throw badInput(RECORD, 'baselineTo', `the baseline window holds ${baseline.length} reading(s) of ${input.equipmentCode} ${input.parameter}; ${chart} limits need at least ${needed}`);
      }
    }
    const figures = buildControlChart(points, {
      chart, subgroupSize, tests: checked.tests,
      limits: limits.from === 'BASELINE' ? { from: 'BASELINE', values: baseline.map((p) => p.value) } : limits,
    });
    return {
      ...figures, equipmentCode: input.equipmentCode, parameter: input.parameter, unit: series.entry.unit, chart, subgroupSize, from: input.from, to: input.to,
      limitsFrom: limits.from, tests: checked.tests, specification: series.limitsAt(input.to),
    };
  }
}
