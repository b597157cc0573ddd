import { assertRange, badInput } from '@lotgraph/server';
import type { AppliedTest, ChartType } from './control-chart';
import type { SpcTest } from './nelson-tests';
import { centreLineSource, checkedSubgroupSize, type CentreLineSource } from './spc-input';
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
  limits: CentreLineSource;
  convention: SpcConvention;
  tests: AppliedTest[];
}

const RECORD = 'ControlChartInput';

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
  return { chart, subgroupSize: checkedSubgroupSize(RECORD, input.subgroupSize, chart), limits: centreLineSource(RECORD, input), convention, tests: testsOf(input, convention) };
}
