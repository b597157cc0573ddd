import { buildSchema } from 'graphql';
import { canonicalField, loadSupergraphSdl } from '@lotgraph/schema';
import { startTestGraph, type TestGraph } from './support/test-graph';

/**
 * One valid call of every mutation in the supergraph, in an order where each finds what it needs. A mutation
 * added to any subgraph without a case here fails the first test, so nothing escapes the audit trail.
 */
const CASES: Array<{ mutation: string; user: string; query: string }> = [
  { mutation: 'holdLot', user: 'qa.engineer', query: `mutation { holdLot(input: { lotNumber: "BRL-2611-015", reason: "Audit coverage", exceptionNumber: "EX-2026-0041" }) { status } }` },
  { mutation: 'unholdLot', user: 'qa.engineer', query: `mutation { unholdLot(input: { lotNumber: "BRL-2611-015", reason: "Audit coverage" }) { status } }` },
  { mutation: 'rejectLot', user: 'qa.manager', query: `mutation { rejectLot(input: { lotNumber: "GSK-2611-002", reason: "Audit coverage" }) { status } }` },
  { mutation: 'releaseLot', user: 'qa.manager', query: `mutation { releaseLot(input: { lotNumber: "SYR5-2611-0003", reason: "Batch record reviewed" }) { status } }` },
  { mutation: 'shipLot', user: 'operator', query: `mutation { shipLot(input: { shipmentNumber: "SH-AUDIT-1", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0007", quantity: 10, uom: "pcs" }) { number } }` },
  {
    mutation: 'receiveLot',
    user: 'integrator',
    query: `mutation { receiveLot(input: { lotNumber: "RPP-AUDIT-1", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 100, uom: "kg", storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-AUDIT-1" }) { status } }`,
  },
  { mutation: 'moveLot', user: 'operator', query: `mutation { moveLot(input: { lotNumber: "RPP-AUDIT-1", toLocation: "SZ1-WH-RM-01", transferNumber: "TO-AUDIT-1" }) { storageLocation } }` },
  { mutation: 'createProductionOrder', user: 'operator', query: `mutation { createProductionOrder(input: { number: "PO-AUDIT-1", materialCode: "SA-BRL-3001", plannedQuantity: 100 }) { status } }` },
  {
    mutation: 'recordProduction',
    user: 'operator',
    query: `mutation { recordProduction(input: { reportId: "R-AUDIT-1", orderNumber: "PO-AUDIT-1", operation: "MOULDING", equipmentCode: "IMM-01", startedAt: "2026-11-21T06:00:00Z",
      consumed: [{ lotNumber: "RPP-2611-001", quantity: 1, uom: "kg" }], produced: [{ lotNumber: "BRL-AUDIT-1", quantity: 100, uom: "pcs" }] }) { id } }`,
  },
  { mutation: 'initiateRecall', user: 'qa.manager', query: `mutation { initiateRecall(input: { recallNumber: "RC-AUDIT-1", lotNumber: "BRL-AUDIT-1", reason: "Audit coverage" }) { number } }` },
  {
    mutation: 'recordInspection',
    user: 'qc.inspector',
    query: `mutation { recordInspection(input: { lotNumber: "RPP-AUDIT-1", sampleId: "S-AUDIT-1", stage: INCOMING, testName: "Melt flow rate", result: PASS, measuredValue: 12.1, unit: "g/10 min" }) { id } }`,
  },
];

describe('the audit trail covers every mutation', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  /** Every audit entry of every subgraph, newest last per subgraph. */
  const entries = async () => {
    const all: Array<{ schema: string; seq: number; actor_id: string; action: string; entity_type: string; entity_id: string }> = [];
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const rows = await database!.dataSource.query(`SELECT seq, actor_id, action, entity_type, entity_id FROM "${schema}".audit_entry ORDER BY seq`);
      all.push(...rows.map((row: { seq: string }) => ({ ...row, seq: Number(row.seq), schema })));
    }
    return all;
  };

  it('has a case for every mutation in the supergraph', () => {
    const schema = buildSchema(loadSupergraphSdl(), { assumeValidSDL: true });
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(CASES.map((c) => c.mutation).sort()).toEqual(mutations);
  });

  it.each(CASES.map((c) => [c.mutation, c] as const))('%s writes an entry naming who did what to which record', async (_, c) => {
    const before = await entries();
    const response = await graph.query(c.query, { token: graph.tokenFor(c.user) });
    expect(response.errors).toBeUndefined();
    const written = (await entries()).filter((e) => !before.some((b) => b.schema === e.schema && b.seq === e.seq));
    expect(written.length).toBeGreaterThan(0);
    for (const entry of written) expect(entry.actor_id).toBe(c.user);
  });

  it('keeps every chain intact after all of them', async () => {
    const { AuditTrail } = await import('@lotgraph/server');
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const result = await new AuditTrail(database!.dataSource, schema).verify();
      expect({ schema, ok: result.ok, broken: result.firstBroken }).toEqual({ schema, ok: true, broken: null });
    }
  });

  it('writes only fields the field dictionary can label, so every history reads in English and Chinese', async () => {
    const refused = await graph.query(`mutation { shipLot(input: { shipmentNumber: "SH-AUDIT-2", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0008", quantity: 1, uom: "pcs" }) { number } }`, { token: graph.tokenFor('operator') });
    expect(refused.errors).toBeDefined();
    const fields = new Set<string>();
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const rows: Array<{ field: string }> = await database!.dataSource.query(`SELECT DISTINCT jsonb_object_keys(changes) AS field FROM "${schema}".audit_entry`);
      for (const row of rows) fields.add(row.field);
    }
    expect(fields).toContain('attemptedUse');
    expect([...fields].filter((field) => !canonicalField(field)).sort()).toEqual([]);

    const { data, errors } = await graph.query<{ lot: { history: Array<{ action: string; actor: { id: string }; changes: Array<{ field: string; label: string; labelZh: string }> }> } }>(
      `{ lot(lotNumber: "RPP-AUDIT-1") { history { action actor { id } changes { field label labelZh } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.lot.history.map((e) => [e.action, e.actor.id])).toEqual([['RECEIVE', 'integrator'], ['MOVE', 'operator']]);
    expect(data!.lot.history[1].changes).toContainEqual({ field: 'storageLocation', label: 'Storage location', labelZh: '库位' });
  });
});
