import { createBatchDatabase } from '@lotgraph/batch';
import { createTestDatabase, type SubgraphDatabase, type TestDatabase } from '@lotgraph/server';
import { formatReport, runTraceBench, type TraceBenchReport } from '../src/trace/run-trace-bench';
import { parseOptions } from '../src/trace/options';

// The benchmark end to end at a tiny scale, so it keeps working; figures at this size mean nothing.
describe('npm run bench:trace, on a 2,000-lot plant', () => {
  const options = { lots: 2000, samples: 4, warmup: 1, seed: 7 };
  let db: TestDatabase;
  let report: TraceBenchReport;
  // Holds the embedded in-memory database open between the two runs, as a server would keep its data.
  let keeper: SubgraphDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    keeper = createBatchDatabase(db);
    await keeper.ping();
    report = await runTraceBench(db, options);
  });

  afterAll(async () => {
    await keeper.close();
    await db.drop();
  });

  it('generates a plant of the size asked for, with more than 2.5 genealogy links per lot and shipments', () => {
    expect(report.plant).toMatchObject({ reused: false, fingerprint: 'syringe-plant-v1;lots=2000;seed=7' });
    expect(report.plant.sizes.lots).toBe(2000);
    expect(report.plant.sizes.links).toBeGreaterThan(2.5 * 2000);
    expect(report.plant.sizes.shipmentLines).toBeGreaterThan(0);
  });

  it('times the gateway, the trace statement, the raw recursive walk and the naive ORM walk in both directions', () => {
    expect(report.figures.map((f) => `${f.direction} ${f.method}`)).toEqual([
      'UPSTREAM gateway', 'UPSTREAM statement', 'UPSTREAM raw', 'UPSTREAM naive', 'DOWNSTREAM gateway', 'DOWNSTREAM statement', 'DOWNSTREAM raw', 'DOWNSTREAM naive',
    ]);
    for (const figures of report.figures) {
      expect(figures.durations).toHaveLength(options.samples);
      expect(figures.p50).toBeGreaterThan(0);
      expect(figures.p95).toBeGreaterThanOrEqual(figures.p50);
      // Every sampled lot has a genealogy in the direction it is traced.
      expect(figures.linksPerTrace).toBeGreaterThan(3);
    }
    expect(report.verdicts.map((v) => v.direction)).toEqual(['UPSTREAM', 'DOWNSTREAM']);
  });

  it('gets the same lots and links from all four methods, and the same statuses and shipments from gateway, statement and naive walk', () => {
    expect(report.mismatches).toEqual([]);
    for (const direction of ['UPSTREAM', 'DOWNSTREAM'] as const) {
      const { gateway, statement, raw, naive } = report.firstOutcomes[direction];
      expect(gateway.links.length).toBeGreaterThan(3);
      expect(raw.lotIds).toEqual(gateway.lotIds);
      expect(raw.links).toEqual(gateway.links);
      expect(statement).toEqual(gateway);
      expect(naive).toEqual(gateway);
    }
    expect(report.firstOutcomes.UPSTREAM.gateway.shipments).toEqual([]);
    expect(report.firstOutcomes.DOWNSTREAM.statement.shipments!.length).toBeGreaterThan(0);
  });

  it('prints the figures, the ratios and whether the goals hold', () => {
    const text = formatReport(report);
    expect(text).toContain('2,000 lots');
    expect(text).toMatch(/UPSTREAM\s+gateway \(GraphQL\)/);
    expect(text).toMatch(/DOWNSTREAM\s+naive ORM walk/);
    expect(text).toMatch(/DOWNSTREAM\s+trace SQL statement/);
    expect(text).toMatch(/gateway p95 \/ trace statement p95 = [\d.]+x \(goal <= 3x: (met|NOT met)\); \/ raw walk p95 = [\d.]+x \((met|NOT met)\)/);
    expect(text).toContain('All four methods returned the same lots and links');
  });

  it('reuses the plant on the next run instead of generating it again', async () => {
    const again = await runTraceBench(db, { ...options, samples: 1, warmup: 0 });
    expect(again.plant).toMatchObject({ reused: true, generationMs: report.plant.generationMs, sizes: report.plant.sizes });
    expect(again.mismatches).toEqual([]);
  });

  it('takes its options from the command line, with defaults that meet the issue', () => {
    expect(parseOptions([])).toMatchObject({ lots: 1_000_000, samples: 200, warmup: 20, database: 'lotgraph_bench' });
    expect(parseOptions(['--lots', '2_000', '--samples=5', '--regenerate'])).toMatchObject({ lots: 2000, samples: 5, regenerate: true });
    expect(() => parseOptions(['--lots', 'many'])).toThrow('--lots must be a whole number, got "many"');
    expect(() => parseOptions(['--nope'])).toThrow('unknown option --nope');
  });
});
