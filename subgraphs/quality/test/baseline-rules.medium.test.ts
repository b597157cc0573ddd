import { AuditTrail, createGraphClient, findDemoUser, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer, specAndRuleServices } from '../src/server';
import type { SpecAndRuleServices } from '../src/rule/quality-rules.resolver';

const engineer = findDemoUser('qa.engineer')!;
const integrator = findDemoUser('integrator')!;
const MATERIAL = { materialCode: 'SA-BRL-3001', operation: 'MOULDING' };
const day19 = (minute: number) => new Date(Date.parse('2026-11-19T00:00:00Z') + minute * 60_000);
const day20 = (minute: number) => new Date(Date.parse('2026-11-20T08:00:00Z') + minute * 60_000);
const W1 = { baselineFrom: day19(0).toISOString(), baselineTo: day19(60).toISOString() };
const W2 = { baselineFrom: day19(0).toISOString(), baselineTo: day19(3).toISOString() };

describe('SPC rules on baseline windows, against a real database', () => {
  let running: RunningSubgraph;
  let services: SpecAndRuleServices;
  const reading = (equipmentCode: string, id: string, value: number, at: Date) => ({ readingId: id, equipmentCode, parameter: 'BARREL_TEMP', value: String(value), measuredAt: at.toISOString() });

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    services = specAndRuleServices(running.database, createGraphClient({ gatewayUrl: () => undefined }), new AuditTrail(running.database.dataSource, 'quality'));
    for (const equipmentCode of ['IMM-B1', 'IMM-B2']) {
      await services.catalogue.register({ equipmentCode, parameter: 'BARREL_TEMP', ...MATERIAL, unit: '°C' }, engineer, null);
    }
    await services.specifications.createVersion(
      { specNumber: 'SPEC-BL', ...MATERIAL, effectiveFrom: new Date('2026-11-01T00:00:00Z'), parameters: [{ parameter: 'BARREL_TEMP', unit: '°C', lsl: 200, usl: 260 }] },
      engineer,
      null,
    );
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
    // The baseline of both machines, before any rule: 231, 229, 231, 229 (W1: mean 230, MR̄ 2, σ 2 / 1.128 ≈ 1.773,
    // 3σ ≈ 5.32; W2, the first three: centre 230.333).
    const baseline = ['IMM-B1', 'IMM-B2'].flatMap((equipmentCode) => [231, 229, 231, 229].map((v, i) => reading(equipmentCode, `${equipmentCode}-base-${i}`, v, day19(i))));
    expect((await services.readings.record(baseline, integrator, null)).every((r) => r.outcome === 'ACCEPTED')).toBe(true);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await running.stop();
  });

  it('reads each baseline window of a batch once, in one query, however many rules and machines share it', async () => {
    for (const [code, kind, settings] of [
      ['R-BL-3S', 'SPC_BEYOND_3_SIGMA', W1],
      ['R-BL-MIX', 'SPC_MIXTURE', W1],
      ['R-BL-2OF3', 'SPC_2_OF_3_BEYOND_2_SIGMA', W1],
      ['R-BL-RUN', 'SPC_RUN_ONE_SIDE', { ...W2, runLength: 3 }],
    ] as const) {
      await services.rules.define({ code, kind, parameter: 'BARREL_TEMP', settings }, engineer, null);
    }
    const read = jest.spyOn(services.readingRows, 'readingsIn');
    const results = await services.readings.record(
      [reading('IMM-B1', 'B1-0', 236, day20(0)), reading('IMM-B1', 'B1-1', 230.5, day20(1)), reading('IMM-B2', 'B2-0', 230.5, day20(0)), reading('IMM-B2', 'B2-1', 231, day20(1)), reading('IMM-B2', 'B2-2', 230.8, day20(2))],
      integrator,
      null,
    );
    // Two machines, two windows: four periods, in one call, each once.
    expect(read).toHaveBeenCalledTimes(1);
    const periods = read.mock.calls[0][0];
    expect(periods.map((p) => [p.equipmentCode, p.from.toISOString(), p.to.toISOString(), p.includeTo]).sort()).toEqual([
      ['IMM-B1', W2.baselineFrom, W2.baselineTo, false],
      ['IMM-B1', W1.baselineFrom, W1.baselineTo, false],
      ['IMM-B2', W2.baselineFrom, W2.baselineTo, false],
      ['IMM-B2', W1.baselineFrom, W1.baselineTo, false],
    ]);
    // 236 is beyond 3σ (235.32) of W1's limits; on W2's centre line (230.333) IMM-B2 has three in a row above, IMM-B1 two.
    expect(results.map((r) => [r.readingId, r.violations.map((v) => v.detail).sort()])).toEqual([
      ['B1-0', ['Nelson 1: 1 point beyond 3σ — 236 is more than 3σ above the centre line 230 (σ 1.773)']],
      ['B1-1', []],
      ['B2-0', []],
      ['B2-1', []],
      ['B2-2', ['Nelson 2: 3 in a row on one side — 3 readings in a row above the centre line 230.333']],
    ]);
  });

  it('reads a period half-open or with its end, as asked, at most as many readings as asked', async () => {
    const series = { equipmentCode: 'IMM-B1', parameter: 'BARREL_TEMP' };
    const values = async (periods: Parameters<SpecAndRuleServices['readingRows']['readingsIn']>[0]) =>
      (await services.readingRows.readingsIn(periods)).map((points) => points.map((p) => p.value));
    expect(await values([
      { ...series, from: day19(1), to: day19(3), includeTo: false },
      { ...series, from: day19(1), to: day19(3), includeTo: true },
      { ...series, from: day19(0), to: day19(3), includeTo: true, limit: 2 },
      { ...series, from: day19(10), to: day19(20), includeTo: true },
    ])).toEqual([[229, 231], [229, 231, 229], [231, 229], []]);
  });
});
