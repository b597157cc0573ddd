import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from '../src/server';
import { cpk } from '../src/spc/capability';

const engineer = findDemoUser('qa.engineer')!;
const integrator = findDemoUser('integrator')!;
const SPEC = { specNumber: 'SPEC-CPK', materialCode: 'SA-BRL-3001', operation: 'MOULDING' };
const start = Date.parse('2026-11-20T08:00:00Z');
const at = (i: number) => new Date(start + i * 60_000).toISOString();

describe('Cpk below a threshold over a rolling window, against a real database', () => {
  let running: RunningSubgraph;
  const ask = <T>(query: string, variables: Record<string, unknown>, user = engineer) => querySubgraph<T>(running.server, query, variables, user);
  const record = (equipmentCode: string, values: number[]) =>
    ask(`mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }`, {
      readings: values.map((value, i) => ({ readingId: `${equipmentCode}-${i}`, equipmentCode, parameter: 'BARREL_TEMP', value: String(value), measuredAt: at(i) })),
    }, integrator);
  const violations = async (equipmentCode: string) =>
    (await ask<{ ruleViolations: { edges: Array<{ node: { detail: string; evidence: Array<{ readingId: string }> } }> } }>(
      `query ($equipment: String!) { ruleViolations(filter: { equipmentCode: $equipment, ruleCode: "R-CPK" }) { edges { node { detail evidence { readingId } } } } }`,
      { equipment: equipmentCode },
    )).data!.ruleViolations.edges.map((e) => e.node);

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    for (const equipmentCode of ['IMM-C1', 'IMM-C2']) {
      await ask(`mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { unit } }`, {
        input: { equipmentCode, parameter: 'BARREL_TEMP', materialCode: SPEC.materialCode, operation: SPEC.operation, unit: '°C' },
      });
    }
    await ask(`mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { status } }`, {
      input: { ...SPEC, effectiveFrom: '2026-11-01T00:00:00Z', parameters: [{ parameter: 'BARREL_TEMP', unit: '°C', lsl: 220, usl: 240 }] },
    });
    // The signed approval goes through the compliance domain (tested through the gateway); the fixture approves it.
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
    const defined = await ask(`mutation { defineQualityRule(input: { code: "R-CPK", kind: CPK_BELOW, parameter: "BARREL_TEMP", settings: { minCpk: 1.33, windowReadings: 10 } }) { code } }`, {});
    expect(defined.errors).toBeUndefined();
  });

  afterAll(() => running.stop());

  it('computes Cpk from the mean and the moving-range sigma', () => {
    // Mean 230, moving ranges all 1.128 → σ 1: the nearer limit is 10 away, Cpk = 10 / 3.
    const zigzag = Array.from({ length: 10 }, (_, i) => 230 + (i % 2 === 0 ? -0.564 : 0.564));
    expect(cpk(zigzag, { lsl: 220, usl: 240 })!.cpk).toBeCloseTo(10 / 3, 6);
    expect(cpk([230, 230, 230], { lsl: 220, usl: 240 })).toBeNull();
  });

  it('finds nothing on a capable process, and one violation, with the window as evidence, once the spread widens', async () => {
    await record('IMM-C1', [230.2, 229.8, 230.1, 229.9, 230.3, 229.7, 230.0, 230.2, 229.8, 230.1, 229.9, 230.0]);
    expect(await violations('IMM-C1')).toEqual([]);
    // Swinging ±4 °C around 230: σ ≈ 7 from the moving ranges, Cpk ≈ 0.47 once ten readings are in the window.
    await record('IMM-C2', [226, 234, 226, 234, 226, 234, 226, 234, 226, 234, 226]);
    const found = await violations('IMM-C2');
    expect(found).toHaveLength(1);
    expect(found[0].detail).toMatch(/^Cpk 0\.\d+ over the last 10 readings is below 1\.33/);
    expect(found[0].evidence.map((r) => r.readingId)).toEqual(Array.from({ length: 11 }, (_, i) => `IMM-C2-${i}`));
  });

  it('refuses a window of one reading, naming the setting', async () => {
    const refused = await ask(`mutation { defineQualityRule(input: { code: "R-CPK-1", kind: CPK_BELOW, parameter: "BARREL_TEMP", settings: { windowReadings: 1 } }) { code } }`, {});
    expect(refused.errors?.[0].message).toBe('QualityRule R-CPK-1.settings.windowReadings: must be a whole number of readings, at least 2, not 1');
  });

  it('refuses a window longer than 1,000 readings (each ingest reads that much history of every series), naming the setting', async () => {
    const refused = await ask(`mutation { defineQualityRule(input: { code: "R-CPK-HUGE", kind: CPK_BELOW, parameter: "BARREL_TEMP", settings: { windowReadings: 5000000000 } }) { code } }`, {});
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['QualityRule R-CPK-HUGE.settings.windowReadings: must be at most 1000 readings (each reading is judged with that many readings ending at it), not 5000000000', 'BAD_USER_INPUT'],
    ]);
    const rules = await ask<{ qualityRules: Array<{ code: string }> }>('{ qualityRules { code } }', {});
    expect(rules.data!.qualityRules.map((r) => r.code)).not.toContain('R-CPK-HUGE');
  });
});
