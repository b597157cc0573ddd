import { randomUUID } from 'node:crypto';
import {
  AuditTrail,
  Outbox,
  USAGE_GUARD_USER,
  createGraphClient,
  findDemoUser,
  querySubgraph,
  startSubgraphForTest,
  type RunningSubgraph,
  type SubgraphServer,
} from '@lotgraph/server';
import { InspectionRepository, InspectionService, createQualityDatabase, createQualityServer, validateInspectionInput } from '../src/server';
import { LotLookupClient } from '../src/lot/lot-lookup.client';
import { LotRuleEngine } from '../src/lot-rule/lot-rule-engine';
import { LotFindingRepository } from '../src/lot-rule/lot-finding.repository';
import { QualityRuleRepository } from '../src/rule/quality-rule.repository';
import { convertUnit } from '../src/lot-rule/unit-conversion';
import { allowedDifference } from '../src/lot-rule/lot-rule-evaluator';
import { checkRelease } from '../src/release/release-check';

const DEFINE_RULE = `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code kind parameter settings } }`;
const RECORD_REFUSAL = `mutation ($input: LotUsageRefusalInput!) { recordLotUsageRefusal(input: $input) { refusalId lotNumber attemptedUse lotStatus } }`;

describe('lot rules (LIMS out of spec, CoA disagreement, held lot use) against a real database', () => {
  let running: RunningSubgraph;
  let server: SubgraphServer;
  let service: InspectionService;
  let findings: LotFindingRepository;
  const engineer = findDemoUser('qa.engineer')!;
  const integrator = findDemoUser('integrator')!;
  const resin = { id: randomUUID(), lotNumber: 'RPP-LR-001' };

  const define = (input: Record<string, unknown>) => querySubgraph<{ defineQualityRule: Record<string, unknown> }>(server, DEFINE_RULE, { input }, engineer);
  const record = (input: Record<string, unknown>, lot = resin) =>
    service.recordForLot(lot, validateInspectionInput({ lotNumber: lot.lotNumber, stage: 'INCOMING', required: true, ...input } as never, integrator.id), integrator, null);
  const findingsOf = async (lotId: string) =>
    (await running.database.dataSource.query(
      `SELECT r.code, f.detail, f.inspection_ids, f.refusal_ids FROM quality.lot_finding f JOIN quality.quality_rule r ON r.id = f.rule_id WHERE f.lot_id = $1 ORDER BY f.created_at, f.id`,
      [lotId],
    )) as Array<{ code: string; detail: string; inspection_ids: string[]; refusal_ids: string[] }>;
  const raiseRequests = async () => (await running.database.dataSource.query(`SELECT count(*)::int AS n FROM quality.outbox_message WHERE topic = 'quality.raiseLotFinding'`))[0].n as number;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    server = running.server;
    const ds = running.database.dataSource;
    const inspections = new InspectionRepository(ds);
    findings = new LotFindingRepository(ds);
    const engine = new LotRuleEngine(new QualityRuleRepository(ds), inspections, findings, new Outbox(ds, 'quality'), new AuditTrail(ds, 'quality'));
    // recordForLot is given the lot; finding it by number through the graph is the gateway tests' part.
    service = new InspectionService(inspections, new LotLookupClient(createGraphClient({ gatewayUrl: () => undefined })), new AuditTrail(ds, 'quality'), engine);
  });

  afterAll(() => running.stop());

  it('refuses lot rules with settings they do not take, naming the setting and the reason', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ code: 'R-COA-0', kind: 'COA_DISAGREEMENT', parameter: 'Melt flow rate' }, 'QualityRule R-COA-0.settings: COA_DISAGREEMENT needs a tolerance: absoluteTolerance (in the test unit) and/or relativeTolerance (a fraction of the CoA value)'],
      [{ code: 'R-COA-1', kind: 'COA_DISAGREEMENT', parameter: 'Melt flow rate', settings: { absoluteTolerance: -1 } }, 'QualityRule R-COA-1.settings.absoluteTolerance: must be a number of at least 0, not -1'],
      [{ code: 'R-COA-2', kind: 'COA_DISAGREEMENT', parameter: 'Melt flow rate', settings: { tolerance: 0.5 } }, 'QualityRule R-COA-2.settings.tolerance: unknown setting for COA_DISAGREEMENT; known: absoluteTolerance, relativeTolerance'],
      [{ code: 'R-LIMS-0', kind: 'LIMS_OUT_OF_SPEC', parameter: '*', settings: { windowMinutes: 60 } }, 'QualityRule R-LIMS-0.settings.windowMinutes: unknown setting for LIMS_OUT_OF_SPEC; it takes none'],
      [{ code: 'R-HELD-0', kind: 'HELD_LOT_USE', parameter: 'BARREL_TEMP' }, 'QualityRule R-HELD-0.parameter: HELD_LOT_USE judges a refused use of a lot: CONSUME, MOVE, SHIP or * for any, not BARREL_TEMP'],
    ];
    for (const [input, message] of cases) {
      const response = await define(input);
      expect(response.errors?.map((e) => e.message)).toEqual([message]);
    }
    expect(await running.database.dataSource.query(`SELECT code FROM quality.quality_rule`)).toEqual([]);
  });

  it('finds our own FAIL, and a PASS outside the limits sent with it, once each; not a CoA value, not PENDING', async () => {
    expect((await define({ code: 'R-LIMS', kind: 'LIMS_OUT_OF_SPEC', parameter: '*' })).errors).toBeUndefined();
    const fail = await record({ sampleId: 'S-1', testName: 'Tensile strength', result: 'FAIL', measuredValue: 18, unit: 'MPa', lowerLimit: 20 });
    const outside = await record({ sampleId: 'S-2', testName: 'Melt flow rate', result: 'PASS', measuredValue: 14.6, unit: 'g/10 min', lowerLimit: 10, upperLimit: 14 });
    await record({ sampleId: 'S-3', testName: 'Density', result: 'PASS', measuredValue: 0.905, unit: 'g/cm3', lowerLimit: 0.9, upperLimit: 0.91 });
    await record({ sampleId: 'COA-77', source: 'SUPPLIER_COA', testName: 'Ash content', result: 'FAIL', measuredValue: 0.5, unit: '%' });
    const pending = await record({ sampleId: 'S-4', testName: 'Colour', result: 'PENDING' });
    expect(pending.result).toBe('PENDING');
    // The same results sent again (a LIMS retry) find nothing new.
    await record({ sampleId: 'S-1', testName: 'Tensile strength', result: 'FAIL', measuredValue: 18, unit: 'MPa', lowerLimit: 20 });

    expect(await findingsOf(resin.id)).toEqual([
      { code: 'R-LIMS', detail: '"Tensile strength" on sample S-1 of lot RPP-LR-001 FAILED (18 MPa, limits 20..∞)', inspection_ids: [fail.id], refusal_ids: [] },
      { code: 'R-LIMS', detail: '"Melt flow rate" on sample S-2 of lot RPP-LR-001 measured 14.6 g/10 min, outside the limits 10..14 given with it', inspection_ids: [outside.id], refusal_ids: [] },
    ]);
    expect(await raiseRequests()).toBe(2);
    // Completing the PENDING result as FAIL is a finding too.
    await record({ sampleId: 'S-4', testName: 'Colour', result: 'FAIL', attributeValue: 'yellowish' });
    expect((await findingsOf(resin.id)).map((f) => f.detail).at(-1)).toBe('"Colour" on sample S-4 of lot RPP-LR-001 FAILED');
  });

  it('compares our value with the supplier CoA value of the same lot and test, whichever arrives first, within max(absolute, relative × CoA)', async () => {
    expect(allowedDifference({ absoluteTolerance: 0.5, relativeTolerance: 0.1 }, 12)).toBeCloseTo(1.2);
    expect(allowedDifference({ absoluteTolerance: 0.5 }, 12)).toBe(0.5);
    const defined = await define({ code: 'R-COA', kind: 'COA_DISAGREEMENT', parameter: 'Melt flow rate', settings: { absoluteTolerance: 0.5 } });
    expect(defined.data!.defineQualityRule).toEqual({ code: 'R-COA', kind: 'COA_DISAGREEMENT', parameter: 'Melt flow rate', settings: { absoluteTolerance: 0.5 } });
    const lot = { id: randomUUID(), lotNumber: 'RPP-LR-002' };
    const coa = await record({ sampleId: 'COA-9001', source: 'SUPPLIER_COA', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.0, unit: 'g/10 min' }, lot);
    await record({ sampleId: 'S-10', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.4, unit: 'g/10 min' }, lot);
    expect(await findingsOf(lot.id)).toEqual([]);
    // A unit that cannot be converted into ours is no proof either way: a finding asking for a comparison by hand.
    const perMinute = await record({ sampleId: 'S-11', testName: 'Melt flow rate', result: 'PASS', measuredValue: 1.3, unit: 'g/min' }, lot);
    const own = await record({ sampleId: 'S-12', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.9, unit: 'g/10 min' }, lot);
    expect(await findingsOf(lot.id)).toEqual([
      {
        code: 'R-COA',
        detail: `"Melt flow rate" of lot RPP-LR-002: our 1.3 g/min (sample S-11) and the supplier's CoA 12 g/10 min (COA-9001) cannot be compared: g/10 min cannot be converted into g/min; compare them by hand`,
        inspection_ids: [perMinute.id, coa.id],
        refusal_ids: [],
      },
      {
        code: 'R-COA',
        detail: `"Melt flow rate" of lot RPP-LR-002: our 12.9 g/10 min (sample S-12) and the supplier's CoA 12 g/10 min (COA-9001) differ by 0.9, more than the 0.5 allowed`,
        inspection_ids: [own.id, coa.id],
        refusal_ids: [],
      },
    ]);
    // The CoA arriving after our value is judged the same way.
    const later = { id: randomUUID(), lotNumber: 'RPP-LR-003' };
    await record({ sampleId: 'S-20', testName: 'Melt flow rate', result: 'PASS', measuredValue: 11.0, unit: 'g/10 min' }, later);
    await record({ sampleId: 'COA-9002', source: 'SUPPLIER_COA', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.0, unit: 'g/10 min' }, later);
    expect((await findingsOf(later.id)).map((f) => f.code)).toEqual(['R-COA']);
  });

  it("converts the CoA value into our unit before comparing (psi against MPa), the tolerance being in ours", async () => {
    expect(convertUnit(449.6, '°F', '°C')).toBeCloseTo(232);
    expect(convertUnit(25, 'µm', 'mm')).toBeCloseTo(0.025);
    expect(convertUnit(1, 'MPa', 'mm')).toBeNull();
    expect(convertUnit(293.15, 'K', 'deg C')).toBeCloseTo(20);
    expect(convertUnit(2, 'μm', 'µm')).toBe(2);
    // Case matters: a millipascal is not a megapascal.
    expect(convertUnit(1, 'mPa', 'MPa')).toBeNull();
    await define({ code: 'R-COA-TS', kind: 'COA_DISAGREEMENT', parameter: 'Tensile strength', settings: { absoluteTolerance: 1 } });
    const lot = { id: randomUUID(), lotNumber: 'RPP-LR-006' };
    const coa = await record({ sampleId: 'COA-TS-1', source: 'SUPPLIER_COA', testName: 'Tensile strength', result: 'PASS', measuredValue: 5000, unit: 'psi' }, lot);
    await record({ sampleId: 'S-TS-1', testName: 'Tensile strength', result: 'PASS', measuredValue: 34.0, unit: 'MPa' }, lot);
    expect(await findingsOf(lot.id)).toEqual([]);
    const own = await record({ sampleId: 'S-TS-2', testName: 'Tensile strength', result: 'PASS', measuredValue: 36.0, unit: 'MPa' }, lot);
    expect(await findingsOf(lot.id)).toEqual([
      {
        code: 'R-COA-TS',
        detail: `"Tensile strength" of lot RPP-LR-006: our 36 MPa (sample S-TS-2) and the supplier's CoA 5000 psi (COA-TS-1) (34.473786 MPa) differ by 1.526214, more than the 1 allowed`,
        inspection_ids: [own.id, coa.id],
        refusal_ids: [],
      },
    ]);
  });

  it('finds the disagreement once when our value and the CoA value are recorded at the same moment', async () => {
    const lot = { id: randomUUID(), lotNumber: 'RPP-LR-005' };
    await Promise.all([
      record({ sampleId: 'COA-9003', source: 'SUPPLIER_COA', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.0, unit: 'g/10 min' }, lot),
      record({ sampleId: 'S-30', testName: 'Melt flow rate', result: 'PASS', measuredValue: 13.0, unit: 'g/10 min' }, lot),
    ]);
    expect((await findingsOf(lot.id)).map((f) => f.code)).toEqual(['R-COA']);
  });

  it('keeps a supplier CoA value beside our own result for the same sample id, and never counts it for release', async () => {
    const lot = { id: randomUUID(), lotNumber: 'RPP-LR-004' };
    const coa = await record({ sampleId: 'S-1', source: 'SUPPLIER_COA', testName: 'Density', result: 'PASS', measuredValue: 0.905, unit: 'g/cm3' }, lot);
    const own = await record({ sampleId: 'S-1', testName: 'Density', result: 'PENDING' }, lot);
    expect(own.id).not.toBe(coa.id);
    expect(checkRelease([], [coa]).reasons).toEqual(['No required inspection is recorded for this lot']);
    expect(checkRelease([], [coa, own]).reasons).toEqual(['Required INCOMING inspection "Density" on sample S-1 has no result yet (PENDING)']);
    const input = { lotNumber: lot.lotNumber, sampleId: 'S-2', stage: 'FINAL', testName: 'Density', source: 'SUPPLIER_COA', result: 'PASS', measuredValue: 1, unit: 'g/cm3' };
    expect(() => validateInspectionInput(input as never, integrator.id)).toThrow(`Inspection.stage: "Density" on sample S-2 of lot RPP-LR-004: a supplier's certificate of analysis comes with purchased material, at the INCOMING stage, not FINAL`);
    expect(() => validateInspectionInput({ ...input, source: 'OWN', lowerLimit: 2, upperLimit: 1 } as never, integrator.id)).toThrow('Inspection.upperLimit: "Density" on sample S-2 of lot RPP-LR-004: the upper limit 1 is below the lower limit 2');
  });

  it('records each refused use once (only from the batch usage guard) and finds it by the HELD_LOT_USE rules', async () => {
    expect((await define({ code: 'R-HELD', kind: 'HELD_LOT_USE', parameter: '*' })).errors).toBeUndefined();
    expect((await define({ code: 'R-HELD-SHIP', kind: 'HELD_LOT_USE', parameter: 'SHIP' })).errors).toBeUndefined();
    const lot = { id: randomUUID(), lotNumber: 'BRL-LR-001' };
    const refusal = { refusalId: randomUUID(), lotId: lot.id, lotNumber: lot.lotNumber, attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD', reference: 'PO-LR-1', attemptedBy: 'operator', attemptedAt: '2026-11-21T08:00:00Z' };
    const forged = await querySubgraph(server, RECORD_REFUSAL, { input: refusal }, integrator);
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    for (let i = 0; i < 2; i++) {
      const told = await querySubgraph(server, RECORD_REFUSAL, { input: refusal }, USAGE_GUARD_USER);
      expect(told.errors).toBeUndefined();
      expect(told.data).toEqual({ recordLotUsageRefusal: { refusalId: refusal.refusalId, lotNumber: lot.lotNumber, attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD' } });
    }
    const bad = await querySubgraph(server, RECORD_REFUSAL, { input: { ...refusal, refusalId: randomUUID(), attemptedUse: 'BORROW' } }, USAGE_GUARD_USER);
    expect(bad.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/^LotUsageRefusal .*\.attemptedUse: must be one of CONSUME, MOVE, SHIP, not BORROW$/)]);
    // CONSUME matches the rule for any use, not the one for SHIP.
    expect(await findingsOf(lot.id)).toEqual([
      { code: 'R-HELD', detail: 'operator tried to consume lot BRL-LR-001 (PO-LR-1) while it was ON_HOLD; the batch domain refused', inspection_ids: [], refusal_ids: [refusal.refusalId] },
    ]);
    const entries = await running.database.dataSource.query(`SELECT action, actor_id FROM quality.audit_entry WHERE entity_id IN ($1, (SELECT id::text FROM quality.lot_finding WHERE lot_id = $2)) ORDER BY seq`, [refusal.refusalId, lot.id]);
    expect(entries).toEqual([{ action: 'RECORD_USAGE_REFUSAL', actor_id: 'batch.usage-guard' }, { action: 'FIND_LOT_RULE', actor_id: 'batch.usage-guard' }]);
  });

  it('applies a lot rule defined for every test (*) to any test name', async () => {
    const rules = await new QualityRuleRepository(running.database.dataSource).enabledOfKinds(['LIMS_OUT_OF_SPEC'], 'Anything');
    expect(rules.map((r) => r.code)).toEqual(['R-LIMS']);
  });
});
