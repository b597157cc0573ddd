import { startTestGraph, type TestGraph } from './support/test-graph';

const DOSSIER = `query ($lot: String!) { lot(lotNumber: $lot) { dossier {
  lotNumber
  lot { material { code } supplier { code } }
  productionOrders { number }
  productionSegments { equipment { code } parameters { name value unit } }
  consumedLots { quantity parent { lotNumber } }
  statusHistory { to exceptionNumber }
  inspections { testName result }
  exceptions { number severity capas { number } }
  releaseCheck { releasable reasons }
} } }`;

type Dossier = {
  lotNumber: string;
  productionOrders: Array<{ number: string }>;
  productionSegments: Array<{ equipment: { code: string }; parameters: Array<{ name: string; value: string }> }>;
  consumedLots: Array<{ quantity: number; parent: { lotNumber: string } }>;
  statusHistory: Array<{ to: string; exceptionNumber: string | null }>;
  inspections: Array<{ testName: string; result: string }> | null;
  exceptions: Array<{ number: string; severity: string; capas: Array<{ number: string }> }> | null;
  releaseCheck: { releasable: boolean; reasons: string[] } | null;
};

describe("a lot's batch file through the gateway", () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('joins the batch record with inspections, exceptions and CAPAs from the other subgraphs in one query', async () => {
    const { data, errors } = await graph.query<{ lot: { dossier: Dossier } }>(DOSSIER, { variables: { lot: 'BRL-2611-014' } });
    expect(errors).toBeUndefined();
    const file = data!.lot.dossier;
    expect(file.lotNumber).toBe('BRL-2611-014');
    expect(file.productionOrders).toEqual([{ number: 'PO-2611-0101' }]);
    expect(file.productionSegments[0].equipment.code).toBe('IMM-01');
    expect(file.productionSegments[0].parameters).toContainEqual(expect.objectContaining({ name: 'barrel_temp_zone3', value: '228' }));
    expect(file.consumedLots.map((l) => [l.parent.lotNumber, l.quantity]).sort()).toEqual([['RPP-2611-001', 150], ['RPP-2611-002', 90]]);
    expect(file.statusHistory.at(-1)).toEqual({ to: 'ON_HOLD', exceptionNumber: 'EX-2026-0041' });
    expect(file.exceptions).toEqual([{ number: 'EX-2026-0041', severity: 'MAJOR', capas: [{ number: 'CAPA-2026-0017' }] }]);
    expect(file.inspections!.some((i) => i.result === 'FAIL')).toBe(true);
    expect(file.releaseCheck!.releasable).toBe(false);
    expect(file.releaseCheck!.reasons.join(' ')).toContain('EX-2026-0041');
  });

  it('still gives the batch part of the file when the quality subgraph is down', async () => {
    await graph.hub.subgraphs.quality!.stop();
    const { data, errors } = await graph.query<{ lot: { dossier: Dossier } }>(DOSSIER, { variables: { lot: 'BRL-2611-014' } });
    expect(data!.lot.dossier.productionOrders).toEqual([{ number: 'PO-2611-0101' }]);
    expect(data!.lot.dossier.exceptions).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
  });
});
