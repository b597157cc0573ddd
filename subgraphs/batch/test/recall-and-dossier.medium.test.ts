import { querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchServer, seedBatchDemo } from '../src/server';

const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };
const OPERATOR: Identity = { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] };

const IMPACT = `query ($lot: String!) { recallImpact(lotNumber: $lot) {
  root { lotNumber } lots { lotNumber status } finishedLots { lotNumber } serialCount
  stock { location quantity uom lot { lotNumber } }
  customers { customer { code } shipments { number } lots { quantity uom lot { lotNumber } } } } }`;
const RECALL = `mutation ($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  number reason exceptionNumber initiatedBy root { lotNumber }
  lots { lot { lotNumber status } statusBefore statusAfter }
  notifications { customer { code name } shipments { number } lots { quantity lot { lotNumber } } } } }`;
const DOSSIER = `query ($lot: String!) { lot(lotNumber: $lot) { dossier {
  lotNumber lot { material { code } udi }
  productionOrders { number }
  productionSegments { operation equipment { code } operator parameters { name value unit } }
  consumedLots { quantity uom parent { lotNumber supplier { code } supplierLotNumber } }
  producedLots { child { lotNumber } }
  movements { kind quantity documentNumber }
  shipments { number customer { code } }
  statusHistory { from to changedBy }
  recalls { number }
} } }`;

describe('recall and the batch file', () => {
  let running: RunningSubgraph;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are shaped by the query texts above
  const ask = <T = Record<string, any>>(query: string, variables: Record<string, unknown>, user: Identity = QA_MANAGER) =>
    querySubgraph<T>(running.server, query, variables, user);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
  });

  afterAll(() => running.stop());

  it('puts the whole batch file of a finished lot in one answer', async () => {
    const { data, errors } = await ask(DOSSIER, { lot: 'SYR3-2611-0007' });
    expect(errors).toBeUndefined();
    expect(data!.lot.dossier).toEqual({
      lotNumber: 'SYR3-2611-0007',
      lot: { material: { code: 'FG-SYR-3ML' }, udi: '(01)06971234500014(11)261114(17)311113(10)SYR3-2611-0007' },
      productionOrders: [{ number: 'PO-2611-0201' }],
      productionSegments: [{ operation: 'ASSEMBLY', equipment: { code: 'ASM-01' }, operator: 'operator', parameters: [{ name: 'gasket_insertion_force', value: '42', unit: 'N' }] }],
      consumedLots: expect.arrayContaining([
        { quantity: 24000, uom: 'pcs', parent: { lotNumber: 'BRL-2611-015', supplier: null, supplierLotNumber: null } },
        { quantity: 24000, uom: 'pcs', parent: { lotNumber: 'GSK-2611-001', supplier: { code: 'SUP-HME' }, supplierLotNumber: 'HM-G-5531' } },
      ]),
      producedLots: [],
      movements: [
        { kind: 'RECEIPT', quantity: 24000, documentNumber: 'PO-2611-0201' },
        { kind: 'SHIPMENT', quantity: 12000, documentNumber: 'SH-2611-0031' },
        { kind: 'SHIPMENT', quantity: 8000, documentNumber: 'SH-2611-0032' },
      ],
      shipments: [{ number: 'SH-2611-0031', customer: { code: 'CUS-STM' } }, { number: 'SH-2611-0032', customer: { code: 'CUS-SMD' } }],
      statusHistory: [{ from: null, to: 'QUARANTINE', changedBy: 'operator' }, { from: 'QUARANTINE', to: 'RELEASED', changedBy: 'qa.manager' }],
      recalls: [],
    });
    expect(data!.lot.dossier.consumedLots).toHaveLength(3);
  });

  it('shows what recalling a resin lot would reach: lots, finished lots, serials, stock per location, customers', async () => {
    const { data, errors } = await ask(IMPACT, { lot: 'RPP-2611-002' });
    expect(errors).toBeUndefined();
    const impact = data!.recallImpact;
    expect(impact.lots.map((l: { lotNumber: string }) => l.lotNumber)).toEqual(['RPP-2611-002', 'BRL-2611-014', 'BRL-2611-015', 'SYR3-2611-0007', 'SYR3-2611-0008']);
    expect(impact.finishedLots).toEqual([{ lotNumber: 'SYR3-2611-0007' }, { lotNumber: 'SYR3-2611-0008' }]);
    expect(impact.serialCount).toBe(5);
    expect(impact.stock).toContainEqual({ location: 'SZ1-WH-FG-01', quantity: 4000, uom: 'pcs', lot: { lotNumber: 'SYR3-2611-0007' } });
    expect(impact.stock).toContainEqual({ location: 'SZ1-QC-HOLD-01', quantity: 24000, uom: 'pcs', lot: { lotNumber: 'SYR3-2611-0008' } });
    expect(impact.customers).toEqual([
      { customer: { code: 'CUS-STM' }, shipments: [{ number: 'SH-2611-0031' }], lots: [{ quantity: 12000, uom: 'pcs', lot: { lotNumber: 'SYR3-2611-0007' } }] },
      { customer: { code: 'CUS-SMD' }, shipments: [{ number: 'SH-2611-0032' }], lots: [{ quantity: 8000, uom: 'pcs', lot: { lotNumber: 'SYR3-2611-0007' } }] },
    ]);
  });

  it('recalls everything downstream in one go, holds what was never released, and lists the customers to notify', async () => {
    await ask(`mutation { createProductionOrder(input: { number: "PO-2611-0401", materialCode: "SA-BRL-3001", plannedQuantity: 1000 }) { number } }`, {}, OPERATOR);
    const made = await ask(
      `mutation { recordProduction(input: { reportId: "R-1", orderNumber: "PO-2611-0401", operation: "MOULDING", equipmentCode: "IMM-01",
        startedAt: "2026-11-20T06:00:00Z", consumed: [{ lotNumber: "RPP-2611-002", quantity: 5, uom: "kg" }],
        produced: [{ lotNumber: "BRL-2611-020", quantity: 1000, uom: "pcs" }] }) { id } }`,
      {},
      OPERATOR,
    );
    expect(made.errors).toBeUndefined();

    const input = { recallNumber: 'RC-2026-001', lotNumber: 'RPP-2611-002', reason: 'Resin contaminated (supplier notice HM-2026-Q-17)', exceptionNumber: 'EX-2026-0050' };
    const { data, errors } = await ask(RECALL, { input });
    expect(errors).toBeUndefined();
    const recall = data!.initiateRecall;
    expect(recall).toMatchObject({ number: 'RC-2026-001', initiatedBy: 'qa.manager', root: { lotNumber: 'RPP-2611-002' }, exceptionNumber: 'EX-2026-0050' });
    const byLot = Object.fromEntries(recall.lots.map((l: { lot: { lotNumber: string; status: string }; statusBefore: string; statusAfter: string }) => [l.lot.lotNumber, [l.statusBefore, l.statusAfter, l.lot.status]]));
    expect(byLot).toEqual({
      'RPP-2611-002': ['RELEASED', 'RECALLED', 'RECALLED'],
      // Held from quarantine, never released: it stays held.
      'BRL-2611-014': ['ON_HOLD', 'ON_HOLD', 'ON_HOLD'],
      'BRL-2611-015': ['RELEASED', 'RECALLED', 'RECALLED'],
      'BRL-2611-020': ['QUARANTINE', 'ON_HOLD', 'ON_HOLD'],
      'SYR3-2611-0007': ['RELEASED', 'RECALLED', 'RECALLED'],
      'SYR3-2611-0008': ['ON_HOLD', 'ON_HOLD', 'ON_HOLD'],
    });
    expect(recall.notifications.map((n: { customer: { code: string } }) => n.customer.code)).toEqual(['CUS-STM', 'CUS-SMD']);

    const again = await ask(RECALL, { input });
    expect(again.errors).toBeUndefined();
    const file = await ask(DOSSIER, { lot: 'SYR3-2611-0007' });
    expect(file.data!.lot.dossier.recalls).toEqual([{ number: 'RC-2026-001' }]);
    expect(file.data!.lot.dossier.statusHistory.at(-1)).toEqual({ from: 'RELEASED', to: 'RECALLED', changedBy: 'qa.manager' });
    expect(file.data!.lot.dossier.statusHistory).toHaveLength(3);

    const unhold = await ask(`mutation { unholdLot(input: { lotNumber: "BRL-2611-020", reason: "no longer needed" }) { status } }`, {});
    expect(unhold.errors?.[0].message).toBe('Lot BRL-2611-020 is held by recall RC-2026-001: the hold cannot be lifted while the recall stands');

    const ship = await ask(
      `mutation { shipLot(input: { shipmentNumber: "SH-2611-0099", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0007", quantity: 10, uom: "pcs" }) { number } }`,
      {},
      OPERATOR,
    );
    expect(ship.errors?.[0].message).toBe('Lot SYR3-2611-0007 is RECALLED: it cannot be shipped');
  });

  it('refuses a recall by anyone but a QA manager, and a recall number reused for another lot', async () => {
    const denied = await ask(RECALL, { input: { recallNumber: 'RC-2026-002', lotNumber: 'RPE-2611-001', reason: 'x' } }, OPERATOR);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reused = await ask(RECALL, { input: { recallNumber: 'RC-2026-001', lotNumber: 'RPE-2611-001', reason: 'x' } });
    expect(reused.errors?.[0].message).toBe('InitiateRecallInput.recallNumber: recall RC-2026-001 already exists for another lot');
    const blank = await ask(RECALL, { input: { recallNumber: 'RC-2026-003', lotNumber: 'RPE-2611-001', reason: ' ' } });
    expect(blank.errors?.[0].message).toBe('InitiateRecallInput.reason: must not be empty');
    const untouched = await ask(`{ lot(lotNumber: "RPE-2611-001") { status } }`, {});
    expect(untouched.data!.lot.status).toBe('RELEASED');
  });
});
