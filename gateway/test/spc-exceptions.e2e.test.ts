import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { SPC_RULES, SPC_SCENARIOS, minute } from '../../subgraphs/quality/test/spc-fixture';
import { specContentHashOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const EXCEPTIONS = `query ($equipment: String!) { exceptions(filter: { equipmentCode: $equipment }) {
  edges { node { severity status workflowTemplate violations { rule { code } } } } } }`;

type Exception = { severity: string; status: string; workflowTemplate: string; violations: Array<{ rule: { code: string } }> };

/** The test each SPC rule kind applies (one kind per test). */
const TEST_OF_KIND: Record<string, string> = {
  SPC_BEYOND_3_SIGMA: 'NELSON_1', SPC_RUN_ONE_SIDE: 'NELSON_2', SPC_TREND: 'NELSON_3', SPC_ALTERNATING: 'NELSON_4',
  SPC_2_OF_3_BEYOND_2_SIGMA: 'NELSON_5', SPC_4_OF_5_BEYOND_1_SIGMA: 'NELSON_6', SPC_STRATIFICATION: 'NELSON_7', SPC_MIXTURE: 'NELSON_8',
};
const CHART = `query ($input: ControlChartInput!) { controlChart(input: $input) { points { index signals { test points } } } }`;
const CAPABILITY = `query ($equipment: String!, $from: DateTime!, $to: DateTime!) {
  processCapability(equipmentCode: $equipment, parameter: "BARREL_TEMP", from: $from, to: $to) { sampleSize mean sigmaWithin sigmaOverall cp cpk pp ppk specification { specNumber version lsl usl } }
}`;

describe('the SPC test set through the gateway yields exactly the expected exceptions', () => {
  let graph: TestGraph;
  const as = (user: string) => ({ token: graph.tokenFor(user) });
  const ok = async <T>(query: string, variables: Record<string, unknown>, user: string): Promise<T> => {
    const response = await graph.query<T>(query, { variables, ...as(user) });
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const scenario of SPC_SCENARIOS) {
      await ok(`mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { equipmentCode } }`, {
        input: { equipmentCode: scenario.equipment, parameter: 'BARREL_TEMP', materialCode: 'SA-BRL-3001', operation: 'MOULDING', unit: '°C' },
      }, 'qa.engineer');
    }
    await ok(`mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { status } }`, {
      input: {
        specNumber: 'SPEC-SPC', materialCode: 'SA-BRL-3001', operation: 'MOULDING', effectiveFrom: '2026-11-15T00:00:00Z',
        parameters: [{ parameter: 'BARREL_TEMP', unit: '°C', lsl: 222, usl: 238, target: 230, lowerWarning: 225, upperWarning: 235, critical: true }],
      },
    }, 'qa.engineer');
    const contentHash = await specContentHashOf(graph, 'SPEC-SPC', 1);
    await ok(`mutation ($signature: SignatureInput!) { approveSpecificationVersion(specNumber: "SPEC-SPC", version: 1, signature: $signature) { status } }`, {
      signature: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash },
    }, 'qa.manager');
    for (const rule of SPC_RULES) {
      await ok(`mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code } }`, { input: { ...rule, parameter: 'BARREL_TEMP' } }, 'qa.engineer');
    }
    for (const scenario of SPC_SCENARIOS) {
      const readings = scenario.values.map((value, i) => ({ readingId: `${scenario.equipment}-${i}`, equipmentCode: scenario.equipment, parameter: 'BARREL_TEMP', value: String(value), measuredAt: minute(i) }));
      await ok(`mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }`, { readings }, 'integrator');
    }
    await graph.settle();
  });

  afterAll(() => graph.stop());

  it.each(SPC_SCENARIOS.map((s) => [s.equipment, s] as const))('%s', async (equipment, scenario) => {
    const { exceptions } = await ok<{ exceptions: { edges: Array<{ node: Exception }> } }>(EXCEPTIONS, { equipment }, 'qa.engineer');
    const found = exceptions.edges.map(({ node }) => ({ rules: [...new Set(node.violations.map((v) => v.rule.code))].sort(), severity: node.severity }));
    expect(found).toEqual(scenario.exceptions.map((e) => ({ rules: [...e.rules].sort(), severity: e.severity })));
    // Equipment the batch domain has no runs for: no lots to hold, so each stays OPEN, graded by the built-in template.
    for (const { node } of exceptions.edges) expect(node).toMatchObject({ status: 'OPEN', workflowTemplate: 'BUILT-IN/0' });
  });

  it('lists the exceptions raised by a kind of rule', async () => {
    const kindOf = new Map(SPC_RULES.map((r) => [r.code, r.kind]));
    const listed = async (kinds: string[]) =>
      (await ok<{ exceptions: { totalCount: number; edges: Array<{ node: Exception }> } }>(
        `query ($kinds: [RuleKind!]) { exceptions(filter: { ruleKind: $kinds }, first: 100) { totalCount edges { node { severity status workflowTemplate violations { rule { code } } } } } }`,
        { kinds },
        'qa.engineer',
      )).exceptions;
    // Every kind of the set: OUT_OF_WARNING raises none (the built-in template only warns on it), each SPC test its own.
    for (const kind of new Set(SPC_RULES.map((r) => r.kind))) {
      const expected = SPC_SCENARIOS.flatMap((s) => s.exceptions).filter((e) => e.rules.some((code) => kindOf.get(code) === kind));
      const found = await listed([kind]);
      expect(found.totalCount).toBe(expected.length);
      for (const { node } of found.edges) expect(node.violations.map((v) => kindOf.get(v.rule.code))).toContain(kind);
    }
    expect((await listed(['SPC_TREND', 'SPC_BEYOND_3_SIGMA'])).totalCount).toBe(
      SPC_SCENARIOS.flatMap((s) => s.exceptions).filter((e) => e.rules.some((code) => ['SPC_TREND', 'SPC_BEYOND_3_SIGMA'].includes(kindOf.get(code)!))).length,
    );
    expect((await listed(['HELD_LOT_USE'])).totalCount).toBe(0);
  });

  it('draws each scenario as a control chart marking the same tests on the same readings as the rules found', async () => {
    const ruleOf = new Map(SPC_RULES.filter((r) => TEST_OF_KIND[r.kind]).map((r) => [TEST_OF_KIND[r.kind], r.code]));
    for (const scenario of SPC_SCENARIOS) {
      const input = { equipmentCode: scenario.equipment, parameter: 'BARREL_TEMP', from: minute(0), to: minute(scenario.values.length - 1), centre: 230, sigma: 1 };
      const { controlChart } = await ok<{ controlChart: { points: Array<{ index: number; signals: Array<{ test: string; points: number[] }> }> } }>(CHART, { input }, 'operator');
      const marked: Record<string, number[]> = {};
      for (const { test, points } of controlChart.points.flatMap((p) => p.signals)) marked[ruleOf.get(test)!] = [...new Set([...(marked[ruleOf.get(test)!] ?? []), ...points])].sort((a, b) => a - b);
      const spcExpected = Object.fromEntries(Object.entries(scenario.expected).filter(([code]) => [...ruleOf.values()].includes(code)));
      expect({ equipment: scenario.equipment, marked }).toEqual({ equipment: scenario.equipment, marked: spcExpected });
    }
  });

  it('answers processCapability, as the capa domain asks it for effectiveness checks, to whoever may read quality data', async () => {
    // IMM-10 by hand: mean 230; moving ranges 1.0, 0.9, ... 0.2, so MR̄ 0.6 and σ within 0.6 / 1.128; squared deviations
    // 2 × (0.25 + 0.16 + 0.09 + 0.04 + 0.01) = 1.1, so σ overall √(1.1 / 9). SPEC-SPC v1: 222..238, 8 to either limit.
    const variables = { equipment: 'IMM-10', from: minute(0), to: minute(9) };
    for (const user of ['qa.manager', 'auditor']) {
      const { processCapability: c } = await ok<{ processCapability: Record<string, number> & { specification: unknown } }>(CAPABILITY, variables, user);
      const within = 0.6 / 1.128;
      const overall = Math.sqrt(1.1 / 9);
      expect(c).toMatchObject({ sampleSize: 10, specification: { specNumber: 'SPEC-SPC', version: 1, lsl: 222, usl: 238 } });
      expect(c.mean).toBeCloseTo(230, 9);
      expect(c.sigmaWithin).toBeCloseTo(within, 9);
      expect(c.sigmaOverall).toBeCloseTo(overall, 9);
      expect(c.cp).toBeCloseTo(16 / (6 * within), 9);
      expect(c.cpk).toBeCloseTo(8 / (3 * within), 9);
      expect(c.pp).toBeCloseTo(16 / (6 * overall), 9);
      expect(c.ppk).toBeCloseTo(8 / (3 * overall), 9);
    }
    expect((await graph.query(CAPABILITY, { variables, ...as('integrator') })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
