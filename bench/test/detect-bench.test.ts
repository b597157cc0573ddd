import { createTestDatabase, type TestDatabase } from '@lotgraph/server';
import { formatReport, runDetectBench, type DetectBenchReport } from '../src/detect/run-detect-bench';
import { parseOptions } from '../src/detect/options';
import { generateReadings } from '../src/detect/reading-generator';

// The benchmark end to end at a tiny scale, so it keeps working; figures at this size mean nothing.
describe('npm run bench:detect, on 3,000 readings', () => {
  const options = { readings: 3000, machines: 3, parameters: 5, batch: 1000, seed: 7, holdSamples: 3 };
  let db: TestDatabase;
  let report: DetectBenchReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    report = await runDetectBench(db, options);
  });

  afterAll(() => db.drop());

  it('ingests every reading through ReadingService with the default rules on, and finds every planted excursion', () => {
    expect(report.ingest).toMatchObject({ accepted: 3000, duplicates: 0, rejected: 0 });
    expect(report.rules).toHaveLength(25);
    expect(report.excursions.planted).toBeGreaterThan(0);
    expect(report.excursions).toEqual({ planted: report.excursions.planted, found: report.excursions.planted });
    // One audit entry per call holding every reading it stored, beside the set-up's and the violations'.
    expect(report.auditedReadings).toBe(3000);
    expect(report.auditEntries).toBeGreaterThan(3 + report.violations);
  });

  it('times ReadingService and the plain-insert baseline over the same batches, and prints figures and the ratio', () => {
    expect(report.ingest.perSecond).toBeGreaterThan(0);
    expect(report.baseline.perSecond).toBeGreaterThan(0);
    expect(report.ratio).toBeCloseTo(report.baseline.perSecond / report.ingest.perSecond);
    const text = formatReport(report);
    expect(text).toContain('3,000 readings: 3 machines x 5 parameters');
    expect(text).toMatch(/ReadingService \(stored, audited, judged\): [\d,]+\/s readings/);
    expect(text).toMatch(/Baseline \(plain unnest INSERT, same batches\): [\d,]+\/s rows/);
    expect(text).toMatch(/baseline \/ ReadingService = [\d.]+x/);
    expect(text).toMatch(/Goal >= 20,000 readings\/s with rules on: (met|NOT met)/);
    expect(text).toMatch(/Detection to hold \(3 excursions through the gateway\): p50 \d+ ms, p99 \d+ ms/);
  });

  it('holds the lot of each timed excursion through the whole graph, and times it', () => {
    expect(report.detectionToHold).toMatchObject({ samples: 3 });
    expect(report.detectionToHold!.p99).toBeGreaterThanOrEqual(report.detectionToHold!.p50);
    expect(report.detectionToHold!.p50).toBeGreaterThanOrEqual(report.detectionToHold!.ingestP50);
  });

  it('generates the same readings from the same seed', () => {
    const again = generateReadings(options);
    expect(again.readings).toHaveLength(3000);
    expect(again.readings.slice(0, 20)).toEqual(generateReadings(options).readings.slice(0, 20));
    expect(again.readings[0]).toMatchObject({ readingId: 'IMM-B001-BARREL_TEMP-0', equipmentCode: 'IMM-B001', parameter: 'BARREL_TEMP', measuredAt: '2026-11-01T00:00:00.000Z' });
  });

  it('takes its options from the command line, with defaults that meet the issue', () => {
    expect(parseOptions([])).toMatchObject({ readings: 200_000, machines: 20, parameters: 5, batch: 5000, holdSamples: 100, database: 'lotgraph_bench_detect', embedded: false });
    expect(parseOptions(['--hold-samples', '0'])).toMatchObject({ holdSamples: 0 });
    expect(parseOptions(['--all-tests'])).toMatchObject({ allTests: true });
    expect(parseOptions(['--readings', '2_000', '--batch=500', '--embedded'])).toMatchObject({ readings: 2000, batch: 500, embedded: true });
    expect(() => parseOptions(['--batch', '5001'])).toThrow('--batch must be at most 5,000');
    expect(() => parseOptions(['--nope'])).toThrow('unknown option --nope');
  });
});
