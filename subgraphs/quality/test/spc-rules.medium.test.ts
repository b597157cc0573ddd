import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from '../src/server';

const engineer = findDemoUser('qa.engineer')!;
const integrator = findDemoUser('integrator')!;
const SPEC = { specNumber: 'SPEC-SPC-RULES', materialCode: 'SA-BRL-3001', operation: 'MOULDING' };
const start = Date.parse('2026-11-20T08:00:00Z');
const at = (i: number) => new Date(start + i * 60_000).toISOString();
const DEFINE = `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code test testName } }`;

type Violation = { rule: { code: string }; test: string | null; testName: string | null; detail: string; evidence: Array<{ readingId: string }> };

describe('SPC rule settings, the Western Electric convention and PPK_BELOW, against a real database', () => {
  let running: RunningSubgraph;
  const ask = <T>(query: string, variables: Record<string, unknown>, user = engineer) => querySubgraph<T>(running.server, query, variables, user);
  const define = (input: Record<string, unknown>) => ask<{ defineQualityRule: { code: string; test: string | null; testName: string | null } }>(DEFINE, { input });
  const record = async (equipmentCode: string, parameter: string, values: number[]) => {
    const response = await ask<{ recordReadings: { accepted: number } }>(`mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }`, {
      readings: values.map((value, i) => ({ readingId: `${equipmentCode}-${parameter}-${i}`, equipmentCode, parameter, value: String(value), measuredAt: at(i) })),
    }, integrator);
    expect(response.data?.recordReadings.accepted).toBe(values.length);
  };
  const violations = async (equipmentCode: string) =>
    (await ask<{ ruleViolations: { edges: Array<{ node: Violation }> } }>(
      `query ($equipment: String!) { ruleViolations(filter: { equipmentCode: $equipment }) { edges { node { rule { code } test testName detail evidence { readingId } } } } }`,
      { equipment: equipmentCode },
    )).data!.ruleViolations.edges.map((e) => e.node);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    for (const [equipmentCode, parameter] of [['IMM-W1', 'MOULD_TEMP'], ['IMM-W2', 'MOULD_TEMP'], ['IMM-P1', 'BARREL_TEMP']]) {
      await ask(`mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { unit } }`, {
        input: { equipmentCode, parameter, materialCode: SPEC.materialCode, operation: SPEC.operation, unit: '°C' },
      });
    }
    await ask(`mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { status } }`, {
      input: { ...SPEC, effectiveFrom: '2026-11-01T00:00:00Z', parameters: [{ parameter: 'BARREL_TEMP', unit: '°C', lsl: 220, usl: 240 }, { parameter: 'MOULD_TEMP', unit: '°C', lsl: 50, usl: 70 }] },
    });
    // The signed approval goes through the compliance domain (tested through the gateway); the fixture approves it.
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
  });

  afterAll(() => running.stop());

  it('gives the Western Electric rules their defaults and names: WE4 is 8 in a row, not 9', async () => {
    const we = { centre: 60, sigma: 0.5, convention: 'WESTERN_ELECTRIC' };
    const rules = [
      { code: 'WE-1', kind: 'SPC_BEYOND_3_SIGMA' },
      { code: 'WE-2', kind: 'SPC_2_OF_3_BEYOND_2_SIGMA' },
      { code: 'WE-3', kind: 'SPC_4_OF_5_BEYOND_1_SIGMA' },
      { code: 'WE-4', kind: 'SPC_RUN_ONE_SIDE' },
    ];
    const defined = [];
    for (const rule of rules) defined.push((await define({ ...rule, parameter: 'MOULD_TEMP', settings: we })).data!.defineQualityRule);
    expect(defined).toEqual([
      { code: 'WE-1', test: 'NELSON_1', testName: 'Western Electric 1: 1 point beyond 3σ' },
      { code: 'WE-2', test: 'NELSON_5', testName: 'Western Electric 2: 2 of 3 beyond 2σ, same side' },
      { code: 'WE-3', test: 'NELSON_6', testName: 'Western Electric 3: 4 of 5 beyond 1σ, same side' },
      { code: 'WE-4', test: 'NELSON_2', testName: 'Western Electric 4: 8 in a row on one side' },
    ]);
    // Eight readings above the centre line, within 1σ: WE4 on the eighth (Nelson 2 would wait for a ninth).
    await record('IMM-W1', 'MOULD_TEMP', [60.2, 60.3, 60.1, 60.4, 60.2, 60.3, 60.1, 60.2]);
    expect(await violations('IMM-W1')).toEqual([{
      rule: { code: 'WE-4' }, test: 'NELSON_2', testName: 'Western Electric 4: 8 in a row on one side',
      detail: 'Western Electric 4: 8 in a row on one side — 8 readings in a row above the centre line 60',
      evidence: Array.from({ length: 8 }, (_, i) => ({ readingId: `IMM-W1-MOULD_TEMP-${i}` })),
    }]);
    // Two of three beyond 2σ (61) above: WE2.
    await record('IMM-W2', 'MOULD_TEMP', [60, 61.2, 60.1, 61.3]);
    expect((await violations('IMM-W2')).map((v) => [v.rule.code, v.detail])).toEqual([
      ['WE-2', 'Western Electric 2: 2 of 3 beyond 2σ, same side — 2 of the last 3 readings more than 2σ above the centre line 60 (σ 0.5)'],
    ]);
  });

  it('refuses settings a kind does not take or values that make no pattern, naming the rule, the setting and the reason', async () => {
    const chart = { centre: 230, sigma: 1 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'SPC_TREND', settings: { convention: 'WESTERN_ELECTRIC' } },
        'QualityRule R-BAD.settings.convention: unknown setting for SPC_TREND (the Western Electric rules are tests 1, 5, 6 and 2; SPC_TREND is not one); known: baselineFrom, baselineTo, centre, sigma, trendLength, windowMinutes'],
      [{ kind: 'SPC_RUN_ONE_SIDE', settings: { ...chart, convention: 'AIAG' } }, 'QualityRule R-BAD.settings.convention: must be NELSON or WESTERN_ELECTRIC, not "AIAG"'],
      [{ kind: 'SPC_ALTERNATING', settings: { alternatingLength: 2 } },
        'QualityRule R-BAD.settings.alternatingLength: must be a whole number of readings, at least 3 (fewer readings cannot alternate up and down), not 2'],
      [{ kind: 'SPC_2_OF_3_BEYOND_2_SIGMA', settings: { ...chart, pointsBeyond2Sigma: 1 } },
        'QualityRule R-BAD.settings.pointsBeyond2Sigma: must be a whole number of readings, at least 2 (1 of 2 is a single reading beyond 2σ, test 1 with a multiple of 2), not 1'],
      [{ kind: 'SPC_4_OF_5_BEYOND_1_SIGMA', settings: { ...chart, pointsBeyond1Sigma: 3.5 } }, 'QualityRule R-BAD.settings.pointsBeyond1Sigma: must be a whole number of readings, at least 2 (1 of 2 is a single reading beyond 1σ, test 1 with a multiple of 1), not 3.5'],
      [{ kind: 'SPC_STRATIFICATION', settings: { ...chart, mixtureLength: 8 } },
        'QualityRule R-BAD.settings.mixtureLength: unknown setting for SPC_STRATIFICATION; known: baselineFrom, baselineTo, centre, sigma, stratificationLength, windowMinutes'],
      [{ kind: 'SPC_MIXTURE', settings: { mixtureLength: 6 } }, 'QualityRule R-BAD.settings: SPC_MIXTURE needs a baseline: baselineFrom and baselineTo, or centre and sigma'],
      [{ kind: 'SPC_MIXTURE', settings: { ...chart, mixtureLength: 2000 } }, 'QualityRule R-BAD.settings.mixtureLength: must be at most 1000 readings (each reading is judged against that many before it), not 2000'],
      [{ kind: 'PPK_BELOW', settings: { minCpk: 1.33 } }, 'QualityRule R-BAD.settings.minCpk: unknown setting for PPK_BELOW; known: minPpk, windowReadings, windowMinutes'],
      [{ kind: 'PPK_BELOW', settings: { minPpk: 0 } }, 'QualityRule R-BAD.settings.minPpk: must be a positive number, not 0'],
      [{ kind: 'OUT_OF_SPEC', settings: { centre: 230 } }, 'QualityRule R-BAD.settings.centre: unknown setting for OUT_OF_SPEC; known: windowMinutes'],
    ];
    for (const [rule, message] of cases) {
      const response = await define({ code: 'R-BAD', parameter: 'BARREL_TEMP', ...rule });
      expect(response.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    }
    expect((await ask<{ qualityRules: Array<{ code: string }> }>('{ qualityRules { code } }', {})).data!.qualityRules.map((r) => r.code)).not.toContain('R-BAD');
  });

  it('PPK_BELOW finds a drifting process that Cpk, on the moving ranges, calls capable', async () => {
    await define({ code: 'R-P-CPK', kind: 'CPK_BELOW', parameter: 'BARREL_TEMP', settings: { windowReadings: 10 } });
    const defined = await define({ code: 'R-P-PPK', kind: 'PPK_BELOW', parameter: 'BARREL_TEMP', settings: { minPpk: 1.33, windowReadings: 10 } });
    expect(defined.data!.defineQualityRule).toEqual({ code: 'R-P-PPK', test: null, testName: null });
    // 226, 227, ... 235: mean 230.5, the nearer limit (240) 9.5 away. Moving ranges all 1: σ within 1 / 1.128, so
    // Cpk = 9.5 / (3 / 1.128) ≈ 3.57; the sample standard deviation is √(82.5 / 9) ≈ 3.028, so Ppk ≈ 1.046, below 1.33.
    await record('IMM-P1', 'BARREL_TEMP', Array.from({ length: 10 }, (_, i) => 226 + i));
    const found = await violations('IMM-P1');
    expect(found.map((v) => [v.rule.code, v.test, v.detail])).toEqual([
      ['R-P-PPK', null, 'Ppk 1.046 over the last 10 readings is below 1.33 (mean 230.5, overall σ 3.028, spec 220..240)'],
    ]);
    expect(found[0].evidence.map((r) => r.readingId)).toEqual(Array.from({ length: 10 }, (_, i) => `IMM-P1-BARREL_TEMP-${i}`));
  });
});
