import { assertRange, badInput } from '@lotgraph/server';
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from './chart-constants';
import type { AppliedTest, ChartType } from './control-chart';
import type { SpcTest } from './nelson-tests';
import { TEST_SETTINGS, conventionTests, defaultK, isWesternElectricTest, kProblem, testName, type SpcConvention, type SpcTestSetting } from './spc-conventions';

export interface ControlChartInput {
  equipmentCode: string;
  parameter: string;
  from: Date;
  to: Date;
  chart?: ChartType | null;
  subgroupSize?: number | null;
  baselineFrom?: Date | null;
  baselineTo?: Date | null;
  centre?: number | null;
  sigma?: number | null;
  tests?: SpcTest[] | null;
  convention?: SpcConvention | null;
  testSettings?: Partial<Record<SpcTestSetting, number | null>> | null;
}

/** A chart request once checked: the subgroup size, where the limits come from, and the tests with their K. */
export interface CheckedChartInput {
  chart: ChartType;
  subgroupSize: number;
  limits: { from: 'READINGS' } | { from: 'BASELINE'; baselineFrom: Date; baselineTo: Date } | { from: 'GIVEN'; centre: number; sigma: number };
  convention: SpcConvention;
  tests: AppliedTest[];
}

const RECORD = 'ControlChartInput';

function subgroupSizeOf(chart: ChartType, size: number | null | undefined): number {
  if (chart === 'INDIVIDUALS') {
    if (size !== null && size !== undefined && size !== 1) throw badInput(RECORD, 'subgroupSize', `INDIVIDUALS plots single readings; leave subgroupSize out, or chart XBAR_R or XBAR_S, not subgroups of ${size}`);
    return 1;
  }
  if (size === null || size === undefined || !Number.isInteger(size) || size < MIN_SUBGROUP_SIZE || size > MAX_SUBGROUP_SIZE) {
    throw badInput(RECORD, 'subgroupSize', `${chart} needs subgroups of ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE} consecutive readings (the tabled constants), not ${size ?? 'none'}`);
  }
  return size;
}

function limitsOf(input: ControlChartInput): CheckedChartInput['limits'] {
  const given = input.centre != null || input.sigma != null;
  const baseline = input.baselineFrom != null || input.baselineTo != null;
  if (given && baseline) throw badInput(RECORD, 'baselineFrom', 'give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both');
  if (given) {
    if (input.centre == null || input.sigma == null) throw badInput(RECORD, input.centre == null ? 'centre' : 'sigma', 'a given centre line needs both centre and sigma');
    if (!(input.sigma > 0)) throw badInput(RECORD, 'sigma', `must be a positive number, not ${input.sigma}`);
    return { from: 'GIVEN', centre: input.centre, sigma: input.sigma };
  }
  if (baseline) {
    if (input.baselineFrom == null || input.baselineTo == null) throw badInput(RECORD, input.baselineFrom == null ? 'baselineFrom' : 'baselineTo', 'a baseline window needs both baselineFrom and baselineTo');
    if (input.baselineFrom >= input.baselineTo) throw badInput(RECORD, 'baselineTo', 'the baseline window must end after it starts');
    return { from: 'BASELINE', baselineFrom: input.baselineFrom, baselineTo: input.baselineTo };
  }
  return { from: 'READINGS' };
}

function testsOf(input: ControlChartInput, convention: SpcConvention): AppliedTest[] {
  const tests = input.tests?.length ? [...new Set(input.tests)] : conventionTests(convention);
  const settings = input.testSettings ?? {};
  for (const [name, value] of Object.entries(settings)) {
    const test = (Object.keys(TEST_SETTINGS) as SpcTest[]).find((t) => TEST_SETTINGS[t] === name);
    const why = value === null || !test ? null : kProblem(test, value);
    if (why) throw badInput(RECORD, `testSettings.${name}`, why);
  }
  return tests.map((test) => {
    if (convention === 'WESTERN_ELECTRIC' && !isWesternElectricTest(test)) {
      throw badInput(RECORD, 'tests', `${test} is not one of the Western Electric rules (tests NELSON_1, NELSON_5, NELSON_6 and NELSON_2); leave convention out to apply it`);
    }
    const k = settings[TEST_SETTINGS[test]] ?? defaultK(test, convention);
    return { test, k, name: testName(test, k, convention) };
  });
}

/** Checks a controlChart request, naming the field and the reason of what it refuses. */
export function checkChartInput(input: ControlChartInput): CheckedChartInput {
  assertRange(RECORD, ['from', 'to'], input.from, input.to);
  const chart = input.chart ?? 'INDIVIDUALS';
  const convention = input.convention ?? 'NELSON';
  return { chart, subgroupSize: subgroupSizeOf(chart, input.subgroupSize), limits: limitsOf(input), convention, tests: testsOf(input, convention) };
}
