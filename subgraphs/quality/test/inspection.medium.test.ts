import {
  createGraphClient,
  demoId,
  findDemoUser,
  querySubgraph,
  startSubgraphForTest,
  type RunningSubgraph,
  type SubgraphDatabase,
  type SubgraphServer, AuditTrail } from '@lotgraph/server';
import {
  InspectionRepository,
  InspectionService,
  QualityExceptionRepository,
  createQualityDatabase,
  createQualityServer,
  seedQualityDemo,
  validateInspectionInput,
} from '../src/server';
import { LotLookupClient } from '../src/lot/lot-lookup.client';

const RECORD = `mutation ($input: RecordInspectionInput!) { recordInspection(input: $input) { id result } }`;
const CHECK = `query ($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Lot {
      inspections { testName result }
      releaseCheck { releasable reasons openExceptions { number } pendingOrFailedInspections { testName result } }
    }
  }
}`;

type Check = { releasable: boolean; reasons: string[]; openExceptions: Array<{ number: string }>; pendingOrFailedInspections: Array<{ testName: string; result: string }> };

describe('inspections and the release check against a real database', () => {
  let running: RunningSubgraph;
  let database: SubgraphDatabase;
  let server: SubgraphServer;
  let service: InspectionService;
  const inspector = findDemoUser('qc.inspector')!;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer, seed: seedQualityDemo });
    ({ database, server } = running);
    // recordForLot is given the lot; finding it by number through the graph is the gateway tests' part.
    service = new InspectionService(new InspectionRepository(database.dataSource), new LotLookupClient(createGraphClient({ gatewayUrl: () => undefined })), new AuditTrail(database.dataSource, 'quality'));
  });

  afterAll(() => running.stop());

  const checkOf = async (lotNumbers: string[]) => {
    const response = await querySubgraph<{ _entities: Array<{ releaseCheck: Check }> }>(server, CHECK, {
      r: lotNumbers.map((lotNumber) => ({ __typename: 'Lot', id: demoId.lot(lotNumber) })),
    });
    expect(response.errors).toBeUndefined();
    return response.data!._entities.map((lot) => lot.releaseCheck);
  };

  it('refuses incomplete or contradictory results, naming the field and the inspection', async () => {
    const base = { lotNumber: 'SYR5-2611-0003', sampleId: 'LS-T-1', stage: 'FINAL', testName: 'Break-loose force' };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ result: 'PASS' }, 'measuredValue', 'Inspection.measuredValue: "Break-loose force" on sample LS-T-1 of lot SYR5-2611-0003 is PASS: give what was measured (measuredValue with unit) or observed (attributeValue)'],
      [{ result: 'PENDING', measuredValue: 4.1, unit: 'N' }, 'measuredValue', 'Inspection.measuredValue: "Break-loose force" on sample LS-T-1 of lot SYR5-2611-0003 is PENDING: it has no measured value yet'],
      [{ result: 'FAIL', measuredValue: 12.5 }, 'unit', 'Inspection.unit: "Break-loose force" on sample LS-T-1 of lot SYR5-2611-0003: the measured value 12.5 needs its unit'],
      [{ result: 'PASS', measuredValue: 4.1, unit: 'N', attributeValue: 'ok' }, 'attributeValue', 'Inspection.attributeValue: "Break-loose force" on sample LS-T-1 of lot SYR5-2611-0003: give a measured value or an observed attribute, not both'],
      [{ result: 'PASS', attributeValue: 'ok', sampleId: '  ' }, 'sampleId', 'Inspection.sampleId: must not be empty'],
      [{ result: 'PASS', attributeValue: 'ok', inspectedAt: '2099-01-01T00:00:00Z' }, 'inspectedAt', 'Inspection.inspectedAt: 2099-01-01T00:00:00.000Z is in the future'],
    ];
    for (const [input, field, message] of cases) {
      const response = await querySubgraph(server, RECORD, { input: { ...base, ...input } }, inspector);
      expect(response.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', entity: 'Inspection', field } });
    }
  });

  it('lets QC inspectors and integrations record results, and no one else', async () => {
    const input = { lotNumber: 'SYR5-2611-0003', sampleId: 'LS-T-2', stage: 'FINAL', testName: 'Break-loose force', result: 'PASS', measuredValue: 4.1, unit: 'N' };
    const refused = await querySubgraph(server, RECORD, { input }, findDemoUser('qa.manager')!);
    expect(refused.errors![0]).toMatchObject({
      message: 'qa.manager (QA_MANAGER) may not call Mutation.recordInspection; that needs QC_INSPECTOR or INTEGRATOR',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('records nothing when the lot cannot be looked up through the graph', async () => {
    const input = { lotNumber: 'SYR5-2611-0003', sampleId: 'LS-T-3', stage: 'FINAL', testName: 'Break-loose force', result: 'PASS', measuredValue: 4.1, unit: 'N' };
    const response = await querySubgraph(server, RECORD, { input }, inspector);
    expect(response.errors![0].extensions).toMatchObject({ code: 'LOT_LOOKUP_UNAVAILABLE', lotNumber: 'SYR5-2611-0003' });
    expect(response.errors![0].message).toMatch(/^Cannot record an inspection for lot SYR5-2611-0003 now: the batch domain did not say whether the lot exists \(no gateway URL is configured/);
    const lots = await new InspectionRepository(database.dataSource).findByLotIds([demoId.lot('SYR5-2611-0003')]);
    expect(lots.map((inspection) => inspection.sampleId)).not.toContain('LS-T-3');
  });

  it('records an inspection once however often it is sent, completes a pending one, and never overwrites a result', async () => {
    const lot = { id: demoId.lot('PLG-2611-099'), lotNumber: 'PLG-2611-099' };
    const fields = (input: Record<string, unknown>) =>
      validateInspectionInput({ lotNumber: lot.lotNumber, sampleId: 'LS-T-10', stage: 'IN_PROCESS', testName: 'Plunger rod length', result: 'PENDING', ...input } as never, inspector.id);
    const repo = new InspectionRepository(database.dataSource);

    const pending = await service.recordForLot(lot, fields({}), inspector, 'req-1');
    const again = await service.recordForLot(lot, fields({}), inspector, 'req-2');
    expect(again).toEqual(pending);
    expect(await repo.findByLotIds([lot.id])).toHaveLength(1);

    const passed = await service.recordForLot(lot, fields({ result: 'PASS', measuredValue: 78.1, unit: 'mm' }), inspector, 'req-3');
    expect(passed).toMatchObject({ id: pending.id, result: 'PASS', measuredValue: 78.1, unit: 'mm', recordedBy: 'qc.inspector', requestId: 'req-3' });
    const resent = await service.recordForLot(lot, fields({ result: 'PASS', measuredValue: 78.1, unit: 'mm' }), inspector, 'req-4');
    expect(resent).toEqual(passed);

    await expect(service.recordForLot(lot, fields({ result: 'FAIL', measuredValue: 79.9, unit: 'mm' }), inspector, 'req-5')).rejects.toMatchObject({
      message: 'Inspection.result: "Plunger rod length" on sample LS-T-10 of lot PLG-2611-099 is already recorded as PASS by qc.inspector; a recorded result is not changed: record a retest under a new sample id',
      extensions: { code: 'BAD_USER_INPUT', field: 'result' },
    });
    await expect(service.recordForLot(lot, fields({}), inspector, 'req-6')).rejects.toMatchObject({ extensions: { field: 'result' } });
    expect(await repo.findByLotIds([lot.id])).toEqual([passed]);

    await service.recordForLot(lot, fields({ sampleId: 'LS-T-11' }), inspector, 'req-7');
    await expect(service.recordForLot(lot, fields({ sampleId: 'LS-T-11', required: false, result: 'PASS', measuredValue: 78, unit: 'mm' }), inspector, 'req-8')).rejects.toMatchObject({
      message: 'Inspection.required: "Plunger rod length" on sample LS-T-11 of lot PLG-2611-099 was recorded as PENDING with required true; its result cannot change that',
    });
  });

  it('releases only lots with no open exception and every required inspection passed', async () => {
    const [syringes, gaskets, barrels, unknown] = await checkOf(['SYR5-2611-0003', 'GSK-2611-002', 'BRL-2611-014', 'NEVER-INSPECTED']);
    // The non-required particulate trend count is still PENDING and does not hold the lot.
    expect(syringes).toEqual({ releasable: true, reasons: [], openExceptions: [], pendingOrFailedInspections: [] });
    expect(gaskets).toEqual({
      releasable: false,
      reasons: [
        'Exception EX-2026-0042 (MINOR, OPEN) is open: Gasket CoA lacks the extractables result',
        'Required INCOMING inspection "Extractables (ISO 10993-18)" on sample LS-2611-0141 has no result yet (PENDING)',
      ],
      openExceptions: [{ number: 'EX-2026-0042' }],
      pendingOrFailedInspections: [{ testName: 'Extractables (ISO 10993-18)', result: 'PENDING' }],
    });
    expect(barrels.releasable).toBe(false);
    expect(barrels.reasons).toEqual([
      'Exception EX-2026-0041 (MAJOR, INVESTIGATING) is open: Barrel temperature zone 3 above USL on IMM-01',
      'Required IN_PROCESS inspection "Luer lock thread, ISO 80369-7 gauge" on sample LS-2611-0150 FAILED: "Gauge does not engage fully on 3 of 32 barrels" against ISO 80369-7 go/no-go',
    ]);
    expect(unknown).toEqual({ releasable: false, reasons: ['No required inspection is recorded for this lot'], openExceptions: [], pendingOrFailedInspections: [] });
  });

  it('no longer counts an exception once it is CLOSED', async () => {
    const exceptions = new QualityExceptionRepository(database.dataSource);
    const closed = await exceptions.save({ number: 'EX-2026-0900', title: 'Closed test exception', severity: 'MINOR', status: 'CLOSED', detectedAt: new Date('2026-11-01T00:00:00Z') });
    const open = await exceptions.save({ number: 'EX-2026-0901', title: 'Open test exception', severity: 'MINOR', status: 'VERIFIED', detectedAt: new Date('2026-11-02T00:00:00Z') });
    await exceptions.saveAffectedLot({ exceptionId: closed.id, lotId: demoId.lot('SYR5-2611-0003'), role: 'REPORTED' });
    expect((await checkOf(['SYR5-2611-0003']))[0].releasable).toBe(true);
    await exceptions.saveAffectedLot({ exceptionId: open.id, lotId: demoId.lot('SYR5-2611-0003'), role: 'REPORTED' });
    expect((await checkOf(['SYR5-2611-0003']))[0]).toMatchObject({ releasable: false, reasons: ['Exception EX-2026-0901 (MINOR, VERIFIED) is open: Open test exception'] });
  });

  it('answers the release check and inspections of 100 lots with one query for exceptions and one for inspections', async () => {
    const repo = new InspectionRepository(database.dataSource);
    const lots = Array.from({ length: 100 }, (_, i) => `BULK-${i}`);
    const recorded = { stage: 'FINAL', testName: 'Leakage', required: true, unit: null, measuredValue: null, specReference: null, inspectedBy: 'qc.inspector', inspectedAt: new Date(), recordedBy: 'qc.inspector', requestId: null } as const;
    for (const [i, lotNumber] of lots.slice(0, 40).entries()) {
      await repo.save({ ...recorded, lotId: demoId.lot(lotNumber), lotNumber, sampleId: 'S1', result: i % 2 ? 'PASS' : 'FAIL', attributeValue: 'seen' });
    }
    database.queries.reset();
    const checks = await checkOf(lots);
    expect(checks.filter((check) => check.releasable)).toHaveLength(20);
    expect(checks[0].pendingOrFailedInspections).toEqual([{ testName: 'Leakage', result: 'FAIL' }]);
    expect(checks[99].reasons).toEqual(['No required inspection is recorded for this lot']);
    expect(database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql))).toHaveLength(2);
  });

  it('shows the history of inspections (every one a request asks for in one query) and of an exception, labelled', async () => {
    const lot = { id: demoId.lot('PLG-2611-098'), lotNumber: 'PLG-2611-098' };
    const fields = (input: Record<string, unknown>) =>
      validateInspectionInput({ lotNumber: lot.lotNumber, sampleId: 'LS-H-1', stage: 'IN_PROCESS', testName: 'Plunger rod length', result: 'PENDING', ...input } as never, inspector.id);
    await service.recordForLot(lot, fields({}), inspector, 'req-h1');
    await service.recordForLot(lot, fields({ result: 'PASS', measuredValue: 78.1, unit: 'mm' }), inspector, 'req-h2');
    // Nothing changes exceptions through the API yet; an entry as their writers will make it, under number or id.
    const trail = new AuditTrail(database.dataSource, 'quality');
    const exception = (await new QualityExceptionRepository(database.dataSource).findByNumber('EX-2026-0041'))!;
    await database.dataSource.transaction(async (manager) => {
      await trail.record(manager, { actor: findDemoUser('qa.manager')!, action: 'UPDATE', entityType: 'QualityException', entityId: 'EX-2026-0041', changes: { status: { old: 'OPEN', new: 'INVESTIGATING' } }, reason: 'Root cause analysis started' });
      await trail.record(manager, { actor: findDemoUser('qa.engineer')!, action: 'UPDATE', entityType: 'QualityException', entityId: exception.id, changes: { reference: { new: 'CAPA-2026-0017' } } });
    });

    database.queries.reset();
    const response = await querySubgraph<{ _entities: Array<{ inspections: Array<{ sampleId: string; history: Array<{ action: string; requestId: string; changes: Array<Record<string, string | null>> }> }> }> }>(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lot { inspections { sampleId history { action requestId changes { field label labelZh old new } } } } } }`,
      { r: [{ __typename: 'Lot', id: lot.id }, { __typename: 'Lot', id: demoId.lot('SYR5-2611-0003') }] },
    );
    expect(response.errors).toBeUndefined();
    expect(database.queries.statements.filter((sql) => sql.includes('audit_entry'))).toHaveLength(1);
    const inspection = response.data!._entities[0].inspections.find((i) => i.sampleId === 'LS-H-1')!;
    expect(inspection.history.map((e) => [e.action, e.requestId])).toEqual([['RECORD_INSPECTION', 'req-h1'], ['COMPLETE_INSPECTION', 'req-h2']]);
    expect(inspection.history[1].changes).toEqual(expect.arrayContaining([
      { field: 'result', label: 'Inspection result', labelZh: '检验结论', old: 'PENDING', new: 'PASS' },
      { field: 'measuredValue', label: 'Measured value', labelZh: '测量值', old: null, new: '78.1' },
      { field: 'unit', label: 'Unit of measure', labelZh: '计量单位', old: null, new: 'mm' },
    ]));

    const { data } = await querySubgraph<{ exception: { history: Array<{ action: string; reason: string | null; actor: { id: string } }> } }>(
      server,
      '{ exception(number: "EX-2026-0041") { history { action reason actor { id } } } }',
    );
    expect(data!.exception.history).toEqual([
      { action: 'CREATE', reason: 'Demo plant', actor: { id: 'lotgraph.demo' } },
      { action: 'UPDATE', reason: 'Root cause analysis started', actor: { id: 'qa.manager' } },
      { action: 'UPDATE', reason: null, actor: { id: 'qa.engineer' } },
    ]);
  });
});
