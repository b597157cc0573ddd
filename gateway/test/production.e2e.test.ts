import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const RECORD = `mutation ($input: RecordProductionInput!) { recordProduction(input: $input) { order { number } actuals { use quantity lot { lotNumber status } } } }`;
const REFUSALS = `query ($since: DateTime!) { lotUsageRefusals(since: $since) { attemptedUse lotStatus reference attemptedBy lot { lotNumber exceptions { number } } } }`;

describe('receiving and production reports through the gateway', () => {
  let graph: TestGraph;
  let operator: string;
  const started = new Date().toISOString();

  beforeAll(async () => {
    graph = await startTestGraph();
    operator = graph.tokenFor('operator');
    const order = await graph.query(`mutation { createProductionOrder(input: { number: "PO-E2E-1", materialCode: "FG-SYR-3ML", plannedQuantity: 500 }) { number } }`, { token: operator });
    expect(order.errors).toBeUndefined();
  });

  afterAll(async () => {
    await graph.stop();
  });

  const report = (reportId: string, consumed: Array<{ lotNumber: string; quantity: number; uom: string }>, produced: string) =>
    graph.query<{ recordProduction: { actuals: Array<{ use: string; quantity: number; lot: { lotNumber: string; status: string } }> } }>(RECORD, {
      token: operator,
      variables: {
        input: { reportId, orderNumber: 'PO-E2E-1', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', startedAt: '2026-11-21T06:00:00Z', consumed, produced: [{ lotNumber: produced, quantity: 500, uom: 'pcs' }] },
      },
    });

  it('refuses to consume a held lot and the quality domain sees the refusal, next to the exception that holds it', async () => {
    const refused = await report('E2E-R-1', [{ lotNumber: 'PLG-2611-010', quantity: 500, uom: 'pcs' }, { lotNumber: 'BRL-2611-014', quantity: 500, uom: 'pcs' }], 'SYR3-E2E-0001');
    expect(refused.errors?.[0]).toMatchObject({ message: 'Lot BRL-2611-014 is ON_HOLD: it cannot be consumed', extensions: { code: 'LOT_NOT_USABLE' } });
    const seen = await graph.query<{ lotUsageRefusals: unknown[] }>(REFUSALS, { variables: { since: started }, token: graph.tokenFor('qa.engineer') });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.lotUsageRefusals).toEqual([
      { attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD', reference: 'PO-E2E-1', attemptedBy: 'operator', lot: { lotNumber: 'BRL-2611-014', exceptions: [{ number: 'EX-2026-0041' }] } },
    ]);
    const plungers = await graph.query<{ lot: { quantity: number } }>(`{ lot(lotNumber: "PLG-2611-010") { quantity } }`);
    expect(plungers.data!.lot.quantity).toBe(96000);
  });

  it('records production from usable lots; the new lot traces upstream to its suppliers and carries its batch file', async () => {
    const made = await report('E2E-R-2', [{ lotNumber: 'PLG-2611-010', quantity: 500, uom: 'pcs' }, { lotNumber: 'BRL-2611-015', quantity: 500, uom: 'pcs' }, { lotNumber: 'GSK-2611-001', quantity: 500, uom: 'pcs' }], 'SYR3-E2E-0002');
    expect(made.errors).toBeUndefined();
    expect(made.data!.recordProduction.actuals.find((a) => a.use === 'PRODUCED')).toEqual({ use: 'PRODUCED', quantity: 500, lot: { lotNumber: 'SYR3-E2E-0002', status: 'QUARANTINE' } });
    const traced = await graph.query<{ trace: { lots: Array<{ lotNumber: string; supplier: { code: string } | null }> } }>(
      `{ trace(lotNumber: "SYR3-E2E-0002", direction: UPSTREAM) { lots { lotNumber supplier { code } } } }`,
    );
    const suppliers = new Set(traced.data!.trace.lots.map((l) => l.supplier?.code).filter(Boolean));
    expect(suppliers).toEqual(new Set(['SUP-NPR', 'SUP-HME']));
    const file = await graph.query<{ lot: { dossier: { productionOrders: Array<{ number: string }>; consumedLots: unknown[]; statusHistory: Array<{ to: string; changedBy: string }> } } }>(
      `{ lot(lotNumber: "SYR3-E2E-0002") { dossier { productionOrders { number } consumedLots { quantity } statusHistory { to changedBy } } } }`,
    );
    expect(file.data!.lot.dossier).toEqual({
      productionOrders: [{ number: 'PO-E2E-1' }],
      consumedLots: [{ quantity: 500 }, { quantity: 500 }, { quantity: 500 }],
      statusHistory: [{ to: 'QUARANTINE', changedBy: 'operator' }],
    });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
