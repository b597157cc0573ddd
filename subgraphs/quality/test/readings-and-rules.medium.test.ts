import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphServer } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from '../src/server';
import { SPC_RULES, SPC_SCENARIOS, minute } from './spc-fixture';

const REGISTER = `mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { equipmentCode } }`;
const CREATE_SPEC = `mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { specNumber version status } }`;
const DEFINE_RULE = `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code } }`;
const RECORD = `mutation ($readings: [ReadingInput!]!) {
  recordReadings(readings: $readings) { accepted duplicates rejected results { index readingId outcome reason violations { id } } }
}`;
const VIOLATIONS = `query ($filter: RuleViolationFilter) {
  ruleViolations(filter: $filter, first: 100) { totalCount edges { node { rule { code } equipmentCode parameter detail test testName evidence { readingId value } } } }
}`;

type Report = { accepted: number; duplicates: number; rejected: number; results: Array<{ index: number; readingId: string | null; outcome: string; reason: string | null; violations: Array<{ id: string }> }> };
type Violation = {
  rule: { code: string }; equipmentCode: string; parameter: string; detail: string; test: string | null; testName: string | null; evidence: Array<{ readingId: string; value: number }>;
};

const EQUIPMENT = [...SPC_SCENARIOS.map((s) => s.equipment), 'IMM-16'];
const LIMITS_V1 = { parameter: 'BARREL_TEMP', unit: '°C', lsl: 220, usl: 240, target: 230, lowerWarning: 224, upperWarning: 236, critical: true };
const LIMITS_V2 = { parameter: 'BARREL_TEMP', unit: '°C', lsl: 222, usl: 238, target: 230, lowerWarning: 225, upperWarning: 235, critical: true };
const SPEC = { specNumber: 'SPEC-BRL-MOULD', materialCode: 'SA-BRL-3001', operation: 'MOULDING' };

describe('process readings, specifications and rules against a real database', () => {
  let running: RunningSubgraph;
  let server: SubgraphServer;
  const engineer = findDemoUser('qa.engineer')!;
  const integrator = findDemoUser('integrator')!;

  const ok = async <T>(query: string, variables: Record<string, unknown>, user = engineer): Promise<T> => {
    const response = await querySubgraph<T>(server, query, variables, user);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const record = async (readings: Array<Record<string, unknown>>) => (await ok<{ recordReadings: Report }>(RECORD, { readings }, integrator)).recordReadings;
  const violations = async (filter: Record<string, unknown> = {}) =>
    (await ok<{ ruleViolations: { totalCount: number; edges: Array<{ node: Violation }> } }>(VIOLATIONS, { filter })).ruleViolations.edges.map((e) => e.node);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    server = running.server;
    for (const equipmentCode of EQUIPMENT) {
      await ok(REGISTER, { input: { equipmentCode, parameter: 'BARREL_TEMP', materialCode: SPEC.materialCode, operation: SPEC.operation, unit: '°C' } });
    }
    await ok(CREATE_SPEC, { input: { ...SPEC, effectiveFrom: '2026-11-01T00:00:00Z', parameters: [LIMITS_V1] } });
    // The signed approval (through the compliance domain's verifySigner) is tested through the gateway; here the
    // fixture marks v1 approved as that approval would.
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now() WHERE version = 1`);
    await ok(CREATE_SPEC, { input: { ...SPEC, effectiveFrom: '2026-11-15T00:00:00Z', parameters: [LIMITS_V2] } });
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now() WHERE version = 2`);
    for (const rule of SPC_RULES) await ok(DEFINE_RULE, { input: { ...rule, parameter: 'BARREL_TEMP', settings: { ...rule.settings, windowMinutes: 60 } } });
  });

  afterAll(() => running.stop());

  it('finds exactly the documented violations of the SPC test set, one per cause', async () => {
    for (const scenario of SPC_SCENARIOS) {
      const report = await record(
        scenario.values.map((value, i) => ({ readingId: `${scenario.equipment}-${i}`, equipmentCode: scenario.equipment, parameter: 'BARREL_TEMP', value: String(value), measuredAt: minute(i) })),
      );
      expect(report).toMatchObject({ accepted: scenario.values.length, duplicates: 0, rejected: 0 });
    }
    for (const scenario of SPC_SCENARIOS) {
      const found = await violations({ equipmentCode: scenario.equipment });
      const asEvidence = Object.fromEntries(found.map((v) => [v.rule.code, v.evidence.map((e) => e.readingId).sort()]));
      const expected = Object.fromEntries(Object.entries(scenario.expected).map(([code, idx]) => [code, idx.map((i) => `${scenario.equipment}-${i}`).sort()]));
      expect({ equipment: scenario.equipment, violations: asEvidence }).toEqual({ equipment: scenario.equipment, violations: expected });
      expect(found).toHaveLength(Object.keys(scenario.expected).length);
    }
  });

  it('names the test each SPC violation fails, first in its detail; other kinds name none', async () => {
    const named = async (equipmentCode: string) => (await violations({ equipmentCode })).map((v) => ({ rule: v.rule.code, test: v.test, testName: v.testName, detail: v.detail }));
    expect(await named('IMM-25')).toEqual([
      { rule: 'R-2OF3', test: 'NELSON_5', testName: 'Nelson 5: 2 of 3 beyond 2σ, same side', detail: 'Nelson 5: 2 of 3 beyond 2σ, same side — 2 of the last 3 readings more than 2σ above the centre line 230 (σ 1)' },
    ]);
    expect(await named('IMM-28')).toEqual([
      { rule: 'R-4OF5', test: 'NELSON_6', testName: 'Nelson 6: 4 of 5 beyond 1σ, same side', detail: 'Nelson 6: 4 of 5 beyond 1σ, same side — 4 of the last 5 readings more than 1σ below the centre line 230 (σ 1)' },
    ]);
    expect(await named('IMM-24')).toEqual([
      { rule: 'R-ALT', test: 'NELSON_4', testName: 'Nelson 4: 14 in a row alternating up and down', detail: 'Nelson 4: 14 in a row alternating up and down — 14 readings in a row alternating up and down' },
    ]);
    const tests = new Map<string, string>();
    for (const scenario of SPC_SCENARIOS) {
      for (const v of await violations({ equipmentCode: scenario.equipment })) {
        if (v.testName) {
          expect(v.detail.startsWith(`${v.testName} — `)).toBe(true);
          tests.set(v.rule.code, v.test!);
        } else expect(v.test).toBeNull();
      }
    }
    expect(Object.fromEntries(tests)).toEqual({
      'R-3S': 'NELSON_1', 'R-RUN': 'NELSON_2', 'R-TREND': 'NELSON_3', 'R-ALT': 'NELSON_4', 'R-2OF3': 'NELSON_5', 'R-4OF5': 'NELSON_6', 'R-STRAT': 'NELSON_7', 'R-MIX': 'NELSON_8',
    });
  });

  it('opens a new violation for a recurrence after the window, and sending the same readings again changes nothing', async () => {
    const later = { readingId: 'IMM-14-late', equipmentCode: 'IMM-14', parameter: 'BARREL_TEMP', value: '239.2', measuredAt: minute(180) };
    const first = await record([later]);
    expect(first.results[0]).toMatchObject({ outcome: 'ACCEPTED' });
    // Out of spec and beyond 3σ; and next in the series to the burst (239, 240.5, 239.5, then 230), 2 of 3 beyond 2σ
    // and 4 of 5 beyond 1σ: tests 5 and 6 count readings, not minutes.
    expect(first.results[0].violations).toHaveLength(4);
    const oos = await violations({ equipmentCode: 'IMM-14', ruleCode: 'R-OOS' });
    expect(oos.map((v) => v.evidence.length)).toEqual([3, 1]);

    const again = await record([later, { readingId: 'IMM-11-4', equipmentCode: 'IMM-11', parameter: 'BARREL_TEMP', value: '233.5', measuredAt: minute(4) }]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    expect(await violations({ equipmentCode: 'IMM-14', ruleCode: 'R-OOS' })).toEqual(oos);
  });

  it('judges each reading against the specification version in force at its own time, even out of order', async () => {
    // 239 °C is out of spec under v2 (USL 238, from 2026-11-15) but not under v1 (USL 240). The later one arrives first.
    const report = await record([
      { readingId: 'V-late', equipmentCode: 'IMM-16', parameter: 'BARREL_TEMP', value: '239', measuredAt: '2026-11-16T10:00:00Z' },
      { readingId: 'V-early', equipmentCode: 'IMM-16', parameter: 'BARREL_TEMP', value: '239', measuredAt: '2026-11-10T10:00:00Z' },
    ]);
    expect(report.accepted).toBe(2);
    const oos = await violations({ equipmentCode: 'IMM-16', ruleCode: 'R-OOS' });
    expect(oos.map((v) => v.evidence.map((e) => e.readingId))).toEqual([['V-late']]);
    // A draft version is not in force: v3 (USL 235 from 2026-11-17) is not approved, so 236 °C then is in spec.
    await ok(CREATE_SPEC, { input: { ...SPEC, effectiveFrom: '2026-11-17T00:00:00Z', parameters: [{ ...LIMITS_V2, usl: 235, upperWarning: 234 }] } });
    await record([{ readingId: 'V-draft', equipmentCode: 'IMM-16', parameter: 'BARREL_TEMP', value: '236', measuredAt: '2026-11-18T10:00:00Z' }]);
    expect((await violations({ equipmentCode: 'IMM-16', ruleCode: 'R-OOS' })).flatMap((v) => v.evidence.map((e) => e.readingId))).toEqual(['V-late']);
  });

  it('rejects bad readings one by one with the reason, keeps them, and accepts the good ones beside them', async () => {
    const good = { equipmentCode: 'IMM-10', parameter: 'BARREL_TEMP', value: '230.0', measuredAt: minute(30) };
    const report = await record([
      { ...good, readingId: 'B-1', value: 'hot' },
      { ...good, readingId: 'B-2', equipmentCode: 'IMM-99' },
      { ...good, readingId: 'B-3', parameter: 'SCREW_SPEED' },
      { ...good, readingId: 'B-4', measuredAt: 'yesterday' },
      { ...good, readingId: 'IMM-10-0', value: '231' },
      { ...good, readingId: 'B-6' },
    ]);
    expect(report).toMatchObject({ accepted: 1, duplicates: 0, rejected: 5 });
    expect(report.results.map((r) => r.reason)).toEqual([
      'value: "hot" is not a plain decimal number (such as 241.5 or -0.25)',
      'equipmentCode: equipment IMM-99 is unknown to the quality domain',
      'parameter: equipment IMM-10 does not measure SCREW_SPEED',
      'measuredAt: "yesterday" is not an RFC 3339 date-time such as 2026-11-21T08:30:00Z',
      'readingId: IMM-10-0 was already recorded with different content (IMM-10 BARREL_TEMP 229.5 at 2026-11-20T08:00:00.000Z)',
      null,
    ]);
    const kept: Array<{ reading_id: string; reason: string }> = await running.database.dataSource.query('SELECT reading_id, reason FROM quality.rejected_reading ORDER BY recorded_at, id');
    expect(kept.map((r) => r.reading_id)).toEqual(['B-1', 'B-2', 'B-3', 'B-4', 'IMM-10-0']);
  });

  it('refuses a specification with inverted or misplaced limits or an unknown parameter, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lsl: 241 }, 'Specification SPEC-BAD.parameters[BARREL_TEMP].lsl: the lower specification limit 241 is above the upper limit 240'],
      [{ upperWarning: 241 }, 'Specification SPEC-BAD.parameters[BARREL_TEMP].upperWarning: warning limit 241 is outside the specification limits 220..240'],
      [{ lowerWarning: 219 }, 'Specification SPEC-BAD.parameters[BARREL_TEMP].lowerWarning: warning limit 219 is outside the specification limits 220..240'],
      [{ parameter: 'HOLD_PRESSURE' }, 'Specification SPEC-BAD.parameters[HOLD_PRESSURE].parameter: no equipment measures HOLD_PRESSURE for material SA-BRL-3001 at MOULDING; register it first (registerEquipmentParameter)'],
    ];
    for (const [change, message] of cases) {
      const response = await querySubgraph(server, CREATE_SPEC, { input: { ...SPEC, specNumber: 'SPEC-BAD', effectiveFrom: '2026-11-01T00:00:00Z', parameters: [{ ...LIMITS_V1, ...change }] } }, engineer);
      expect(response.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    }
    expect((await ok<{ specifications: unknown[] }>('{ specifications(specNumber: "SPEC-BAD") { version } }', {})).specifications).toEqual([]);
  });

  it('lets only integrations and operators send readings', async () => {
    const response = await querySubgraph(server, RECORD, { readings: [] }, findDemoUser('auditor')!);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('takes the same rule sent again (settings in any key order) as a retry, and refuses a run of one reading', async () => {
    const rule = { code: 'R-RETRY-RUN', kind: 'SPC_RUN_ONE_SIDE', parameter: 'BARREL_TEMP', settings: { baselineFrom: '2026-11-01T00:00:00Z', baselineTo: '2026-11-02T00:00:00Z', runLength: 7 } };
    await ok(DEFINE_RULE, { input: rule });
    const reordered = { ...rule, settings: { runLength: 7, baselineTo: '2026-11-02T00:00:00Z', baselineFrom: '2026-11-01T00:00:00Z' } };
    expect(await ok(DEFINE_RULE, { input: reordered })).toEqual({ defineQualityRule: { code: 'R-RETRY-RUN' } });
    const one = await querySubgraph(server, DEFINE_RULE, { input: { code: 'R-TREND-1', kind: 'SPC_TREND', parameter: 'BARREL_TEMP', settings: { trendLength: 1 } } }, engineer);
    expect(one.errors?.[0].message).toBe('QualityRule R-TREND-1.settings.trendLength: must be a whole number of readings, at least 2, not 1');
  });
});
