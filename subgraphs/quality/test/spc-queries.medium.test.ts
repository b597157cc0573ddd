import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from '../src/server';

const engineer = findDemoUser('qa.engineer')!;
const auditor = findDemoUser('auditor')!;
const integrator = findDemoUser('integrator')!;
const SPEC = { specNumber: 'SPEC-Q', materialCode: 'SA-BRL-3001', operation: 'MOULDING' };
const LIMITS = { parameter: 'BARREL_TEMP', unit: '°C', target: 230 };
const day = (d: number, minute = 0) => new Date(Date.UTC(2026, 10, d, 8, minute)).toISOString();

const CAPABILITY = `query ($equipment: String!, $parameter: String!, $from: DateTime!, $to: DateTime!, $subgroupSize: Int) {
  processCapability(equipmentCode: $equipment, parameter: $parameter, from: $from, to: $to, subgroupSize: $subgroupSize) {
    equipmentCode parameter unit sampleSize subgroupSize subgroupCount readingsLeftOut mean sigmaWithin sigmaOverall cp cpk pp ppk
    specification { specNumber version effectiveFrom lsl usl target }
  }
}`;
const CHART = `query ($input: ControlChartInput!) {
  controlChart(input: $input) {
    chart subgroupSize limitsFrom sigmaWithin readingsLeftOut notes
    location { centre lower upper sigma } dispersion { centre lower upper }
    specification { specNumber version lsl usl }
    tests { test k testName }
    points { index firstAt at readingIds value dispersion failedTests signals { test testName points } dispersionBeyondLimits }
  }
}`;

type Capability = Record<string, number | null | string> & { specification: Record<string, unknown> };
type Point = { index: number; firstAt: string; at: string; readingIds: string[]; value: number; dispersion: number | null; failedTests: string[]; signals: Array<{ test: string; testName: string; points: number[] }>; dispersionBeyondLimits: boolean };
type Chart = {
  chart: string; subgroupSize: number; limitsFrom: string; sigmaWithin: number | null; readingsLeftOut: number; notes: string[];
  location: { centre: number; lower: number; upper: number; sigma: number } | null; dispersion: { centre: number; lower: number; upper: number } | null;
  specification: Record<string, unknown> | null; tests: Array<{ test: string; k: number; testName: string }>; points: Point[];
};

/**
 * Five readings on 20 November, 08:00 to 08:04: 229.8, 230.2, 230.0, 230.4, 229.6. By hand: mean 230; moving ranges
 * 0.4, 0.2, 0.4, 0.8, so MR̄ 0.45 and σ within 0.45 / 1.128; squared deviations 0.04 + 0.04 + 0 + 0.16 + 0.16 = 0.4, so
 * σ overall √(0.4 / 4) = √0.1. Against v2 (222..238, in force from 15 November): 16 wide, 8 to the nearer limit.
 * A baseline on 19 November: 229, 231, 229, 231 (mean 230, MR̄ 2).
 */
const SERIES = [229.8, 230.2, 230.0, 230.4, 229.6];
const WITHIN = 0.45 / 1.128;
const OVERALL = Math.sqrt(0.1);

describe('process capability and control charts, against a real database', () => {
  let running: RunningSubgraph;
  const ask = <T>(query: string, variables: Record<string, unknown>, user = engineer) => querySubgraph<T>(running.server, query, variables, user);
  const capability = async (variables: Record<string, unknown>, user = auditor) => {
    const response = await ask<{ processCapability: Capability }>(CAPABILITY, { equipment: 'IMM-Q1', parameter: 'BARREL_TEMP', ...variables }, user);
    expect(response.errors).toBeUndefined();
    return response.data!.processCapability;
  };
  const chart = async (input: Record<string, unknown>, user = auditor) => {
    const response = await ask<{ controlChart: Chart }>(CHART, { input: { equipmentCode: 'IMM-Q1', parameter: 'BARREL_TEMP', from: day(20), to: day(20, 59), ...input } }, user);
    expect(response.errors).toBeUndefined();
    return response.data!.controlChart;
  };
  const refusal = async (query: string, variables: Record<string, unknown>) => (await ask(query, variables)).errors?.map((e) => [e.message, e.extensions?.code]);
  let ids: string[] = [];

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    await ask(`mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { unit } }`, {
      input: { equipmentCode: 'IMM-Q1', parameter: 'BARREL_TEMP', materialCode: SPEC.materialCode, operation: SPEC.operation, unit: '°C' },
    });
    const version = async (effectiveFrom: string, lsl: number, usl: number) => {
      const created = await ask(`mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { version } }`, { input: { ...SPEC, effectiveFrom, parameters: [{ ...LIMITS, lsl, usl }] } });
      expect(created.errors).toBeUndefined();
    };
    // The signed approval goes through the compliance domain (tested through the gateway); the fixture approves v1 and v2.
    const approve = () => running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
    await version('2026-11-01T00:00:00Z', 220, 240);
    await approve();
    await version('2026-11-15T00:00:00Z', 222, 238);
    await approve();
    await version('2026-11-18T00:00:00Z', 225, 235); // a DRAFT: never in force
    const readings = [
      ...[229, 231, 229, 231].map((value, i) => ({ readingId: `Q-B${i}`, value, measuredAt: day(19, i) })),
      ...SERIES.map((value, i) => ({ readingId: `Q-${i}`, value, measuredAt: day(20, i) })),
    ];
    const recorded = await ask<{ recordReadings: { accepted: number } }>(`mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }`, {
      readings: readings.map((r) => ({ ...r, equipmentCode: 'IMM-Q1', parameter: 'BARREL_TEMP', value: String(r.value) })),
    }, integrator);
    expect(recorded.data?.recordReadings.accepted).toBe(9);
    const rows: Array<{ id: string }> = await running.database.dataSource.query(`SELECT id FROM quality.process_reading WHERE reading_id LIKE 'Q-_' ORDER BY measured_at`);
    ids = rows.map((r) => r.id);
  });

  afterAll(() => running.stop());

  describe('processCapability', () => {
    it('gives Cp, Cpk, Pp and Ppk of the readings in [from, to], both ends included, against the version in force at `to`', async () => {
      const c = await capability({ from: day(20, 0), to: day(20, 4) });
      expect(c).toMatchObject({
        equipmentCode: 'IMM-Q1', parameter: 'BARREL_TEMP', unit: '°C', sampleSize: 5, subgroupSize: 1, subgroupCount: 5, readingsLeftOut: 0,
        specification: { specNumber: 'SPEC-Q', version: 2, effectiveFrom: '2026-11-15T00:00:00.000Z', lsl: 222, usl: 238, target: 230 },
      });
      expect(c.mean).toBeCloseTo(230, 9);
      expect(c.sigmaWithin).toBeCloseTo(WITHIN, 9);
      expect(c.sigmaOverall).toBeCloseTo(OVERALL, 9);
      expect(c.cp).toBeCloseTo(16 / (6 * WITHIN), 9);
      expect(c.cpk).toBeCloseTo(8 / (3 * WITHIN), 9);
      expect(c.pp).toBeCloseTo(16 / (6 * OVERALL), 9);
      expect(c.ppk).toBeCloseTo(8 / (3 * OVERALL), 9);
      expect((await capability({ from: day(20, 1), to: day(20, 4) })).sampleSize).toBe(4);
    });

    it('takes σ within from subgroup ranges when asked, leaving out a trailing incomplete subgroup', async () => {
      // (229.8, 230.2) and (230.0, 230.4): R̄ 0.4, σ within 0.4 / 1.128; 229.6 left out of every figure.
      const c = await capability({ from: day(20, 0), to: day(20, 4), subgroupSize: 2 });
      expect(c).toMatchObject({ sampleSize: 4, subgroupSize: 2, subgroupCount: 2, readingsLeftOut: 1 });
      expect(c.mean).toBeCloseTo(230.1, 9);
      expect(c.sigmaWithin).toBeCloseTo(0.4 / 1.128, 9);
    });

    it('judges against the version in force at `to`: v1 before 15 November, and never a draft', async () => {
      expect((await capability({ from: day(10), to: day(14) })).specification).toMatchObject({ version: 1, lsl: 220, usl: 240 });
      expect((await capability({ from: day(10), to: day(14) })).sampleSize).toBe(0);
      expect((await capability({ from: day(20), to: day(25) })).specification).toMatchObject({ version: 2 });
    });

    it('refuses what it cannot judge, naming the field and the reason', async () => {
      const q = { equipment: 'IMM-Q1', parameter: 'BARREL_TEMP', from: day(20), to: day(21) };
      expect(await refusal(CAPABILITY, { ...q, equipment: 'IMM-99' })).toEqual([['ProcessCapability.equipmentCode: equipment IMM-99 is unknown to the quality domain (registerEquipmentParameter)', 'BAD_USER_INPUT']]);
      expect(await refusal(CAPABILITY, { ...q, parameter: 'SCREW_SPEED' })).toEqual([['ProcessCapability.parameter: equipment IMM-Q1 does not measure SCREW_SPEED; it measures BARREL_TEMP', 'BAD_USER_INPUT']]);
      expect(await refusal(CAPABILITY, { ...q, from: '2026-10-01T00:00:00Z', to: '2026-10-31T00:00:00Z' })).toEqual([
        ['ProcessCapability.to: no approved specification for BARREL_TEMP of material SA-BRL-3001 at MOULDING is in force at 2026-10-31T00:00:00.000Z', 'BAD_USER_INPUT'],
      ]);
      expect(await refusal(CAPABILITY, { ...q, subgroupSize: 26 })).toEqual([['ProcessCapability.subgroupSize: must be 1 (individuals) to 25 readings, not 26', 'BAD_USER_INPUT']]);
      expect((await refusal(CAPABILITY, { ...q, from: day(22) }))![0]).toEqual([expect.stringMatching(/^ProcessCapability\.to: .* is before from/), 'BAD_USER_INPUT']);
      expect((await ask(CAPABILITY, q, integrator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('controlChart', () => {
    it('draws an I-MR chart from the readings: every point with its time, value, moving range and reading id', async () => {
      const c = await chart({});
      expect(c).toMatchObject({ chart: 'INDIVIDUALS', subgroupSize: 1, limitsFrom: 'READINGS', readingsLeftOut: 0, notes: [], specification: { specNumber: 'SPEC-Q', version: 2, lsl: 222, usl: 238 } });
      expect(c.sigmaWithin).toBeCloseTo(WITHIN, 9);
      expect(c.location!.centre).toBeCloseTo(230, 9);
      expect(c.location!.upper).toBeCloseTo(230 + 3 * WITHIN, 9);
      expect(c.location!.lower).toBeCloseTo(230 - 3 * WITHIN, 9);
      expect(c.dispersion!.centre).toBeCloseTo(0.45, 9);
      expect(c.dispersion!.upper).toBeCloseTo(3.267 * 0.45, 9);
      expect(c.dispersion!.lower).toBe(0);
      expect(c.points.map((p) => [p.index, p.at, p.readingIds, p.value])).toEqual(SERIES.map((value, i) => [i, day(20, i), [ids[i]], value]));
      expect(c.points.map((p) => p.dispersion === null ? null : Math.round(p.dispersion * 10) / 10)).toEqual([null, 0.4, 0.2, 0.4, 0.8]);
      expect(c.tests.map((t) => t.testName)).toEqual([
        'Nelson 1: 1 point beyond 3σ', 'Nelson 2: 9 in a row on one side', 'Nelson 3: 6 in a row increasing or decreasing', 'Nelson 4: 14 in a row alternating up and down',
        'Nelson 5: 2 of 3 beyond 2σ, same side', 'Nelson 6: 4 of 5 beyond 1σ, same side', 'Nelson 7: 15 in a row within 1σ', 'Nelson 8: 8 in a row beyond 1σ, either side',
      ]);
      expect(c.points.flatMap((p) => p.failedTests)).toEqual([]);
    });

    it('marks the points that fail the tests asked for, on limits from a given centre and σ', async () => {
      // σ 0.09 around 230 (3σ 0.27, 2σ 0.18): 230.4 and 229.6 are beyond 3σ; 230.2 then 230.4 are 2 of 3 beyond 2σ above,
      // while 229.6 has no other reading beyond 2σ below among the last three.
      const c = await chart({ centre: 230, sigma: 0.09, tests: ['NELSON_1', 'NELSON_5'], testSettings: { sigmaMultiple: 3 } });
      expect(c.limitsFrom).toBe('GIVEN');
      expect(c.location!.centre).toBe(230);
      expect([c.location!.lower, c.location!.upper, c.location!.sigma].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([229.73, 230.27, 0.09]);
      expect(c.points.map((p) => p.failedTests)).toEqual([[], [], [], ['NELSON_1', 'NELSON_5'], ['NELSON_1']]);
      expect(c.points[3].signals).toEqual([
        { test: 'NELSON_1', testName: 'Nelson 1: 1 point beyond 3σ', points: [3] },
        { test: 'NELSON_5', testName: 'Nelson 5: 2 of 3 beyond 2σ, same side', points: [1, 3] },
      ]);
    });

    it('draws X̄-R and X̄-S charts of consecutive subgroups, saying what a trailing incomplete subgroup left out', async () => {
      const r = await chart({ chart: 'XBAR_R', subgroupSize: 2 });
      expect(r.points.map((p) => [p.readingIds, p.firstAt, p.at])).toEqual([[[ids[0], ids[1]], day(20, 0), day(20, 1)], [[ids[2], ids[3]], day(20, 2), day(20, 3)]]);
      expect(r.points.map((p) => p.value)).toEqual([230, 230.2]);
      expect(r.location!.centre).toBeCloseTo(230.1, 9);
      expect(r.location!.upper).toBeCloseTo(230.1 + 1.88 * 0.4, 9);
      expect(r.dispersion!.upper).toBeCloseTo(3.267 * 0.4, 9);
      expect(r.readingsLeftOut).toBe(1);
      expect(r.notes).toEqual(['The last reading (at 2026-11-20T08:04:00.000Z) does not fill a subgroup of 2 and is left out.']);
      const s = await chart({ chart: 'XBAR_S', subgroupSize: 2 });
      expect(s.sigmaWithin).toBeCloseTo((0.4 / Math.SQRT2) / 0.7979, 9);
      expect(s.dispersion!.upper).toBeCloseTo(3.267 * (0.4 / Math.SQRT2), 9);
    });

    it('takes its limits from a baseline window, and names the tests the Western Electric way when asked', async () => {
      // Baseline 229, 231, 229, 231: mean 230, MR̄ 2, σ 2 / 1.128.
      const c = await chart({ baselineFrom: day(19), baselineTo: day(19, 59), convention: 'WESTERN_ELECTRIC' });
      expect(c.limitsFrom).toBe('BASELINE');
      expect(c.location!.centre).toBeCloseTo(230, 9);
      expect(c.sigmaWithin).toBeCloseTo(2 / 1.128, 9);
      expect(c.tests).toEqual([
        { test: 'NELSON_1', k: 3, testName: 'Western Electric 1: 1 point beyond 3σ' },
        { test: 'NELSON_5', k: 2, testName: 'Western Electric 2: 2 of 3 beyond 2σ, same side' },
        { test: 'NELSON_6', k: 4, testName: 'Western Electric 3: 4 of 5 beyond 1σ, same side' },
        { test: 'NELSON_2', k: 8, testName: 'Western Electric 4: 8 in a row on one side' },
      ]);
    });

    it('refuses a chart it cannot draw, naming the field and the reason', async () => {
      const input = { equipmentCode: 'IMM-Q1', parameter: 'BARREL_TEMP', from: day(20), to: day(21) };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ subgroupSize: 5 }, 'ControlChartInput.subgroupSize: INDIVIDUALS plots single readings; leave subgroupSize out, or chart XBAR_R or XBAR_S, not subgroups of 5'],
        [{ chart: 'XBAR_R' }, 'ControlChartInput.subgroupSize: XBAR_R needs subgroups of 2 to 25 consecutive readings (the tabled constants), not none'],
        [{ chart: 'XBAR_S', subgroupSize: 30 }, 'ControlChartInput.subgroupSize: XBAR_S needs subgroups of 2 to 25 consecutive readings (the tabled constants), not 30'],
        [{ centre: 230 }, 'ControlChartInput.sigma: a given centre line needs both centre and sigma'],
        [{ centre: 230, sigma: 0 }, 'ControlChartInput.sigma: must be a positive number, not 0'],
        [{ centre: 230, sigma: 1, baselineFrom: day(19), baselineTo: day(20) }, 'ControlChartInput.baselineFrom: give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both'],
        [{ baselineFrom: day(18), baselineTo: day(18, 30) }, 'ControlChartInput.baselineTo: the baseline window holds 0 reading(s) of IMM-Q1 BARREL_TEMP; INDIVIDUALS limits need at least 2'],
        [{ convention: 'WESTERN_ELECTRIC', tests: ['NELSON_4'] }, 'ControlChartInput.tests: NELSON_4 is not one of the Western Electric rules (tests NELSON_1, NELSON_5, NELSON_6 and NELSON_2); leave convention out to apply it'],
        [{ testSettings: { runLength: 1 } }, 'ControlChartInput.testSettings.runLength: must be a whole number of readings, at least 2, not 1'],
        [{ equipmentCode: 'IMM-99' }, 'ControlChartInput.equipmentCode: equipment IMM-99 is unknown to the quality domain (registerEquipmentParameter)'],
      ];
      for (const [change, message] of cases) expect(await refusal(CHART, { input: { ...input, ...change } })).toEqual([[message, 'BAD_USER_INPUT']]);
    });
  });
});
