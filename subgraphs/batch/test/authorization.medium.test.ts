import { buildASTSchema } from 'graphql';
import {
  AuditTrail,
  contentFingerprint,
  findDemoUser,
  loadTypeDefs,
  querySubgraph,
  rootFieldCalls,
  startSubgraphForTest,
  type RunningSubgraph,
} from '@lotgraph/server';
import { BATCH_SDL_PATH, createBatchDatabase, createBatchServer, seedBatchDemo } from '../src/server';

const AUDITOR = findDemoUser('auditor')!;
const INTEGRATOR = findDemoUser('integrator')!;

describe('who may do what in the batch subgraph', () => {
  let running: RunningSubgraph;
  let audit: AuditTrail;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
    audit = new AuditTrail(running.database.dataSource, 'batch');
  });

  afterAll(() => running.stop());

  const lastDenial = async (field: string) => (await audit.entriesFor('Field', field)).at(-1);

  it('refuses AUDITOR every mutation, changes nothing, and audits each refusal', async () => {
    const schema = buildASTSchema(loadTypeDefs(BATCH_SDL_PATH), { assumeValidSDL: true });
    const calls = rootFieldCalls(schema, 'mutation');
    expect(calls.length).toBeGreaterThanOrEqual(10);
    const before = await contentFingerprint(running.database);
    for (const call of calls) {
      const response = await querySubgraph(running.server, call.query, {}, AUDITOR);
      expect({ field: call.field, code: response.errors?.[0].extensions?.code }).toEqual({ field: call.field, code: 'FORBIDDEN' });
      expect(response.errors![0].message).toMatch(new RegExp(`^auditor \\(AUDITOR\\) may not call ${call.field}; that needs `));
      expect(await lastDenial(call.field)).toMatchObject({ action: 'DENIED', actorId: 'auditor', actorRoles: ['AUDITOR'] });
    }
    expect(await contentFingerprint(running.database)).toEqual(before);
  });

  it('lets AUDITOR read lots with their history, refusals and dossier', async () => {
    const response = await querySubgraph<{ lot: { statusHistory: unknown[]; dossier: { lotNumber: string } } }>(
      running.server,
      '{ lots(first: 2) { totalCount } lot(lotNumber: "BRL-2611-014") { statusHistory { to } usageRefusals { attemptedUse } dossier { lotNumber } } }',
      {},
      AUDITOR,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.lot.dossier.lotNumber).toBe('BRL-2611-014');
    expect(response.data!.lot.statusHistory.length).toBeGreaterThan(0);
  });

  it('lets INTEGRATOR receive a lot, open an order, record production and read the master data it needs', async () => {
    const received = await querySubgraph<{ receiveLot: { status: string } }>(
      running.server,
      `mutation { receiveLot(input: { lotNumber: "RPP-INT-1", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 200, uom: "kg",
        storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-INT-1" }) { status movements { kind } } }`,
      {},
      INTEGRATOR,
    );
    expect(received.errors).toBeUndefined();
    expect(received.data!.receiveLot.status).toBe('QUARANTINE');
    const produced = await querySubgraph<{ recordProduction: { actuals: Array<{ use: string }> } }>(
      running.server,
      `mutation {
        createProductionOrder(input: { number: "PO-INT-1", materialCode: "SA-BRL-3001", plannedQuantity: 100 }) { status }
        recordProduction(input: { reportId: "MES-INT-1", orderNumber: "PO-INT-1", operation: "MOULDING", equipmentCode: "IMM-01",
          startedAt: "2026-11-21T06:00:00Z", consumed: [{ lotNumber: "RPP-2611-001", quantity: 1, uom: "kg" }],
          produced: [{ lotNumber: "BRL-INT-1", quantity: 100, uom: "pcs" }] }) { actuals { use lot { lotNumber status } } }
      }`,
      {},
      INTEGRATOR,
    );
    expect(produced.errors).toBeUndefined();
    expect(produced.data!.recordProduction.actuals.map((a) => a.use)).toEqual(['CONSUMED', 'PRODUCED']);
    const master = await querySubgraph(
      running.server,
      '{ lot(lotNumber: "RPP-INT-1") { status supplier { code } material { code } } materials { code } equipment(code: "IMM-01") { name } lots(first: 1) { totalCount } }',
      {},
      INTEGRATOR,
    );
    expect(master.errors).toBeUndefined();
  });

  it.each([
    ['Query.lotUsageRefusals', '{ lotUsageRefusals(since: "2026-01-01T00:00:00Z") { attemptedUse } }'],
    ['Lot.usageRefusals', '{ lot(lotNumber: "BRL-2611-014") { usageRefusals { attemptedUse } } }'],
    ['Lot.statusHistory', '{ lot(lotNumber: "BRL-2611-014") { statusHistory { reason exceptionNumber } } }'],
    ['Lot.dossier', '{ lot(lotNumber: "BRL-2611-014") { dossier { lotNumber } } }'],
    ['LotDossier.usageRefusals', `{ _entities(representations: [{ __typename: "LotDossier", lotId: "x" }]) { ... on LotDossier { usageRefusals { attemptedUse } } } }`],
    ['Query.trace', '{ trace(lotNumber: "BRL-2611-014", direction: UPSTREAM) { lots { lotNumber } } }'],
  ])('refuses INTEGRATOR %s, which shows quality data or goes beyond ingesting, and audits it', async (field, query) => {
    const response = await querySubgraph(running.server, query, {}, INTEGRATOR);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`^integrator \\(INTEGRATOR\\) may not read ${field}; that needs OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR or ADMIN$`)),
        extensions: expect.objectContaining({ code: 'FORBIDDEN', denied: [{ field, needed: ['OPERATOR', 'QC_INSPECTOR', 'QA_ENGINEER', 'QA_MANAGER', 'AUDITOR', 'ADMIN'] }] }),
      }),
    ]);
    expect(await lastDenial(field)).toMatchObject({ action: 'DENIED', actorId: 'integrator', entityType: 'Field', entityId: field });
  });

  it('keeps the batch audit chain intact after the refusals', async () => {
    expect((await audit.verify()).ok).toBe(true);
  });
});
