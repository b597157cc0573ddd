import { querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchRepositories, createBatchServer, seedBatchDemo } from '../src/server';

const OPERATOR: Identity = { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] };
const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

const RECEIVE = `mutation ($input: ReceiveLotInput!) {
  receiveLot(input: $input) { lotNumber status quantity uom storageLocation supplier { code } supplierLotNumber
    movements { kind quantity fromLocation toLocation documentNumber movedBy }
    statusHistory { from to reason changedBy } }
}`;
const RECORD = `mutation ($input: RecordProductionInput!) {
  recordProduction(input: $input) { reportId operation equipment { code } order { number status }
    parameters { name value unit }
    actuals { use quantity uom lot { lotNumber status quantity producedOn { code } } } }
}`;
const MOVE = `mutation ($input: MoveLotInput!) { moveLot(input: $input) { lotNumber storageLocation movements { kind fromLocation toLocation } } }`;
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) { lotNumber status quantity storageLocation udi
  movements { kind quantity documentNumber } usageRefusals { attemptedUse lotStatus reference }
  serials(first: 2) { totalCount edges { node { serialNumber udi } } pageInfo { hasNextPage } } } }`;
const TRACE_UP = `query ($lot: String!) { trace(lotNumber: $lot, direction: UPSTREAM) { lots { lotNumber } links { quantity parent { lotNumber } child { lotNumber } } } }`;

const receipt = (overrides: Record<string, unknown> = {}) => ({
  lotNumber: 'RPP-2611-050', materialCode: 'RM-PP-1001', supplierCode: 'SUP-NPR', supplierLotNumber: 'NP-90001',
  quantity: 500, uom: 'kg', manufacturedOn: '2026-11-01', expiresOn: '2028-10-31', storageLocation: 'SZ1-QC-QUAR-01',
  receiptNumber: 'GR-2611-0101', receivedAt: '2026-11-20T08:00:00Z', ...overrides,
});

const report = (overrides: Record<string, unknown> = {}) => ({
  reportId: 'MES-R-9001', orderNumber: 'PO-2611-0301', operation: 'MOULDING', equipmentCode: 'IMM-01',
  startedAt: '2026-11-20T22:00:00Z', endedAt: '2026-11-21T10:00:00Z', operator: 'operator',
  parameters: [{ name: 'barrel_temp_zone3', value: '228', unit: '°C' }],
  consumed: [{ lotNumber: 'RPP-2611-001', quantity: 100.5, uom: 'kg' }],
  produced: [{ lotNumber: 'BRL-2611-016', quantity: 30000, uom: 'pcs', storageLocation: 'SZ1-WIP-01' }],
  ...overrides,
});

describe('receiving, moving and recording production', () => {
  let running: RunningSubgraph;
  // The answers' shapes are given by the query texts above; the assertions check them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ask = <T = Record<string, any>>(query: string, variables: Record<string, unknown>, user: Identity = OPERATOR) =>
    querySubgraph<T>(running.server, query, variables, user);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
    const order = await ask(`mutation { createProductionOrder(input: { number: "PO-2611-0301", materialCode: "SA-BRL-3001", plannedQuantity: 60000 }) { number status } }`, {});
    expect(order.errors).toBeUndefined();
  });

  afterAll(() => running.stop());

  it('receives a purchased lot into quarantine with its receipt movement and history; sending it again changes nothing', async () => {
    const first = await ask(RECEIVE, { input: receipt() });
    expect(first.errors).toBeUndefined();
    expect(first.data!.receiveLot).toMatchObject({
      lotNumber: 'RPP-2611-050', status: 'QUARANTINE', quantity: 500, uom: 'kg', storageLocation: 'SZ1-QC-QUAR-01',
      supplier: { code: 'SUP-NPR' }, supplierLotNumber: 'NP-90001',
      movements: [{ kind: 'RECEIPT', quantity: 500, fromLocation: 'supplier:SUP-NPR', toLocation: 'SZ1-QC-QUAR-01', documentNumber: 'GR-2611-0101', movedBy: 'operator' }],
      statusHistory: [{ from: null, to: 'QUARANTINE', reason: 'Received from SUP-NPR on GR-2611-0101', changedBy: 'operator' }],
    });
    const again = await ask(RECEIVE, { input: receipt() });
    expect(again.errors).toBeUndefined();
    expect(again.data!.receiveLot.movements).toHaveLength(1);
    expect(again.data!.receiveLot.statusHistory).toHaveLength(1);
  });

  it.each([
    [{ lotNumber: 'RPP-2611-001', receiptNumber: 'GR-X' }, 'ReceiveLotInput.lotNumber: lot RPP-2611-001 already exists for material RM-PP-1001'],
    [{ lotNumber: 'NEW-1', uom: 'g' }, 'ReceiveLotInput.uom: material RM-PP-1001 is counted in kg, not g'],
    [{ lotNumber: 'NEW-2', quantity: -5 }, 'ReceiveLotInput.quantity: must be more than 0, got -5'],
    [{ lotNumber: 'NEW-3', materialCode: 'NOPE' }, 'Material with code "NOPE" does not exist'],
    [{ lotNumber: 'NEW-4', expiresOn: '2026-10-01' }, 'ReceiveLotInput.expiresOn: 2026-10-01 is not after the manufacture date 2026-11-01'],
    [{ lotNumber: '  ' }, 'ReceiveLotInput.lotNumber: must not be empty'],
  ])('refuses a bad receipt %j', async (overrides, message) => {
    const response = await ask(RECEIVE, { input: receipt(overrides) });
    expect(response.errors?.[0].message).toBe(message);
  });

  it('refuses a receipt by a role that may not receive', async () => {
    const auditor: Identity = { id: 'auditor', name: 'Auditor', roles: ['AUDITOR'] };
    const response = await ask(RECEIVE, { input: receipt({ lotNumber: 'NEW-5' }) }, auditor);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('records a production report: stock taken exactly, lot made in quarantine on the equipment, genealogy linked', async () => {
    const response = await ask(RECORD, { input: report() });
    expect(response.errors).toBeUndefined();
    const segment = response.data!.recordProduction;
    expect(segment).toMatchObject({ reportId: 'MES-R-9001', operation: 'MOULDING', equipment: { code: 'IMM-01' }, order: { number: 'PO-2611-0301', status: 'RUNNING' } });
    expect(segment.parameters).toEqual([{ name: 'barrel_temp_zone3', value: '228', unit: '°C' }]);
    expect(segment.actuals).toEqual([
      { use: 'CONSUMED', quantity: 100.5, uom: 'kg', lot: { lotNumber: 'RPP-2611-001', status: 'RELEASED', quantity: 1149.5, producedOn: null } },
      { use: 'PRODUCED', quantity: 30000, uom: 'pcs', lot: { lotNumber: 'BRL-2611-016', status: 'QUARANTINE', quantity: 30000, producedOn: { code: 'IMM-01' } } },
    ]);
    const trace = await ask(TRACE_UP, { lot: 'BRL-2611-016' });
    expect(trace.data!.trace.links).toEqual([{ quantity: 100.5, parent: { lotNumber: 'RPP-2611-001' }, child: { lotNumber: 'BRL-2611-016' } }]);
    const resin = await ask(LOT, { lot: 'RPP-2611-001' });
    expect(resin.data!.lot.movements).toContainEqual({ kind: 'ISSUE', quantity: 100.5, documentNumber: 'PO-2611-0301/MES-R-9001' });
  });

  it('records the same report twice only once', async () => {
    const response = await ask(RECORD, { input: report() });
    expect(response.errors).toBeUndefined();
    const lot = await ask(LOT, { lot: 'BRL-2611-016' });
    expect(lot.data!.lot.quantity).toBe(30000);
    const resin = await ask(LOT, { lot: 'RPP-2611-001' });
    expect(resin.data!.lot.quantity).toBe(1149.5);
  });

  it('refuses to consume a held lot, writes nothing, and keeps the refusal for the quality domain', async () => {
    const response = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9002', consumed: [{ lotNumber: 'RPP-2611-002', quantity: 10, uom: 'kg' }, { lotNumber: 'BRL-2611-014', quantity: 100, uom: 'pcs' }], produced: [{ lotNumber: 'BRL-2611-017', quantity: 100, uom: 'pcs' }] }),
    });
    expect(response.errors?.[0]).toMatchObject({ message: 'Lot BRL-2611-014 is ON_HOLD: it cannot be consumed', extensions: { code: 'LOT_NOT_USABLE' } });
    const held = await ask(LOT, { lot: 'BRL-2611-014' });
    expect(held.data!.lot.usageRefusals).toContainEqual({ attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD', reference: 'PO-2611-0301' });
    // Kept with the batch outbox's message telling the quality domain of it, in the same transaction.
    const told: Array<{ topic: string; idempotency_key: string; payload: Record<string, unknown> }> = await running.database.dataSource.query(
      `SELECT m.topic, m.idempotency_key, m.payload FROM batch.outbox_message m JOIN batch.lot_usage_refusal r ON m.idempotency_key = 'refusal:' || r.id
        WHERE r.reference = 'PO-2611-0301' AND r.attempted_use = 'CONSUME'`,
    );
    expect(told).toEqual([
      {
        topic: 'quality.lotUsageRefused',
        idempotency_key: expect.stringMatching(/^refusal:/),
        payload: expect.objectContaining({ lotNumber: 'BRL-2611-014', attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD', reference: 'PO-2611-0301', attemptedBy: 'operator' }),
      },
    ]);
    const untouched = await ask(LOT, { lot: 'RPP-2611-002' });
    expect(untouched.data!.lot.quantity).toBe(1000);
    const none = await ask(LOT, { lot: 'BRL-2611-017' });
    expect(none.data!.lot).toBeNull();
  });

  it.each([
    [{ consumed: [{ lotNumber: 'RPP-2611-001', quantity: 5000, uom: 'kg' }] }, 'RecordProductionInput.consumed[0].quantity: 5000 kg consumed, but lot RPP-2611-001 has only 1149.5 kg left'],
    [{ consumed: [{ lotNumber: 'RPP-2611-001', quantity: 5, uom: 'g' }] }, 'RecordProductionInput.consumed[0].uom: lot RPP-2611-001 is counted in kg, not g'],
    [{ consumed: [{ lotNumber: 'RPP-2611-001', quantity: 0, uom: 'kg' }] }, 'RecordProductionInput.consumed[0].quantity: must be more than 0, got 0'],
    [{ consumed: [{ lotNumber: 'NO-SUCH', quantity: 1, uom: 'kg' }] }, 'Lot with lotNumber "NO-SUCH" does not exist'],
    [{ produced: [{ lotNumber: 'BRL-2611-018', quantity: 10, uom: 'kg' }] }, 'RecordProductionInput.produced[0].uom: order PO-2611-0301 makes SA-BRL-3001, counted in pcs, not kg'],
    [{ produced: [{ lotNumber: 'BRL-2611-015', quantity: 10, uom: 'pcs' }] }, 'RecordProductionInput.produced[0].lotNumber: lot BRL-2611-015 already exists and was not made by production order PO-2611-0301'],
    [{ consumed: [{ lotNumber: 'BRL-2611-018', quantity: 1, uom: 'pcs' }], produced: [{ lotNumber: 'BRL-2611-018', quantity: 10, uom: 'pcs' }] }, 'RecordProductionInput.consumed[0].lotNumber: lot BRL-2611-018 cannot be both consumed and produced: that would be a genealogy cycle'],
    [{ orderNumber: 'PO-2611-0101' }, 'RecordProductionInput.orderNumber: production order PO-2611-0101 is COMPLETED: no more production can be reported on it'],
    [{ equipmentCode: 'IMM-99' }, 'Equipment with code "IMM-99" does not exist'],
    [{ produced: [] }, 'RecordProductionInput.produced: a production report must produce at least one lot'],
    [{ endedAt: '2026-11-20T21:00:00Z' }, 'RecordProductionInput.endedAt: is before startedAt'],
  ])('refuses a bad report %#, writing nothing', async (overrides, message) => {
    const response = await ask(RECORD, { input: report({ reportId: `MES-BAD-${message.length}`, ...overrides }) });
    expect(response.errors?.[0].message).toBe(message);
    const resin = await ask(LOT, { lot: 'RPP-2611-001' });
    expect(resin.data!.lot.quantity).toBe(1149.5);
  });

  it('refuses a report that would close a genealogy cycle through earlier production', async () => {
    // BRL-2611-016 (made from RPP-2611-001 above) goes into an assembly lot; feeding that lot back into BRL-2611-016 loops.
    await ask(`mutation { createProductionOrder(input: { number: "PO-2611-0302", materialCode: "FG-SYR-3ML", plannedQuantity: 100 }) { number } }`, {});
    const assembly = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9100', orderNumber: 'PO-2611-0302', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', parameters: [], consumed: [{ lotNumber: 'PLG-2611-010', quantity: 100, uom: 'pcs' }], produced: [{ lotNumber: 'SYR3-2611-0100', quantity: 100, uom: 'pcs' }] }),
    });
    expect(assembly.errors).toBeUndefined();
    const loop = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9101', orderNumber: 'PO-2611-0302', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', parameters: [], consumed: [{ lotNumber: 'PLG-2611-010', quantity: 1, uom: 'pcs' }], produced: [{ lotNumber: 'SYR3-2611-0100', quantity: 1, uom: 'pcs' }] }),
    });
    expect(loop.errors).toBeUndefined();
    // Released by QA: release itself goes through the quality domain and is tested end to end. A status written here,
    // past every check, is audited as well: a lot whose row disagrees with its trail is not used.
    const { lots, audit } = createBatchRepositories(running.database.dataSource);
    const setStatus = (lotNumber: string, status: 'RELEASED' | 'QUARANTINE') =>
      running.database.dataSource.transaction(async (manager) => {
        const lot = (await lots.findByLotNumber(lotNumber, manager))!;
        await lots.save({ ...lot, status }, manager);
        await audit.record(manager, { actor: QA_MANAGER, action: 'STATUS_CHANGE', entityType: 'Lot', entityId: lotNumber, changes: { status: { old: lot.status, new: status } }, reason: 'Written past every check' });
      });
    await setStatus('SYR3-2611-0100', 'RELEASED');
    // Now make SYR3-2611-0100 an input of a lot that is upstream of it: PLG-2611-010 is not made by PO-2611-0302, so
    // the only way to loop is to add to SYR3-2611-0100 from a lot made from it.
    const derived = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9102', orderNumber: 'PO-2611-0302', operation: 'REWORK', equipmentCode: 'ASM-01', parameters: [], consumed: [{ lotNumber: 'SYR3-2611-0100', quantity: 10, uom: 'pcs' }], produced: [{ lotNumber: 'SYR3-2611-0101', quantity: 10, uom: 'pcs' }] }),
    });
    expect(derived.errors).toBeUndefined();
    await setStatus('SYR3-2611-0101', 'RELEASED');
    // A consumed lot was released and cannot go back to quarantine, so only a status written past every check
    // lets output join it again; the genealogy guard still holds then.
    await setStatus('SYR3-2611-0100', 'QUARANTINE');
    const cycle = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9103', orderNumber: 'PO-2611-0302', operation: 'REWORK', equipmentCode: 'ASM-01', parameters: [], consumed: [{ lotNumber: 'SYR3-2611-0101', quantity: 5, uom: 'pcs' }], produced: [{ lotNumber: 'SYR3-2611-0100', quantity: 5, uom: 'pcs' }] }),
    });
    expect(cycle.errors?.[0].message).toBe(
      'RecordProductionInput.consumed: lot SYR3-2611-0101 was made from lot SYR3-2611-0100; consuming it to make SYR3-2611-0100 would create a genealogy cycle',
    );
    const reworked = await ask(LOT, { lot: 'SYR3-2611-0101' });
    expect(reworked.data!.lot.quantity).toBe(10);
  });

  it('registers serial numbers under a produced lot; each traces to its component lots', async () => {
    const response = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9200', orderNumber: 'PO-2611-0302', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', parameters: [], consumed: [{ lotNumber: 'GSK-2611-001', quantity: 3, uom: 'pcs' }], produced: [{ lotNumber: 'SYR3-2611-0200', quantity: 3, uom: 'pcs', expiresOn: '2031-11-20', serialNumbers: ['SN-0003', 'SN-0001', 'SN-0002'] }] }),
    });
    expect(response.errors).toBeUndefined();
    const lot = await ask(LOT, { lot: 'SYR3-2611-0200' });
    expect(lot.data!.lot.udi).toBe('(01)06971234500014(11)261121(17)311120(10)SYR3-2611-0200');
    expect(lot.data!.lot.serials).toEqual({
      totalCount: 3,
      edges: [
        { node: { serialNumber: 'SN-0001', udi: '(01)06971234500014(11)261121(17)311120(10)SYR3-2611-0200(21)SN-0001' } },
        { node: { serialNumber: 'SN-0002', udi: '(01)06971234500014(11)261121(17)311120(10)SYR3-2611-0200(21)SN-0002' } },
      ],
      pageInfo: { hasNextPage: true },
    });
    const unit = await ask(`{ serialUnit(serialNumber: "SN-0002") { lot { lotNumber } components { lots { lotNumber } links { quantity parent { lotNumber } } } } }`, {});
    expect(unit.errors).toBeUndefined();
    expect(unit.data!.serialUnit).toEqual({
      lot: { lotNumber: 'SYR3-2611-0200' },
      components: { lots: [{ lotNumber: 'SYR3-2611-0200' }, { lotNumber: 'GSK-2611-001' }], links: [{ quantity: 3, parent: { lotNumber: 'GSK-2611-001' } }] },
    });
    // A list of lots asking for their serials, and every unit's components: one query for the serials of all
    // the lots, and one trace for the lot all the units come from.
    running.database.queries.reset();
    const listed = await ask(`{ lots(first: 50) { edges { node { lotNumber serials(first: 3) { totalCount edges { node { serialNumber components { links { quantity } } } } } } } } }`, {});
    expect(listed.errors).toBeUndefined();
    const withSerials = listed.data!.lots.edges.filter((edge: { node: { serials: { totalCount: number } } }) => edge.node.serials.totalCount > 0);
    expect(withSerials.map((edge: { node: { lotNumber: string } }) => edge.node.lotNumber)).toContain('SYR3-2611-0200');
    expect(running.database.queries.statements.filter((sql) => /material_sublot/.test(sql))).toHaveLength(1);
    expect(withSerials.every((edge: { node: { serials: { edges: unknown[] } } }) => edge.node.serials.edges.length >= 3)).toBe(true);
    expect(running.database.queries.statements.filter((sql) => /WITH RECURSIVE/.test(sql))).toHaveLength(withSerials.length);
    const PAGE = `query ($after: String) { lot(lotNumber: "SYR3-2611-0200") { serials(first: 2, after: $after) { edges { node { serialNumber } } pageInfo { endCursor } } } }`;
    const first = await ask(PAGE, {});
    const next = await ask(PAGE, { after: first.data!.lot.serials.pageInfo.endCursor });
    expect(next.data!.lot.serials.edges).toEqual([{ node: { serialNumber: 'SN-0003' } }]);
    const duplicate = await ask(RECORD, {
      input: report({ reportId: 'MES-R-9201', orderNumber: 'PO-2611-0302', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', parameters: [], consumed: [], produced: [{ lotNumber: 'SYR3-2611-0201', quantity: 1, uom: 'pcs', serialNumbers: ['SN-0002'] }] }),
    });
    expect(duplicate.errors?.[0].message).toBe('RecordProductionInput.produced[0].serialNumbers: serial number SN-0002 is already registered for this material');
  });

  it('moves a lot between locations once per transfer, and refuses to move a held lot', async () => {
    const moved = await ask(MOVE, { input: { lotNumber: 'RPP-2611-050', toLocation: 'SZ1-WH-RM-02', transferNumber: 'TO-2611-0001' } });
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveLot.storageLocation).toBe('SZ1-WH-RM-02');
    const again = await ask(MOVE, { input: { lotNumber: 'RPP-2611-050', toLocation: 'SZ1-WH-RM-02', transferNumber: 'TO-2611-0001' } });
    expect(again.data!.moveLot.movements.filter((m: { kind: string }) => m.kind === 'TRANSFER')).toEqual([
      { kind: 'TRANSFER', fromLocation: 'SZ1-QC-QUAR-01', toLocation: 'SZ1-WH-RM-02' },
    ]);
    const held = await ask(MOVE, { input: { lotNumber: 'BRL-2611-014', toLocation: 'SZ1-WIP-01', transferNumber: 'TO-2611-0002' } });
    expect(held.errors?.[0].message).toBe('Lot BRL-2611-014 is ON_HOLD: it cannot be moved');
    const lot = await ask(LOT, { lot: 'BRL-2611-014' });
    expect(lot.data!.lot.storageLocation).toBe('SZ1-QC-HOLD-01');
    expect(lot.data!.lot.usageRefusals).toContainEqual({ attemptedUse: 'MOVE', lotStatus: 'ON_HOLD', reference: 'TO-2611-0002' });
  });

  it('filters lots by location and date ranges, and movements by kind and time', async () => {
    const lots = await ask(`{ lots(filter: { manufacturedFrom: "2026-11-12", manufacturedTo: "2026-11-13", materialCode: "SA-BRL-3001" }) { totalCount edges { node { lotNumber } } } }`, {});
    expect(lots.data!.lots.edges.map((e: { node: { lotNumber: string } }) => e.node.lotNumber)).toEqual(['BRL-2611-014', 'BRL-2611-015']);
    const quarantine = await ask(`{ lots(filter: { storageLocation: "SZ1-QC-QUAR-01" }) { edges { node { lotNumber } } } }`, {});
    expect(quarantine.data!.lots.edges.map((e: { node: { lotNumber: string } }) => e.node.lotNumber)).toEqual(['GSK-2611-002', 'SYR5-2611-0003']);
    const shipped = await ask(`{ movements(filter: { kind: [SHIPMENT], from: "2026-11-18T00:00:00Z" }) { totalCount edges { node { documentNumber quantity lot { lotNumber } } } } }`, {});
    expect(shipped.data!.movements).toEqual({ totalCount: 1, edges: [{ node: { documentNumber: 'SH-2611-0032', quantity: 8000, lot: { lotNumber: 'SYR3-2611-0007' } } }] });
    const bad = await ask(`{ lots(filter: { manufacturedFrom: "2026-11-13", manufacturedTo: "2026-11-12" }) { totalCount } }`, {});
    expect(bad.errors?.[0].message).toBe('LotFilter.manufacturedTo: 2026-11-12 is before manufacturedFrom 2026-11-13');
  });

  it('pages shipments and production orders with filters', async () => {
    const toStm = await ask(`{ shipments(filter: { customerCode: "CUS-STM" }) { totalCount edges { node { number customer { code } } } } }`, {});
    expect(toStm.data!.shipments).toEqual({ totalCount: 1, edges: [{ node: { number: 'SH-2611-0031', customer: { code: 'CUS-STM' } } }] });
    const ofLot = await ask(`{ shipments(filter: { lotNumber: "SYR3-2611-0007", shippedFrom: "2026-11-18T00:00:00Z" }, first: 5) { edges { node { number } } } }`, {});
    expect(ofLot.data!.shipments.edges).toEqual([{ node: { number: 'SH-2611-0032' } }]);
    const page1 = await ask(`{ productionOrders(first: 2, filter: { status: [COMPLETED] }) { totalCount pageInfo { hasNextPage endCursor } edges { node { number } } } }`, {});
    expect(page1.data!.productionOrders.totalCount).toBe(5);
    expect(page1.data!.productionOrders.edges).toEqual([{ node: { number: 'PO-2611-0101' } }, { node: { number: 'PO-2611-0102' } }]);
    const page2 = await ask(`query ($after: String) { productionOrders(first: 2, after: $after, filter: { status: [COMPLETED] }) { edges { node { number } } } }`, {
      after: page1.data!.productionOrders.pageInfo.endCursor,
    });
    expect(page2.data!.productionOrders.edges).toEqual([{ node: { number: 'PO-2611-0103' } }, { node: { number: 'PO-2611-0201' } }]);
    const running = await ask(`{ productionOrders(filter: { status: [RUNNING], materialCode: "SA-BRL-3001" }) { edges { node { number } } } }`, {});
    expect(running.data!.productionOrders.edges).toEqual([{ node: { number: 'PO-2611-0301' } }]);
  });

  it('adds output only to a lot of the same order that is still in quarantine, with the same expiry', async () => {
    const more = (lotNumber: string, extra: Record<string, unknown> = {}) =>
      ask(RECORD, { input: report({ reportId: `MES-MORE-${lotNumber}-${JSON.stringify(extra).length}`, consumed: [], produced: [{ lotNumber, quantity: 100, uom: 'pcs', ...extra }] }) });
    const added = await more('BRL-2611-016');
    expect(added.errors).toBeUndefined();
    expect((await ask(LOT, { lot: 'BRL-2611-016' })).data!.lot.quantity).toBe(30100);
    const otherExpiry = await more('BRL-2611-016', { expiresOn: '2030-01-01' });
    expect(otherExpiry.errors?.[0].message).toBe('RecordProductionInput.produced[0].expiresOn: lot BRL-2611-016 has expiresOn unset, not 2030-01-01');
    const lots = createBatchRepositories(running.database.dataSource).lots;
    await lots.save({ ...(await lots.findByLotNumber('BRL-2611-016'))!, status: 'RELEASED' });
    const released = await more('BRL-2611-016', { storageLocation: 'SZ1-WIP-01' });
    expect(released.errors?.[0].message).toBe('RecordProductionInput.produced[0].lotNumber: lot BRL-2611-016 is RELEASED: report new output under a new lot');
  });

  it('refuses a report id sent again with other content', async () => {
    const changed = await ask(RECORD, { input: report({ consumed: [{ lotNumber: 'RPP-2611-001', quantity: 99, uom: 'kg' }] }) });
    expect(changed.errors?.[0].message).toBe('RecordProductionInput.reportId: report MES-R-9001 was already recorded with other content');
  });

  it('tells the quality domain of the refusals kept before batch had an outbox, once each, when the database is upgraded', async () => {
    const ds = running.database.dataSource;
    // Back to before the outbox (and the signed audit entries that came after it).
    await ds.undoLastMigration();
    await ds.undoLastMigration();
    expect(await ds.query(`SELECT to_regclass('batch.outbox_message') AS t`)).toEqual([{ t: null }]);
    expect(await running.database.migrate()).toEqual(['CreateBatchOutbox1764800100000', 'SignAuditEntries1766000000000']);
    const refusals: Array<{ id: string }> = await ds.query(`SELECT id FROM batch.lot_usage_refusal ORDER BY attempted_at, id`);
    expect(refusals.length).toBeGreaterThan(0);
    const told: Array<{ idempotency_key: string; payload: { refusalId: string; attemptedAt: string } }> = await ds.query(
      `SELECT idempotency_key, payload FROM batch.outbox_message WHERE topic = 'quality.lotUsageRefused' ORDER BY id`,
    );
    expect(told.map((m) => m.idempotency_key)).toEqual(refusals.map((r) => `refusal:${r.id}`));
    expect(told[0].payload.attemptedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
