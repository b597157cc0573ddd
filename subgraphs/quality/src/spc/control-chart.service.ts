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
    const entry = await this.series.measured(RECORD, input.equipmentCode, input.parameter);
    const points = await this.readings.pointsBetween(input.equipmentCode, input.parameter, input.from, input.to, MAX_CHART_READINGS + 1);
    if (points.length > MAX_CHART_READINGS) {
      throw badInput(RECORD, 'from', `more than ${MAX_CHART_READINGS.toLocaleString('en-US')} readings of ${input.equipmentCode} ${input.parameter} lie between from and to; chart a shorter period`);
    }
    const { limits, subgroupSize, chart } = checked;
    let baseline: number[] = [];
    if (limits.from === 'BASELINE') {
      // The baseline window is half-open, [baselineFrom, baselineTo), as a rule's is.
      baseline = await this.readings.valuesBetween(input.equipmentCode, input.parameter, limits.baselineFrom, limits.baselineTo);
      const needed = chart === 'INDIVIDUALS' ? 2 : subgroupSize;
      if (baseline.length < needed) {
        throw badInput(RECORD, 'baselineTo', `the baseline window holds ${baseline.length} reading(s) of ${input.equipmentCode} ${input.parameter}; ${chart} limits need at least ${needed}`);
      }
    }
    const figures = buildControlChart(points, {
      chart, subgroupSize, tests: checked.tests,
      limits: limits.from === 'BASELINE' ? { from: 'BASELINE', values: baseline } : limits,
    });
    return {
      ...figures, equipmentCode: input.equipmentCode, parameter: input.parameter, unit: entry.unit, chart, subgroupSize, from: input.from, to: input.to,
      limitsFrom: limits.from, tests: checked.tests, specification: await this.series.limitsAt(entry, input.to),
    };
  }
}
