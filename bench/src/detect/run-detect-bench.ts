import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { AuditTrail, createGraphClient, timeOrderedUuid, type DatabaseOptions, type Identity, type SubgraphDatabase } from '@lotgraph/server';
import { MAX_READINGS_PER_CALL, createQualityDatabase, specAndRuleServices, type ReadingInput, type RuleKind } from '@lotgraph/quality';
import { count, percentile } from '../trace/stats';
import { generateReadings, limitsOf, type GeneratedReadings } from './reading-generator';
import { detectionToHoldLatency, type LatencyFigures } from './detection-to-hold';

export interface DetectBenchOptions {
  readings: number;
  machines: number;
  parameters: number;
  /** Readings per recordReadings call (at most 5,000). */
  batch: number;
  seed: number;
  /** Excursions timed from ingest to hold through the whole graph (0: not measured). */
  holdSamples: number;
  /** Every reading rule on: all eight tests for special causes, Cpk and Ppk, beside out of spec and warning. */
  allTests?: boolean;
}

export const DEFAULT_OPTIONS: DetectBenchOptions = { readings: 200_000, machines: 20, parameters: 5, batch: MAX_READINGS_PER_CALL, seed: 42, holdSamples: 100, allTests: false };

/** The goal of issue 5 for detection to hold, p99. */
export const GOAL_HOLD_P99_MS = 500;

/** The goal of issue 5: readings ingested and judged per second, rules on, on the 2-core development machine. */
export const GOAL_READINGS_PER_SECOND = 20_000;

export interface ThroughputFigures {
  ms: number;
  perSecond: number;
  /** Duration of one batch (ms): median and 99th percentile. */
  batchP50: number;
  batchP99: number;
}

export interface DetectBenchReport {
  options: DetectBenchOptions;
  database: string;
  machine: string;
  load: [start: number, end: number];
  rules: string[];
  ingest: ThroughputFigures & { accepted: number; duplicates: number; rejected: number };
  baseline: ThroughputFigures;
  /** Baseline rows/s over ingested readings/s: what storing, auditing and judging cost over a plain insert. */
  ratio: number;
  goalMet: boolean;
  violations: number;
  auditEntries: number;
  /** Readings held by the RECORD_READINGS entries (one per call): every accepted reading, audited with its values. */
  auditedReadings: number;
  /** Planted excursions, and those found as an out-of-spec violation with all three readings as evidence. */
  excursions: { planted: number; found: number };
  /** From a violating reading's ingest to its lot ON_HOLD, through the whole graph; null when not measured. */
  detectionToHold: LatencyFigures | null;
}

const BENCH_QA: Identity = { id: 'bench.qa', name: 'Detection benchmark (QA set-up)', roles: ['QA_ENGINEER'] };
const BENCH_INTEGRATION: Identity = { id: 'bench.ingest', name: 'Detection benchmark (integration)', roles: ['INTEGRATOR'] };
const MATERIAL = { materialCode: 'SA-BENCH-1', operation: 'MOULDING' };

type BenchRule = { code: string; kind: RuleKind; parameter: string; settings: Record<string, number> };

/**
 * The default rules of the issue on every parameter: out of spec, warning, Nelson 1-3 on a fixed chart; with
 * allTests, Nelson 4-8 on the same chart and Cpk and Ppk over the latest 30 readings as well.
 */
function benchRules(parameters: GeneratedReadings['parameters'], allTests: boolean): BenchRule[] {
  return parameters.flatMap((p): BenchRule[] => {
    const chart = { centre: p.target, sigma: p.sigma };
    const rules: BenchRule[] = [
      { code: `OOS-${p.parameter}`, kind: 'OUT_OF_SPEC', parameter: p.parameter, settings: {} },
      { code: `OOW-${p.parameter}`, kind: 'OUT_OF_WARNING', parameter: p.parameter, settings: {} },
      { code: `N1-${p.parameter}`, kind: 'SPC_BEYOND_3_SIGMA', parameter: p.parameter, settings: chart },
      { code: `N2-${p.parameter}`, kind: 'SPC_RUN_ONE_SIDE', parameter: p.parameter, settings: chart },
      { code: `N3-${p.parameter}`, kind: 'SPC_TREND', parameter: p.parameter, settings: {} },
    ];
    if (!allTests) return rules;
    return [
      ...rules,
      { code: `N4-${p.parameter}`, kind: 'SPC_ALTERNATING', parameter: p.parameter, settings: {} },
      { code: `N5-${p.parameter}`, kind: 'SPC_2_OF_3_BEYOND_2_SIGMA', parameter: p.parameter, settings: chart },
      { code: `N6-${p.parameter}`, kind: 'SPC_4_OF_5_BEYOND_1_SIGMA', parameter: p.parameter, settings: chart },
      { code: `N7-${p.parameter}`, kind: 'SPC_STRATIFICATION', parameter: p.parameter, settings: chart },
      { code: `N8-${p.parameter}`, kind: 'SPC_MIXTURE', parameter: p.parameter, settings: chart },
      { code: `CPK-${p.parameter}`, kind: 'CPK_BELOW', parameter: p.parameter, settings: {} },
      { code: `PPK-${p.parameter}`, kind: 'PPK_BELOW', parameter: p.parameter, settings: {} },
    ];
  });
}

async function setUpPlant(database: SubgraphDatabase, plant: GeneratedReadings, audit: AuditTrail, allTests: boolean) {
  const services = specAndRuleServices(database, createGraphClient({ gatewayUrl: () => undefined }), audit);
  for (const equipmentCode of plant.machines) {
    for (const p of plant.parameters) await services.catalogue.register({ equipmentCode, parameter: p.parameter, ...MATERIAL, unit: p.unit }, BENCH_QA, null);
  }
  await services.specifications.createVersion(
    { specNumber: 'SPEC-BENCH', ...MATERIAL, effectiveFrom: new Date('2026-01-01T00:00:00Z'), parameters: plant.parameters.map(limitsOf) },
    BENCH_QA,
    null,
  );
  // The bench's fixture: approval by e-signature goes through the compliance domain and is not what is measured.
  await database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'bench.qa.manager', approved_at = now() WHERE spec_number = 'SPEC-BENCH'`);
  const rules = benchRules(plant.parameters, allTests);
  for (const rule of rules) await services.rules.define(rule, BENCH_QA, null);
  return { services, rules: rules.map((r) => r.code) };
}

/** The baseline: the same batches as plain multi-row inserts (unnest) into a table shaped like process_reading. */
async function createBaselineTable(database: SubgraphDatabase): Promise<(batch: ReadingInput[]) => Promise<void>> {
  await database.dataSource.query('CREATE SCHEMA IF NOT EXISTS bench_detect');
  await database.dataSource.query('DROP TABLE IF EXISTS bench_detect.plain_reading');
  await database.dataSource.query('CREATE TABLE bench_detect.plain_reading (LIKE quality.process_reading INCLUDING ALL)');
  return async (batch) => {
    await database.dataSource.query(
      `INSERT INTO bench_detect.plain_reading (id, reading_id, equipment_code, parameter, value, measured_at, recorded_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::timestamptz[], $7::text[])`,
      [
        batch.map(() => timeOrderedUuid()), batch.map((r) => r.readingId), batch.map((r) => r.equipmentCode), batch.map((r) => r.parameter),
        batch.map((r) => Number(r.value)), batch.map((r) => new Date(r.measuredAt)), batch.map(() => BENCH_INTEGRATION.id),
      ],
    );
  };
}

function figures(durations: number[], rows: number): ThroughputFigures {
  const total = durations.reduce((sum, d) => sum + d, 0);
  return { ms: total, perSecond: rows / (total / 1000), batchP50: percentile(durations, 50), batchP99: percentile(durations, 99) };
}

/**
 * Ingests the generated readings through ReadingService in batches, rules on, and the same batches into the
 * baseline table, alternating batch by batch so both see the same load on the machine.
 */
export async function runDetectBench(target: DatabaseOptions, options: DetectBenchOptions = DEFAULT_OPTIONS, log: (line: string) => void = () => undefined): Promise<DetectBenchReport> {
  if (options.batch < 1 || options.batch > MAX_READINGS_PER_CALL) throw new Error(`--batch must be between 1 and ${count(MAX_READINGS_PER_CALL)} (the most one call takes)`);
  const database = createQualityDatabase(target);
  let closed = false;
  try {
    await database.migrate();
    const plant = generateReadings(options);
    const audit = new AuditTrail(database.dataSource, 'quality');
    const { services, rules } = await setUpPlant(database, plant, audit, options.allTests ?? false);
    const plainInsert = await createBaselineTable(database);
    log(`Ingesting ${count(plant.readings.length)} readings (${plant.machines.length} machines x ${plant.parameters.length} parameters) in batches of ${count(options.batch)} ...`);
    const ingestDurations: number[] = [];
    const baselineDurations: number[] = [];
    const outcomes = { accepted: 0, duplicates: 0, rejected: 0 };
    const load = os.loadavg()[0];
    for (let start = 0; start < plant.readings.length; start += options.batch) {
      const batch = plant.readings.slice(start, start + options.batch);
      let t0 = performance.now();
      await plainInsert(batch);
      baselineDurations.push(performance.now() - t0);
      t0 = performance.now();
      const results = await services.readings.record(batch, BENCH_INTEGRATION, null);
      ingestDurations.push(performance.now() - t0);
      for (const r of results) outcomes[r.outcome === 'ACCEPTED' ? 'accepted' : r.outcome === 'DUPLICATE' ? 'duplicates' : 'rejected'] += 1;
    }
    const loadEnd = os.loadavg()[0];
    const ingest = { ...figures(ingestDurations, plant.readings.length), ...outcomes };
    const baseline = figures(baselineDurations, plant.readings.length);
    const [{ violations }]: Array<{ violations: number }> = await database.dataSource.query('SELECT count(*)::int AS violations FROM quality.rule_violation');
    const [{ entries, audited }]: Array<{ entries: number; audited: number }> = await database.dataSource.query(
      `SELECT count(*)::int AS entries, coalesce(sum((changes -> 'readingCount' ->> 'new')::int) FILTER (WHERE action = 'RECORD_READINGS'), 0)::int AS audited FROM quality.audit_entry`,
    );
    let found = 0;
    for (const excursion of plant.excursions) {
      const rows: unknown[] = await database.dataSource.query(
        `SELECT 1 FROM quality.rule_violation v JOIN quality.quality_rule r ON r.id = v.rule_id
          WHERE r.kind = 'OUT_OF_SPEC' AND v.equipment_code = $1 AND v.parameter = $2
            AND v.evidence @> (SELECT jsonb_agg(p.id) FROM quality.process_reading p WHERE p.reading_id = ANY($3::text[]))`,
        [excursion.equipmentCode, excursion.parameter, excursion.readingIds],
      );
      if (rows.length > 0) found += 1;
    }
    const report: Omit<DetectBenchReport, 'detectionToHold'> = {
      options,
      database: target.databaseUrl ? `PostgreSQL ${new URL(target.databaseUrl).pathname.slice(1)}` : 'embedded PGlite (in memory)',
      machine: `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`,
      load: [load, loadEnd],
      rules,
      ingest,
      baseline,
      ratio: baseline.perSecond / ingest.perSecond,
      goalMet: ingest.perSecond >= GOAL_READINGS_PER_SECOND,
      violations,
      auditEntries: entries,
      auditedReadings: audited,
      excursions: { planted: plant.excursions.length, found },
    };
    await database.close();
    closed = true;
    // The whole graph on the same database: the plant's specification and rules judge the timed excursions.
    return { ...report, detectionToHold: await detectionToHoldLatency(target, options.holdSamples, log) };
  } finally {
    if (!closed) await database.close();
  }
}

const rate = (value: number) => `${count(value)}/s`;

export function formatReport(report: DetectBenchReport): string {
  const { options, ingest, baseline } = report;
  const kinds = [...new Set(report.rules.map((code) => code.split('-')[0]))].join(', ');
  return [
    `Detection benchmark: ${report.machine}; ${report.database}`,
    `${count(options.readings)} readings: ${options.machines} machines x ${options.parameters} parameters, one reading per series every 10 s, seed ${options.seed}; ` +
      `batches of ${count(options.batch)}; ${report.rules.length} rules on (${kinds})`,
    `Load average (1 min) while measuring: ${report.load[0].toFixed(1)} at the start, ${report.load[1].toFixed(1)} at the end`,
    '',
    `ReadingService (stored, audited, judged): ${rate(ingest.perSecond)} readings (${(ingest.ms / 1000).toFixed(1)} s; batch p50 ${ingest.batchP50.toFixed(0)} ms, p99 ${ingest.batchP99.toFixed(0)} ms)`,
    `  accepted ${count(ingest.accepted)}, duplicates ${count(ingest.duplicates)}, rejected ${count(ingest.rejected)}; ${count(report.violations)} violations; ${count(report.auditEntries)} audit entries (${count(report.auditedReadings)} readings in the calls' entries)`,
    `Baseline (plain unnest INSERT, same batches): ${rate(baseline.perSecond)} rows (${(baseline.ms / 1000).toFixed(1)} s; batch p50 ${baseline.batchP50.toFixed(0)} ms, p99 ${baseline.batchP99.toFixed(0)} ms)`,
    `baseline / ReadingService = ${report.ratio.toFixed(1)}x`,
    `Goal >= ${count(GOAL_READINGS_PER_SECOND)} readings/s with rules on: ${report.goalMet ? 'met' : 'NOT met'}`,
    `Planted excursions found as one out-of-spec violation each: ${report.excursions.found} of ${report.excursions.planted}`,
    report.detectionToHold
      ? `Detection to hold (${report.detectionToHold.samples} excursions through the gateway): p50 ${report.detectionToHold.p50.toFixed(0)} ms, p99 ${report.detectionToHold.p99.toFixed(0)} ms, ` +
        `max ${report.detectionToHold.max.toFixed(0)} ms (the recordReadings call itself p50 ${report.detectionToHold.ingestP50.toFixed(0)} ms); ` +
        `goal p99 <= ${GOAL_HOLD_P99_MS} ms: ${report.detectionToHold.p99 <= GOAL_HOLD_P99_MS ? 'met' : 'NOT met'}`
      : 'Detection to hold: not measured (--hold-samples 0)',
  ].join('\n');
}
