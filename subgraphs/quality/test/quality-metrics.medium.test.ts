import {
  AuditTrail,
  createGraphClient,
  deterministicUuid,
  findDemoUser,
  querySubgraph,
  startSubgraphForTest,
  type RunningSubgraph,
  type SubgraphServer,
} from '@lotgraph/server';
import { InspectionRepository, InspectionService, QualityExceptionRepository, createQualityDatabase, createQualityServer, validateInspectionInput } from '../src/server';
import { LotLookupClient } from '../src/lot/lot-lookup.client';
import { LotDispositionRepository } from '../src/disposition/lot-disposition.repository';
import { LotFindingRepository } from '../src/lot-rule/lot-finding.repository';
import type { QualityExceptionEntity } from '../src/exception/quality-exception.entity';

const METRIC = `query ($input: QualityMetricInput!) { qualityMetric(input: $input) { kind value sampleSize count from to description exceptionNumbers } }`;
const REGISTER = `mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { equipmentCode } }`;
const CREATE_SPEC = `mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { version } }`;
const DEFINE_RULE = `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code } }`;
const RECORD = `mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted rejected } }`;
const EXCEPTIONS = `query ($filter: ExceptionFilter) { exceptions(filter: $filter, first: 100) { totalCount edges { node { number } } } }`;

type Metric = { kind: string; value: number | null; sampleSize: number; count: number; from: string; to: string; description: string; exceptionNumbers: string[] };

const BT3 = 'barrel_temp_zone3';
const THREAD = 'Luer lock thread, ISO 80369-7 gauge';
/** The window every figure below is taken over, unless a case says otherwise. */
const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-11-01T02:00:00.000Z';
const at = (hhmm: string, day = '2026-11-01') => `${day}T${hhmm}:00.000Z`;
/** Every five minutes from 00:00 to 01:55: the 24 readings of a series in the window. */
const slots = Array.from({ length: 24 }, (_, i) => at(`${String(Math.floor((i * 5) / 60)).padStart(2, '0')}:${String((i * 5) % 60).padStart(2, '0')}`));

describe('quality metrics over a window, from planted readings, inspections, dispositions and exceptions', () => {
  let running: RunningSubgraph;
  let server: SubgraphServer;
  const engineer = findDemoUser('qa.engineer')!;
  const integrator = findDemoUser('integrator')!;
  const inspector = findDemoUser('qc.inspector')!;
  const exceptionIds = new Map<string, string>();
  const inspectionIds = new Map<string, string>();

  const ok = async <T>(query: string, variables: Record<string, unknown>, user = engineer): Promise<T> => {
    const response = await querySubgraph<T>(server, query, variables, user);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const metric = async (input: Record<string, unknown>, user = findDemoUser('operator')!) =>
    (await ok<{ qualityMetric: Metric }>(METRIC, { input: { from: FROM, to: TO, ...input } }, user)).qualityMetric;
  const refusal = async (input: Record<string, unknown>) => {
    const response = await querySubgraph(server, METRIC, { input: { from: FROM, to: TO, ...input } }, engineer);
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };

  /** The readings of one series: value by time (HH:MM, that day), 230 °C at every slot not named. */
  const series = (equipmentCode: string, times: string[], values: Record<string, number>) =>
    times.map((time) => ({ readingId: `${equipmentCode}-${time}`, equipmentCode, parameter: BT3, value: String(values[time.slice(11, 16)] ?? 230), measuredAt: time }));

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    server = running.server;
    const ds = running.database.dataSource;
    for (const [equipmentCode, parameter, materialCode, unit] of [
      ['IMM-01', BT3, 'SA-BRL-3001', '°C'],
      ['IMM-02', BT3, 'SA-BRL-3001', '°C'],
      ['IMM-01', 'hold_pressure', 'SA-BRL-3001', 'bar'],
      ['IMM-03', 'mould_temp', 'SA-PLG-3002', '°C'],
    ]) {
      await ok(REGISTER, { input: { equipmentCode, parameter, materialCode, operation: 'MOULDING', unit } });
    }
    await ok(CREATE_SPEC, {
      input: { specNumber: 'SPEC-BRL', materialCode: 'SA-BRL-3001', operation: 'MOULDING', effectiveFrom: '2026-10-01T00:00:00Z', parameters: [{ parameter: BT3, unit: '°C', lsl: 220, usl: 235, critical: true }] },
    });
    // The signed approval is the gateway tests' part; the fixture marks the version approved as it would.
    await ds.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
    await ok(DEFINE_RULE, { input: { code: 'BT3-OOS', kind: 'OUT_OF_SPEC', parameter: BT3, settings: { windowMinutes: 5 } } });
    await ok(DEFINE_RULE, { input: { code: 'BT3-RUN', kind: 'SPC_RUN_ONE_SIDE', parameter: BT3, settings: { centre: 230, sigma: 2, runLength: 3, windowMinutes: 5 } } });
    await ok(DEFINE_RULE, { input: { code: 'LIMS-ANY', kind: 'LIMS_OUT_OF_SPEC', parameter: '*', settings: {} } });

    // IMM-01, out of spec (> 235): 23:55 and 00:00 (V0, started before the window), 00:10 and 00:15 (V1), 01:00 (V2),
    // 02:00 (V3, at the window's end: outside). IMM-02: out of spec at 00:20 (V4); above the centre line three in a
    // row from 23:50 to 00:00 (R1, found at 00:00 but begun before the window) and from 00:30 to 00:40 (R2).
    const readings = [
      ...series('IMM-01', [at('23:50', '2026-10-31'), at('23:55', '2026-10-31')], { '23:55': 238 }),
      ...series('IMM-01', [...slots, at('02:00')], { '00:00': 239, '00:10': 240, '00:15': 241, '01:00': 237, '02:00': 239 }),
      ...series('IMM-02', [at('23:50', '2026-10-31'), at('23:55', '2026-10-31')], { '23:50': 231, '23:55': 231 }),
      ...series('IMM-02', slots.slice(0, 12), { '00:00': 231, '00:20': 240, '00:30': 232, '00:35': 232, '00:40': 232 }),
    ];
    expect((await ok<{ recordReadings: { accepted: number; rejected: number } }>(RECORD, { readings }, integrator)).recordReadings).toEqual({ accepted: 41, rejected: 0 });

    // Exceptions (no token secret here: none is raised by itself), grouping the violations as raising would.
    const exceptions = new QualityExceptionRepository(ds);
    const violations: Array<{ id: string; equipment_code: string; first_at: Date; code: string }> = await ds.query(
      `SELECT v.id, v.equipment_code, v.first_at, r.code FROM quality.rule_violation v JOIN quality.quality_rule r ON r.id = v.rule_id ORDER BY r.code, v.equipment_code, v.first_at`,
    );
    const violation = (code: string, equipmentCode: string, firstAt: string) => violations.find((v) => v.code === code && v.equipment_code === equipmentCode && new Date(v.first_at).toISOString() === firstAt)!.id;
    const planted: Array<[number: string, detectedAt: string, equipmentCode: string | null, parameter: string | null, violationId: string | null]> = [
      ['EX-2026-0100', at('23:55', '2026-10-31'), 'IMM-01', BT3, violation('BT3-OOS', 'IMM-01', at('23:55', '2026-10-31'))],
      ['EX-2026-0101', at('00:10'), 'IMM-01', BT3, violation('BT3-OOS', 'IMM-01', at('00:10'))],
      ['EX-2026-0102', at('01:00'), 'IMM-01', BT3, violation('BT3-OOS', 'IMM-01', at('01:00'))],
      ['EX-2026-0103', at('00:20'), 'IMM-02', BT3, violation('BT3-OOS', 'IMM-02', at('00:20'))],
      ['EX-2026-0104', at('01:30'), 'IMM-01', 'hold_pressure', null],
      ['EX-2026-0105', at('00:45'), null, 'visual', null],
      ['EX-2026-0106', at('02:00'), 'IMM-01', BT3, violation('BT3-OOS', 'IMM-01', at('02:00'))],
      ['EX-2026-0107', at('00:50'), 'IMM-03', 'mould_temp', null],
      ['EX-2026-0108', at('00:31'), null, null, null],
    ];
    await exceptions.transaction(async (manager) => {
      for (const [number, detectedAt, equipmentCode, parameter, violationId] of planted) {
        const saved: QualityExceptionEntity = await exceptions.save(
          { number, title: `Planted ${number}`, severity: 'MINOR', status: 'INVESTIGATING', detectedAt: new Date(detectedAt), equipmentCode, parameter },
          manager,
        );
        exceptionIds.set(number, saved.id);
        if (violationId) await exceptions.linkViolation(saved.id, violationId, manager);
      }
    });

    // Inspections, recorded as the service records them, each lot with the material the batch domain names.
    const service = new InspectionService(new InspectionRepository(ds), new LotLookupClient(createGraphClient({ gatewayUrl: () => undefined })), new AuditTrail(ds, 'quality'));
    const inspections: Array<[lot: string, material: string | null, sample: string, result: string, inspectedAt: string, source?: string]> = [
      ['BRL-M1', 'SA-BRL-3001', 'S1', 'FAIL', at('00:30')],
      ['BRL-M1', 'SA-BRL-3001', 'S2', 'PASS', at('00:40')],
      ['BRL-M2', 'SA-BRL-3001', 'S3', 'PASS', at('01:00')],
      ['BRL-M2', 'SA-BRL-3001', 'S4', 'PENDING', at('01:10')],
      ['PLG-M1', 'SA-PLG-3002', 'S5', 'FAIL', at('00:50')],
      ['BRL-M3', 'SA-BRL-3001', 'S6', 'FAIL', at('00:20'), 'SUPPLIER_COA'],
      ['BRL-M1', 'SA-BRL-3001', 'S7', 'FAIL', at('02:00')],
      // Recorded before inspections kept their lot's material.
      ['OLD-1', null, 'S8', 'FAIL', at('01:30')],
    ];
    for (const [lotNumber, materialCode, sampleId, result, inspectedAt, source] of inspections) {
      const lot = { id: deterministicUuid('metric-lot', lotNumber), lotNumber, ...(materialCode ? { materialCode } : {}) };
      const observed = result === 'PENDING' ? {} : source ? { measuredValue: 3.1, unit: 'mm' } : { attributeValue: result === 'PASS' ? 'Gauge engages' : 'Gauge does not engage' };
      const fields = validateInspectionInput(
        { lotNumber, sampleId, stage: source ? 'INCOMING' : 'IN_PROCESS', testName: THREAD, result, inspectedAt: new Date(inspectedAt), source, ...observed } as never,
        inspector.id,
      );
      inspectionIds.set(sampleId, (await service.recordForLot(lot, fields, inspector, `req-${sampleId}`)).id);
    }
    // S1's failure was found by the lot rule and raised EX-2026-0108.
    const findings = new LotFindingRepository(ds);
    const rule: Array<{ id: string }> = await ds.query(`SELECT id FROM quality.quality_rule WHERE code = 'LIMS-ANY'`);
    await ds.transaction(async (manager) => {
      const finding = await findings.insertIfAbsent(
        { key: 'metric-S1', ruleId: rule[0].id, lotId: deterministicUuid('metric-lot', 'BRL-M1'), lotNumber: 'BRL-M1', subject: THREAD, inspectionIds: [inspectionIds.get('S1')!], refusalIds: [], detail: 'S1 FAILED', foundAt: new Date(at('00:30')) },
        manager,
      );
      await findings.link(exceptionIds.get('EX-2026-0108')!, finding!.id, manager);
    });

    // Lot dispositions, as recorded when decided.
    const dispositions = new LotDispositionRepository(ds);
    const decided: Array<[exception: string, lot: string, decision: string, decidedAt: string]> = [
      ['EX-2026-0101', 'LOT-A', 'REWORK', at('00:30')],
      ['EX-2026-0101', 'LOT-B', 'USE_AS_IS', at('00:31')],
      ['EX-2026-0102', 'LOT-C', 'SCRAP', at('01:10')],
      ['EX-2026-0103', 'LOT-D', 'RELEASE', at('00:40')],
      ['EX-2026-0103', 'LOT-E', 'REWORK', at('00:41')],
      ['EX-2026-0105', 'LOT-F', 'RETURN_TO_SUPPLIER', at('01:20')],
      ['EX-2026-0100', 'LOT-G', 'SCRAP', at('23:59', '2026-10-31')],
    ];
    await ds.transaction(async (manager) => {
      for (const [number, lotNumber, decision, decidedAt] of decided) {
        await dispositions.insert(
          { exceptionId: exceptionIds.get(number)!, lotId: deterministicUuid('metric-lot', lotNumber), lotNumber, decision: decision as never, reason: 'Planted', contentHash: 'planted', decidedBy: 'qa.engineer', decidedAt: new Date(decidedAt) },
          manager,
        );
      }
    });
  });

  afterAll(() => running.stop());

  describe('VIOLATION_COUNT', () => {
    it("counts a rule's violations on an equipment that started in the window, over that series' readings", async () => {
      // V0 started before the window (its second reading at 00:00 is in it), V3 at its end (excluded).
      expect(await metric({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01' })).toEqual({
        kind: 'VIOLATION_COUNT', value: 2, sampleSize: 24, count: 2, from: FROM, to: TO,
        description: `Violations of BT3-OOS on IMM-01 ${BT3} from ${FROM} to ${TO}, by their first evidence`,
        exceptionNumbers: ['EX-2026-0101', 'EX-2026-0102'],
      });
    });

    it('counts on every equipment registered for the parameter when none is named', async () => {
      expect(await metric({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS' })).toMatchObject({
        value: 3, sampleSize: 36, count: 3, description: `Violations of BT3-OOS on any equipment ${BT3} from ${FROM} to ${TO}, by their first evidence`,
        exceptionNumbers: ['EX-2026-0101', 'EX-2026-0102', 'EX-2026-0103'],
      });
    });

    it('dates a violation by its first evidence: a run found inside the window but begun before it is not counted, and counts where it began', async () => {
      expect(await metric({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-RUN', equipmentCode: 'IMM-02' })).toMatchObject({ value: 1, sampleSize: 12, count: 1, exceptionNumbers: [] });
      // R1 was found at 00:00 (first_at), from readings measured since 23:50.
      expect(await metric({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-RUN', equipmentCode: 'IMM-02', from: at('23:00', '2026-10-31'), to: at('23:58', '2026-10-31') })).toMatchObject({
        value: 1, sampleSize: 2, count: 1,
      });
    });

    it('takes a window still running, counting what exists so far, and says so', async () => {
      const running = await metric({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01', to: '2099-01-01T00:00:00.000Z' });
      expect(running).toMatchObject({ value: 3, sampleSize: 25, count: 3, to: '2099-01-01T00:00:00.000Z', exceptionNumbers: ['EX-2026-0101', 'EX-2026-0102', 'EX-2026-0106'] });
      expect(running.description).toBe(`Violations of BT3-OOS on IMM-01 ${BT3} from ${FROM} to 2099-01-01T00:00:00.000Z (a window still running: so far), by their first evidence`);
    });
  });

  describe('VIOLATION_RATE', () => {
    it("is the share of the series' readings in the window that are evidence of the rule's violations", async () => {
      // 00:00 (V0's), 00:10 and 00:15 (V1), 01:00 (V2): 4 of 24.
      expect(await metric({ kind: 'VIOLATION_RATE', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01' })).toEqual({
        kind: 'VIOLATION_RATE', value: 4 / 24, sampleSize: 24, count: 4, from: FROM, to: TO,
        description: `Share of the readings of IMM-01 ${BT3} measured from ${FROM} to ${TO} that are evidence of BT3-OOS violations`,
        exceptionNumbers: ['EX-2026-0100', 'EX-2026-0101', 'EX-2026-0102'],
      });
      // A run's evidence is every reading of it: 00:00 (R1's last) and 00:30 to 00:40 (R2).
      expect(await metric({ kind: 'VIOLATION_RATE', ruleCode: 'BT3-RUN', equipmentCode: 'IMM-02' })).toMatchObject({ value: 4 / 12, sampleSize: 12, count: 4 });
      expect(await metric({ kind: 'VIOLATION_RATE', ruleCode: 'BT3-OOS' })).toMatchObject({ value: 5 / 36, sampleSize: 36, count: 5 });
    });

    it('is null over a window without readings', async () => {
      expect(await metric({ kind: 'VIOLATION_RATE', ruleCode: 'BT3-OOS', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })).toMatchObject({
        value: null, sampleSize: 0, count: 0, exceptionNumbers: [],
      });
    });
  });

  describe('INSPECTION_FAILURE_RATE', () => {
    it('is the FAIL share of our own completed inspections of the test in the window, on lots of a material when named', async () => {
      // S1, S2, S3, S5 and S8 (no material); not S4 (PENDING), S6 (the supplier's CoA) nor S7 (at the window's end).
      expect(await metric({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD })).toEqual({
        kind: 'INSPECTION_FAILURE_RATE', value: 3 / 5, sampleSize: 5, count: 3, from: FROM, to: TO,
        description: `Share of our own completed "${THREAD}" inspections inspected from ${FROM} to ${TO} that failed`,
        exceptionNumbers: ['EX-2026-0108'],
      });
      expect(await metric({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-BRL-3001' })).toMatchObject({
        value: 1 / 3, sampleSize: 3, count: 1, exceptionNumbers: ['EX-2026-0108'],
        description: `Share of our own completed "${THREAD}" inspections of lots of SA-BRL-3001 inspected from ${FROM} to ${TO} that failed`,
      });
      expect(await metric({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-PLG-3002' })).toMatchObject({ value: 1, sampleSize: 1, count: 1, exceptionNumbers: [] });
    });

    it('says how many inspections of the window it leaves out by material for having none recorded', async () => {
      // S8 (01:30, FAIL) was recorded before inspections kept their lot's material: counted without a material named,
      // left out with one, and notCounted says so.
      const counted = async (input: Record<string, unknown>) =>
        (await ok<{ qualityMetric: { sampleSize: number; count: number; notCounted: number } }>(
          'query ($input: QualityMetricInput!) { qualityMetric(input: $input) { sampleSize count notCounted } }', { input: { from: FROM, to: TO, ...input } },
        )).qualityMetric;
      expect(await counted({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-PLG-3002' })).toEqual({ sampleSize: 1, count: 1, notCounted: 1 });
      // Before 01:30 every inspection of the window has its material: nothing is left out.
      expect((await counted({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'SA-BRL-3001', to: at('01:30') })).notCounted).toBe(0);
      // Without a material named, S8 is one of the five.
      expect(await counted({ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD })).toMatchObject({ sampleSize: 5, notCounted: 0 });
    });

    it("keeps the lot's material with each inspection, and audits it", async () => {
      const inspections = await new InspectionRepository(running.database.dataSource).findByIds([inspectionIds.get('S1')!, inspectionIds.get('S8')!]);
      expect(inspections.map((inspection) => [inspection.sampleId, inspection.materialCode]).sort()).toEqual([['S1', 'SA-BRL-3001'], ['S8', null]]);
      const shown = await ok<{ inspections: Array<{ sampleId: string; materialCode: string | null }> }>(`query ($ids: [ID!]!) { inspections(ids: $ids) { sampleId materialCode } }`, { ids: [inspectionIds.get('S5')] });
      expect(shown.inspections).toEqual([{ sampleId: 'S5', materialCode: 'SA-PLG-3002' }]);
      const [entry] = await new AuditTrail(running.database.dataSource, 'quality').entriesFor('Inspection', inspectionIds.get('S1')!);
      expect(entry).toMatchObject({ action: 'RECORD_INSPECTION', changes: { materialCode: { new: 'SA-BRL-3001' }, result: { new: 'FAIL' } } });
    });

    it('gives a result recorded PENDING without its material the material when it is completed, audited', async () => {
      const ds = running.database.dataSource;
      const service = new InspectionService(new InspectionRepository(ds), new LotLookupClient(createGraphClient({ gatewayUrl: () => undefined })), new AuditTrail(ds, 'quality'));
      const lot = { id: deterministicUuid('metric-lot', 'OLD-2'), lotNumber: 'OLD-2' };
      const fields = (input: Record<string, unknown>) =>
        validateInspectionInput({ lotNumber: 'OLD-2', sampleId: 'S9', stage: 'IN_PROCESS', testName: THREAD, inspectedAt: new Date('2026-10-15T08:00:00Z'), ...input } as never, inspector.id);
      const pending = await service.recordForLot(lot, fields({ result: 'PENDING' }), inspector, 'req-S9-1');
      expect(pending.materialCode).toBeNull();
      const completed = await service.recordForLot({ ...lot, materialCode: 'SA-BRL-3001' }, fields({ result: 'PASS', attributeValue: 'Gauge engages' }), inspector, 'req-S9-2');
      expect(completed).toMatchObject({ id: pending.id, result: 'PASS', materialCode: 'SA-BRL-3001' });
      const entries = await new AuditTrail(ds, 'quality').entriesFor('Inspection', pending.id);
      expect(entries.map((entry) => entry.action)).toEqual(['RECORD_INSPECTION', 'COMPLETE_INSPECTION']);
      expect(entries[0].changes).not.toHaveProperty('materialCode');
      expect(entries[1].changes).toMatchObject({ result: { old: 'PENDING', new: 'PASS' }, materialCode: { old: null, new: 'SA-BRL-3001' } });
    });
  });

  describe('DISPOSITION_RATE', () => {
    it('is the share of lot dispositions decided in the window that were REWORK or SCRAP unless told', async () => {
      expect(await metric({ kind: 'DISPOSITION_RATE' })).toEqual({
        kind: 'DISPOSITION_RATE', value: 3 / 6, sampleSize: 6, count: 3, from: FROM, to: TO,
        description: `Share of the lot dispositions decided from ${FROM} to ${TO} that were REWORK or SCRAP`,
        exceptionNumbers: ['EX-2026-0101', 'EX-2026-0102', 'EX-2026-0103'],
      });
      expect(await metric({ kind: 'DISPOSITION_RATE', equipmentCode: 'IMM-01' })).toMatchObject({
        value: 2 / 3, sampleSize: 3, count: 2, exceptionNumbers: ['EX-2026-0101', 'EX-2026-0102'],
        description: `Share of the lot dispositions of exceptions raised on IMM-01 decided from ${FROM} to ${TO} that were REWORK or SCRAP`,
      });
      expect(await metric({ kind: 'DISPOSITION_RATE', decisions: ['RETURN_TO_SUPPLIER', 'RETURN_TO_SUPPLIER'] })).toMatchObject({
        value: 1 / 6, sampleSize: 6, count: 1, exceptionNumbers: ['EX-2026-0105'],
      });
    });
  });

  describe('EXCEPTION_COUNT', () => {
    it('counts the exceptions detected in the window, by equipment, parameter or material, and lists them in number order', async () => {
      const numbers = (list: string) => list.split(' ').map((n) => `EX-2026-0${n}`);
      expect(await metric({ kind: 'EXCEPTION_COUNT' })).toEqual({
        kind: 'EXCEPTION_COUNT', value: 7, sampleSize: 7, count: 7, from: FROM, to: TO, description: `Exceptions detected from ${FROM} to ${TO}`,
        exceptionNumbers: numbers('101 102 103 104 105 107 108'),
      });
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ equipmentCode: 'IMM-01' }, '101 102 104', `Exceptions detected on IMM-01 from ${FROM} to ${TO}`],
        [{ equipmentCode: 'IMM-01', parameter: BT3 }, '101 102', `Exceptions detected on IMM-01 ${BT3} from ${FROM} to ${TO}`],
        [{ parameter: BT3 }, '101 102 103', `Exceptions detected on ${BT3} from ${FROM} to ${TO}`],
        [{ materialCode: 'SA-BRL-3001' }, '101 102 103 104', `Exceptions detected on an equipment parameter the catalogue registers for material SA-BRL-3001 from ${FROM} to ${TO}`],
        [{ materialCode: 'SA-PLG-3002' }, '107', `Exceptions detected on an equipment parameter the catalogue registers for material SA-PLG-3002 from ${FROM} to ${TO}`],
      ];
      for (const [filter, expected, description] of cases) {
        const found = await metric({ kind: 'EXCEPTION_COUNT', ...filter });
        const count = expected.split(' ').length;
        expect({ filter, found }).toEqual({ filter, found: { kind: 'EXCEPTION_COUNT', value: count, sampleSize: count, count, from: FROM, to: TO, description, exceptionNumbers: numbers(expected) } });
      }
    });
  });

  it('refuses bad input with an error naming QualityMetric, the field and the reason', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ kind: 'EXCEPTION_COUNT', to: FROM }, 'to', `${FROM} is not after from ${FROM}: the window [from, to) would be empty`],
      [{ kind: 'EXCEPTION_COUNT', from: TO, to: FROM }, 'to', `${FROM} is not after from ${TO}: the window [from, to) would be empty`],
      [{ kind: 'VIOLATION_COUNT' }, 'ruleCode', 'VIOLATION_COUNT needs ruleCode: the reading rule whose violations are measured'],
      [{ kind: 'VIOLATION_RATE', ruleCode: 'BT3-OOS', parameter: BT3 }, 'parameter', 'VIOLATION_RATE does not use parameter; it takes ruleCode and equipmentCode'],
      [{ kind: 'VIOLATION_COUNT', ruleCode: '  ' }, 'ruleCode', 'must not be empty'],
      [{ kind: 'INSPECTION_FAILURE_RATE' }, 'testName', 'INSPECTION_FAILURE_RATE needs testName: the test whose inspections are measured'],
      [{ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, equipmentCode: 'IMM-01' }, 'equipmentCode', 'INSPECTION_FAILURE_RATE does not use equipmentCode; it takes testName and materialCode'],
      [{ kind: 'DISPOSITION_RATE', ruleCode: 'BT3-OOS' }, 'ruleCode', 'DISPOSITION_RATE does not use ruleCode; it takes decisions and equipmentCode'],
      [{ kind: 'EXCEPTION_COUNT', decisions: ['SCRAP'] }, 'decisions', 'EXCEPTION_COUNT does not use decisions; it takes equipmentCode, parameter and materialCode'],
      [{ kind: 'EXCEPTION_COUNT', testName: THREAD }, 'testName', 'EXCEPTION_COUNT does not use testName; it takes equipmentCode, parameter and materialCode'],
      [{ kind: 'VIOLATION_COUNT', ruleCode: 'NO-SUCH-RULE' }, 'ruleCode', 'no rule has the code "NO-SUCH-RULE"'],
      [{ kind: 'VIOLATION_RATE', ruleCode: 'LIMS-ANY' }, 'ruleCode', 'LIMS-ANY is a LIMS_OUT_OF_SPEC rule: it judges lots, not process readings; count the exceptions it raised instead (EXCEPTION_COUNT)'],
      [{ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-03' }, 'equipmentCode', `IMM-03 is not registered for ${BT3} (the parameter of BT3-OOS) in the equipment-parameter catalogue`],
      [{ kind: 'EXCEPTION_COUNT', equipmentCode: 'IMM-99' }, 'equipmentCode', 'equipment "IMM-99" is not in the equipment-parameter catalogue'],
      [{ kind: 'EXCEPTION_COUNT', parameter: 'nozzle_temp' }, 'parameter', 'parameter "nozzle_temp" is not in the equipment-parameter catalogue'],
      [{ kind: 'EXCEPTION_COUNT', equipmentCode: 'IMM-03', parameter: BT3 }, 'parameter', `the equipment-parameter catalogue registers no equipment "IMM-03" with parameter "${BT3}"`],
      [{ kind: 'EXCEPTION_COUNT', materialCode: 'RM-XX-0000' }, 'materialCode', 'material "RM-XX-0000" is not in the equipment-parameter catalogue'],
      [{ kind: 'DISPOSITION_RATE', equipmentCode: 'IMM-99' }, 'equipmentCode', 'equipment "IMM-99" is not in the equipment-parameter catalogue'],
      [{ kind: 'DISPOSITION_RATE', decisions: [] }, 'decisions', 'name at least one decision, or leave decisions out to count REWORK and SCRAP'],
      [{ kind: 'INSPECTION_FAILURE_RATE', testName: 'Never tested' }, 'testName', 'no inspection of ours records the test "Never tested"'],
      [{ kind: 'INSPECTION_FAILURE_RATE', testName: THREAD, materialCode: 'FG-SYR-3ML' }, 'materialCode', `no inspection of ours records the test "${THREAD}" on a lot of material FG-SYR-3ML`],
    ];
    for (const [input, field, reason] of cases) {
      const error = await refusal(input);
      expect({ input, error }).toEqual({ input, error: expect.objectContaining({ message: `QualityMetric.${field}: ${reason}`, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', entity: 'QualityMetric', field }) }) });
    }
    // A decision the enum does not know is refused before anything runs.
    expect((await refusal({ kind: 'DISPOSITION_RATE', decisions: ['BURN'] })).message).toMatch(/DispositionDecision/);
  });

  it('lets readers of quality records read metrics, and not integrations', async () => {
    for (const user of ['operator', 'qc.inspector', 'qa.manager', 'auditor', 'admin']) {
      expect((await metric({ kind: 'EXCEPTION_COUNT' }, findDemoUser(user)!)).count).toBe(7);
    }
    const refused = await querySubgraph(server, METRIC, { input: { kind: 'EXCEPTION_COUNT', from: FROM, to: TO } }, integrator);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.errors![0].message).toMatch(/^integrator \(INTEGRATOR\) may not read Query\.qualityMetric/);
  });

  it('lists exceptions by number and by detection time, for domains that read the ones they link in one call', async () => {
    const numbersOf = async (filter: Record<string, unknown>) =>
      (await ok<{ exceptions: { totalCount: number; edges: Array<{ node: { number: string } }> } }>(EXCEPTIONS, { filter })).exceptions.edges.map((edge) => edge.node.number);
    expect(await numbersOf({ numbers: ['EX-2026-0103', ' EX-2026-0101', 'EX-2026-9999'] })).toEqual(['EX-2026-0101', 'EX-2026-0103']);
    expect(await numbersOf({ numbers: [] })).toEqual([]);
    expect(await numbersOf({ detectedFrom: FROM, detectedTo: TO })).toEqual(['EX-2026-0101', 'EX-2026-0102', 'EX-2026-0103', 'EX-2026-0104', 'EX-2026-0105', 'EX-2026-0107', 'EX-2026-0108']);
    expect(await numbersOf({ detectedFrom: TO })).toEqual(['EX-2026-0106']);
    expect(await numbersOf({ detectedTo: FROM, numbers: ['EX-2026-0100', 'EX-2026-0101'] })).toEqual(['EX-2026-0100']);
    const refused = await querySubgraph(server, EXCEPTIONS, { filter: { detectedFrom: TO, detectedTo: FROM } });
    expect(refused.errors![0]).toMatchObject({ message: `ExceptionFilter.detectedTo: ${FROM} is before detectedFrom ${TO}`, extensions: { code: 'BAD_USER_INPUT', field: 'detectedTo' } });
  });
});
