import { querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchServer, seedBatchDemo } from '../src/server';

const OPERATOR: Identity = { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] };
const QA: Identity = { id: 'qa.engineer', name: 'Priya Raman (QA engineer)', roles: ['QA_ENGINEER'] };
const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

const HISTORY = `history { chain seq recordedAt action reason requestId actor { id name roles } changes { field label labelZh old new } }`;

type Change = { field: string; label: string; labelZh: string; old: string | null; new: string | null };
type Entry = { chain: string; seq: number; recordedAt: string; action: string; reason: string | null; requestId: string | null; actor: Identity; changes: Change[] };

describe('the history of batch records, from the audit trail', () => {
  let running: RunningSubgraph;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ask = async <T = Record<string, any>>(query: string, user: Identity = OPERATOR) => {
    const response = await querySubgraph<T>(running.server, query, {}, user);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const change = (entry: Entry, field: string) => entry.changes.find((c) => c.field === field);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
    await ask(`mutation { receiveLot(input: { lotNumber: "RPP-HIST-1", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 500, uom: "kg", storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-HIST-1" }) { id } }`);
    await ask(`mutation { moveLot(input: { lotNumber: "RPP-HIST-1", toLocation: "SZ1-WH-RM-01", transferNumber: "TO-HIST-1" }) { id } }`);
    await ask(`mutation { holdLot(input: { lotNumber: "RPP-HIST-1", reason: "Supplier CoA under review", exceptionNumber: "EX-2026-0041" }) { id } }`, QA);
    await ask(`mutation { createProductionOrder(input: { number: "PO-HIST-1", materialCode: "SA-BRL-3001", plannedQuantity: 1000 }) { id } }`);
    await ask(`mutation { recordProduction(input: { reportId: "R-HIST-1", orderNumber: "PO-HIST-1", operation: "MOULDING", equipmentCode: "IMM-01", startedAt: "2026-11-21T06:00:00Z",
      consumed: [{ lotNumber: "RPP-2611-001", quantity: 2, uom: "kg" }], produced: [{ lotNumber: "BRL-HIST-1", quantity: 1000, uom: "pcs" }] }) { id } }`);
    await ask(`mutation { shipLot(input: { shipmentNumber: "SH-HIST-1", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0007", quantity: 10, uom: "pcs" }) { id } }`);
    await ask(`mutation { shipLot(input: { shipmentNumber: "SH-HIST-1", customerCode: "CUS-STM", lotNumber: "PLG-2611-010", quantity: 20, uom: "pcs" }) { id } }`);
    const refused = await querySubgraph(running.server, `mutation { shipLot(input: { shipmentNumber: "SH-HIST-2", customerCode: "CUS-STM", lotNumber: "RPP-HIST-1", quantity: 1, uom: "kg" }) { id } }`, {}, OPERATOR);
    expect(refused.errors?.[0].message).toMatch(/RPP-HIST-1/);
    await ask(`mutation { initiateRecall(input: { recallNumber: "RC-HIST-1", lotNumber: "BRL-HIST-1", reason: "Flash on sealing surface" }) { id } }`, QA_MANAGER);
  });

  afterAll(() => running.stop());

  it('shows a lot\'s receipt, move, hold and refused shipment: who, when, why, old and new values, labelled', async () => {
    const { lot } = await ask<{ lot: { history: Entry[] } }>(`{ lot(lotNumber: "RPP-HIST-1") { ${HISTORY} } }`);
    expect(lot.history.map((e) => [e.action, e.actor.id])).toEqual([['RECEIVE', 'operator'], ['MOVE', 'operator'], ['STATUS_CHANGE', 'qa.engineer'], ['USE_REFUSED', 'operator']]);
    const [receive, move, hold, refusal] = lot.history;
    expect(receive).toMatchObject({ chain: 'batch', reason: null, actor: { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] } });
    expect(receive.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(change(receive, 'quantity')).toEqual({ field: 'quantity', label: 'Quantity', labelZh: '数量', old: null, new: '500' });
    expect(change(receive, 'material')).toEqual({ field: 'material', label: 'Material code', labelZh: '物料编码', old: null, new: 'RM-PP-1001' });
    expect(move.reason).toBe('Transfer TO-HIST-1');
    expect(move.changes).toEqual(expect.arrayContaining([{ field: 'storageLocation', label: 'Storage location', labelZh: '库位', old: 'SZ1-QC-QUAR-01', new: 'SZ1-WH-RM-01' }]));
    expect(hold).toMatchObject({ reason: 'Supplier CoA under review', changes: expect.arrayContaining([{ field: 'status', label: 'Status', labelZh: '状态', old: 'QUARANTINE', new: 'ON_HOLD' }]) });
    expect(change(hold, 'exceptionNumber')).toMatchObject({ label: 'Quality exception', new: 'EX-2026-0041' });
    expect(change(refusal, 'attemptedUse')).toMatchObject({ label: 'Use attempted', new: 'SHIP' });
    expect(lot.history.map((e) => e.seq)).toEqual([...lot.history.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('shows a production order\'s creation and its reports, a shipment\'s lines and a recall', async () => {
    const data = await ask<{ productionOrder: { history: Entry[] }; shipment: { history: Entry[] }; recall: { history: Entry[] } }>(
      `{ productionOrder(number: "PO-HIST-1") { ${HISTORY} } shipment(number: "SH-HIST-1") { ${HISTORY} } recall(number: "RC-HIST-1") { ${HISTORY} } }`,
    );
    const [created, reported] = data.productionOrder.history;
    expect(data.productionOrder.history.map((e) => e.action)).toEqual(['CREATE', 'RECORD_PRODUCTION']);
    expect(change(created, 'plannedQuantity')).toMatchObject({ label: 'Planned quantity', labelZh: '计划数量', new: '1000' });
    expect(change(reported, 'consumed')).toMatchObject({ label: 'Lots consumed', new: 'RPP-2611-001 2 kg' });
    expect(change(reported, 'status')).toMatchObject({ old: 'PLANNED', new: 'RUNNING' });

    expect(data.shipment.history.map((e) => e.action)).toEqual(['CREATE', 'ADD_LINE']);
    expect(data.shipment.history[0].changes).toEqual(expect.arrayContaining([
      { field: 'customerCode', label: 'Customer', labelZh: '客户编码', old: null, new: 'CUS-STM' },
      { field: 'lotNumber', label: 'Lot number', labelZh: '批号', old: null, new: 'SYR3-2611-0007' },
    ]));
    expect(change(data.shipment.history[1], 'lotNumber')?.new).toBe('PLG-2611-010');

    expect(data.recall.history).toEqual([expect.objectContaining({ action: 'INITIATE_RECALL', reason: 'Flash on sealing surface', actor: QA_MANAGER })]);
  });

  it('reads the histories of a whole page of lots with one query of the audit trail', async () => {
    running.database.queries.reset();
    const { lots } = await ask<{ lots: { edges: Array<{ node: { lotNumber: string; history: Entry[] } }> } }>(
      `{ lots(first: 50) { edges { node { lotNumber ${HISTORY} } } } }`,
    );
    expect(lots.edges.length).toBeGreaterThan(10);
    const byLot = Object.fromEntries(lots.edges.map((e) => [e.node.lotNumber, e.node.history.map((h) => h.action)]));
    expect(byLot['RPP-HIST-1']).toEqual(['RECEIVE', 'MOVE', 'STATUS_CHANGE', 'USE_REFUSED']);
    expect(byLot['SYR3-2611-0007']).toEqual(['CREATE', 'SIGN', 'SHIP']); // loaded with the demo plant, its demo release signature, then the shipment
    expect(running.database.queries.statements.filter((sql) => sql.includes('audit_entry'))).toHaveLength(1);
  });
});
