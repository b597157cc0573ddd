import { startTestGraph, type TestGraph } from './support/test-graph';

const METRIC = `query ($input: QualityMetricInput!) { qualityMetric(input: $input) { value sampleSize count description exceptionNumbers } }`;
const THREAD = 'Luer lock thread, ISO 80369-7 gauge';

describe("quality metrics through the gateway, from inspections that know their lot's material", () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it("keeps with every demo inspection the material the batch domain gives its lot", async () => {
    const response = await graph.query<{ lots: { edges: Array<{ node: { lotNumber: string; material: { code: string }; inspections: Array<{ materialCode: string | null }> | null } }> } }>(
      '{ lots(first: 100) { edges { node { lotNumber material { code } inspections { materialCode } } } } }',
    );
    expect(response.errors).toBeUndefined();
    const inspected = response.data!.lots.edges.map((edge) => edge.node).filter((lot) => lot.inspections?.length);
    expect(inspected.length).toBeGreaterThanOrEqual(10);
    for (const lot of inspected) {
      expect({ lot: lot.lotNumber, materials: [...new Set(lot.inspections!.map((inspection) => inspection.materialCode))] }).toEqual({ lot: lot.lotNumber, materials: [lot.material.code] });
    }
  });

  it('records the material of an inspection from the lot it asks the batch domain for, and measures by it', async () => {
    const before = await graph.query<{ qualityMetric: { sampleSize: number } }>(METRIC, {
      variables: { input: { kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-BRL-3001', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' } },
    });
    // The demo plant's barrels: BRL-2611-014 failed the gauge, BRL-2611-015 passed.
    expect(before.data!.qualityMetric).toEqual({
      value: 0.5, sampleSize: 2, count: 1, exceptionNumbers: [],
      description: `Share of our own completed "${THREAD}" inspections of lots of SA-BRL-3001 inspected from 2026-11-01T00:00:00.000Z to 2026-12-01T00:00:00.000Z that failed`,
    });
    const recorded = await graph.query<{ recordInspection: { materialCode: string } }>(
      `mutation { recordInspection(input: { lotNumber: "BRL-2611-015", sampleId: "LS-E2E-METRIC", stage: IN_PROCESS, testName: "${THREAD}", result: FAIL,
         attributeValue: "Gauge does not engage on 1 of 32 barrels", inspectedAt: "2026-11-20T10:00:00Z" }) { materialCode } }`,
      { token: graph.tokenFor('qc.inspector') },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordInspection.materialCode).toBe('SA-BRL-3001');
    const after = await graph.query<{ qualityMetric: { value: number; sampleSize: number; count: number } }>(METRIC, {
      variables: { input: { kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-BRL-3001', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' } },
      token: graph.tokenFor('auditor'),
    });
    expect(after.data!.qualityMetric).toMatchObject({ value: 2 / 3, sampleSize: 3, count: 2 });
  });

  it('counts the demo exceptions of November, and refuses a metric to an integration', async () => {
    const counted = await graph.query<{ qualityMetric: { count: number; exceptionNumbers: string[] } }>(METRIC, {
      variables: { input: { kind: 'EXCEPTION_COUNT', from: '2026-11-01T00:00:00Z', to: '2026-11-18T00:00:00Z' } },
    });
    expect(counted.data!.qualityMetric).toMatchObject({ count: 2, exceptionNumbers: ['EX-2026-0041', 'EX-2026-0042'] });
    const refused = await graph.query(METRIC, { variables: { input: { kind: 'EXCEPTION_COUNT', from: '2026-11-01T00:00:00Z', to: '2026-11-18T00:00:00Z' } }, token: graph.tokenFor('integrator') });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
