import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { SPC_RULES, SPC_SCENARIOS, minute } from '../../subgraphs/quality/test/spc-fixture';
import { specContentHashOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';

const EXCEPTIONS = `query ($equipment: String!) { exceptions(filter: { equipmentCode: $equipment }) {
  edges { node { severity status workflowTemplate violations { rule { code } } } } } }`;

type Exception = { severity: string; status: string; workflowTemplate: string; violations: Array<{ rule: { code: string } }> };

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
});
