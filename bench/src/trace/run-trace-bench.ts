import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import { createBatchDatabase, type TraceDirection } from '@lotgraph/batch';
import { startHub } from '@lotgraph/gateway';
import { signToken, type DatabaseOptions, type Identity, type SubgraphDatabase } from '@lotgraph/server';
import { ensureUserAccount } from '@lotgraph/compliance';
import { benchHubConfig } from '../bench-hub-config';
import { findPlant, generatePlant, plantFingerprint, type PlantInfo } from './plant-generator';
import { GENERATOR_VERSION, sampleLots } from './plant';
import { seededRandom } from '../seeded-random';
import { bytes, count, mean, ms, percentile, table } from './stats';
import {
  METHOD_LABELS,
  TRACE_DEPTH,
  differences,
  gatewayMethod,
  naiveMethod,
  rawMethod,
  statementMethod,
  type MethodName,
  type TraceMethod,
  type TraceOutcome,
  type TraceRoot,
} from './trace-methods';

export interface TraceBenchOptions {
  lots: number;
  /** Measured traces per direction (each run by all four methods). */
  samples: number;
  /** Traces per direction run by all four methods before measuring. */
  warmup: number;
  seed: number;
}

export const DEFAULT_OPTIONS: TraceBenchOptions = { lots: 1_000_000, samples: 200, warmup: 20, seed: 42 };

export interface MethodFigures {
  direction: TraceDirection;
  method: MethodName;
  p50: number;
  p95: number;
  mean: number;
  lotsPerTrace: number;
  linksPerTrace: number;
  durations: number[];
}

export interface DirectionVerdict {
  direction: TraceDirection;
  /** Against the statement the resolver runs (the same data); and against the walk alone (links only). */
  gatewayOverStatement: number;
  gatewayWithin3xStatement: boolean;
  gatewayOverRaw: number;
  naiveOverGateway: number;
  gatewayWithin3xRaw: boolean;
  tenTimesFasterThanNaive: boolean;
}

export interface TraceBenchReport {
  options: TraceBenchOptions;
  plant: PlantInfo;
  database: string;
  machine: string;
  /** 1-minute load average when measuring started and when it ended (other work on the machine skews figures). */
  load: [start: number, end: number];
  figures: MethodFigures[];
  verdicts: DirectionVerdict[];
  /** Samples on which the four methods did not return the same lots and links (should be none). */
  mismatches: string[];
  /** The outcome of each method for the first measured sample of each direction, for correctness checks. */
  firstOutcomes: Record<TraceDirection, Record<MethodName, TraceOutcome>>;
}

const DIRECTIONS: TraceDirection[] = ['UPSTREAM', 'DOWNSTREAM'];

/**
 * The user the benchmark's traces run as. The bench database has no demo users, and the gateway refuses a
 * token whose user it does not know; the reader is created on the first run and kept, like every user.
 */
async function benchReader(compliance: SubgraphDatabase): Promise<Identity> {
  const reader = { id: 'bench.reader', name: 'Trace benchmark reader', roles: ['QA_MANAGER' as const] };
  const password = randomBytes(24).toString('base64');
  const actor = { id: 'lotgraph-bench', name: 'npm run bench:trace', roles: [] };
  const user = await ensureUserAccount(compliance, { userId: reader.id, printedName: reader.name, roles: reader.roles, password }, actor);
  return { id: user.id, name: user.printedName, roles: user.roles };
}

/**
 * Makes sure the database holds the plant asked for (generating it into the freshly migrated batch tables
 * when it does not), starts the whole graph in this process, and times the same sampled traces through the
 * gateway, as the SQL statement the resolver runs, as the recursive walk alone, and as a naive ORM walk.
 */
export async function runTraceBench(target: DatabaseOptions, options: TraceBenchOptions, log: (line: string) => void = () => undefined): Promise<TraceBenchReport> {
  const batch = createBatchDatabase(target);
  let hub: Awaited<ReturnType<typeof startHub>> | undefined;
  try {
    await batch.migrate();
    const fingerprint = plantFingerprint(options.lots, options.seed);
    let plant = await findPlant(batch.dataSource, fingerprint);
    if (plant) {
      log(`Plant ${fingerprint} already in the database (generated in ${(plant.generationMs / 1000).toFixed(1)} s); reusing it.`);
    } else {
      log(`Generating plant ${fingerprint} ...`);
      // Large plants load without row-by-row foreign-key checks (PostgreSQL only); small ones prove the keys hold.
      const skipForeignKeyChecks = Boolean(target.databaseUrl) && options.lots >= 50_000;
      plant = await generatePlant(batch.dataSource, { lots: options.lots, seed: options.seed, skipForeignKeyChecks }, log);
      log(`Generated in ${(plant.generationMs / 1000).toFixed(1)} s.`);
    }
    const version = String((await batch.dataSource.query('SELECT version() AS v'))[0].v);
    const database = target.databaseUrl ? version.split(' on ')[0] : `embedded PGlite (${version.split(' on ')[0]})`;

    const config = benchHubConfig(target, { seedDemo: false });
    hub = await startHub(config, { port: 0, seed: false });
    const token = signToken(await benchReader(hub.databases.compliance!), config.jwtSecret, config.tokenTtl);
    const methods: TraceMethod[] = [gatewayMethod(hub.url, token), statementMethod(batch.dataSource), rawMethod(batch.dataSource), naiveMethod(batch.dataSource)];

    const loadAtStart = os.loadavg()[0];
    const random = seededRandom(options.seed);
    const figures: MethodFigures[] = [];
    const mismatches: string[] = [];
    const firstOutcomes = {} as TraceBenchReport['firstOutcomes'];
    for (const direction of DIRECTIONS) {
      const level = direction === 'UPSTREAM' ? 'FINISHED' : 'SUPPLIED';
      const drawn = sampleLots(level, options.warmup + options.samples, options.lots, random);
      const roots = await resolveRoots(batch.dataSource, drawn);
      const warmups = roots.slice(0, options.warmup);
      const measured = roots.slice(options.warmup);
      log(`${direction}: ${warmups.length} warm-up and ${measured.length} measured traces from ${level.toLowerCase()} lots ...`);
      for (const root of warmups) for (const method of methods) await method.run(root, direction);

      const durations = new Map<MethodName, number[]>(methods.map((m) => [m.name, []]));
      const sizes = new Map<MethodName, { lots: number; links: number }>(methods.map((m) => [m.name, { lots: 0, links: 0 }]));
      for (const [index, root] of measured.entries()) {
        // Each method goes first as often as the others, so none is the one that always meets a cold cache.
        const order = methods.map((_, i) => methods[(i + index) % methods.length]);
        const outcomes = {} as Record<MethodName, TraceOutcome>;
        for (const method of order) {
          const started = performance.now();
          const result = await method.run(root, direction);
          durations.get(method.name)!.push(performance.now() - started);
          outcomes[method.name] = result();
          sizes.get(method.name)!.lots += outcomes[method.name].lotIds.length;
          sizes.get(method.name)!.links += outcomes[method.name].links.length;
        }
        const wrong = [
          ...differences({ name: 'gateway', outcome: outcomes.gateway }, { name: 'statement', outcome: outcomes.statement }),
          ...differences({ name: 'gateway', outcome: outcomes.gateway }, { name: 'raw', outcome: outcomes.raw }),
          ...differences({ name: 'gateway', outcome: outcomes.gateway }, { name: 'naive', outcome: outcomes.naive }),
        ];
        if (wrong.length > 0) mismatches.push(`${direction} ${root.lotNumber}: ${wrong.join('; ')}`);
        if (index === 0) firstOutcomes[direction] = outcomes;
      }
      for (const method of methods) {
        const values = durations.get(method.name)!;
        figures.push({
          direction,
          method: method.name,
          p50: percentile(values, 50),
          p95: percentile(values, 95),
          mean: mean(values),
          lotsPerTrace: sizes.get(method.name)!.lots / Math.max(1, measured.length),
          linksPerTrace: sizes.get(method.name)!.links / Math.max(1, measured.length),
          durations: values,
        });
      }
    }

    const verdicts = DIRECTIONS.map((direction) => {
      const p95 = (method: MethodName) => figures.find((f) => f.direction === direction && f.method === method)!.p95;
      const gatewayOverStatement = p95('gateway') / p95('statement');
      const gatewayOverRaw = p95('gateway') / p95('raw');
      const naiveOverGateway = p95('naive') / p95('gateway');
      return {
        direction, gatewayOverStatement, gatewayWithin3xStatement: gatewayOverStatement <= 3, gatewayOverRaw, naiveOverGateway,
        gatewayWithin3xRaw: gatewayOverRaw <= 3, tenTimesFasterThanNaive: naiveOverGateway >= 10,
      };
    });
    const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${bytes(os.totalmem())} RAM, Node ${process.version}`;
    return { options, plant, database, machine, load: [loadAtStart, os.loadavg()[0]], figures, verdicts, mismatches, firstOutcomes };
  } finally {
    await hub?.stop();
    await batch.close();
  }
}

/** The sampled lot numbers with their ids (the raw query starts from the id, as the trace service does). */
async function resolveRoots(dataSource: DataSource, lotNumbers: string[]): Promise<TraceRoot[]> {
  const rows: Array<{ id: string; lot_number: string }> = await dataSource.query(
    'SELECT id, lot_number FROM batch.material_lot WHERE lot_number = ANY($1::text[])',
    [lotNumbers],
  );
  const ids = new Map(rows.map((row) => [row.lot_number, row.id]));
  const missing = lotNumbers.filter((n) => !ids.has(n));
  if (missing.length > 0) throw new Error(`sampled lots missing from the plant: ${missing.slice(0, 5).join(', ')}`);
  return lotNumbers.map((lotNumber) => ({ lotNumber, id: ids.get(lotNumber)! }));
}

export function formatReport(report: TraceBenchReport): string {
  const { plant, options } = report;
  const s = plant.sizes;
  const lines = [
    `Trace benchmark: ${report.machine}; ${report.database}`,
    `Plant ${plant.fingerprint} (generator ${GENERATOR_VERSION}): ${count(s.lots)} lots, ${count(s.links)} genealogy links, ` +
      `${count(s.productionOrders)} production orders / ${count(s.segments)} segments, ${count(s.shipments)} shipments / ${count(s.shipmentLines)} lines; ` +
      `batch tables ${bytes(s.batchBytes)} with indexes`,
    `Generation: ${(plant.generationMs / 1000).toFixed(1)} s${plant.reused ? ' (in an earlier run; reused)' : ''}`,
    `Samples: ${options.samples} per direction after ${options.warmup} warm-up, seed ${options.seed}; upstream from finished lots, ` +
      `downstream from supplier lots; maxDepth ${TRACE_DEPTH}; each sample traced by all four methods in rotating order`,
    `Load average (1 min) while measuring: ${report.load[0].toFixed(1)} at the start, ${report.load[1].toFixed(1)} at the end`,
    '',
    table(
      ['direction', 'method', 'p50 ms', 'p95 ms', 'mean ms', 'lots/trace', 'links/trace'],
      report.figures.map((f) => [f.direction, METHOD_LABELS[f.method], ms(f.p50), ms(f.p95), ms(f.mean), f.lotsPerTrace.toFixed(1), f.linksPerTrace.toFixed(1)]),
    ),
    '',
    ...report.verdicts.map(
      (v) =>
        `${v.direction.padEnd(10)}  gateway p95 / trace statement p95 = ${v.gatewayOverStatement.toFixed(2)}x (goal <= 3x: ${v.gatewayWithin3xStatement ? 'met' : 'NOT met'}); ` +
        `/ raw walk p95 = ${v.gatewayOverRaw.toFixed(2)}x (${v.gatewayWithin3xRaw ? 'met' : 'NOT met'});  ` +
        `naive p95 / gateway p95 = ${v.naiveOverGateway.toFixed(1)}x (goal >= 10x: ${v.tenTimesFasterThanNaive ? 'met' : 'NOT met'})`,
    ),
    report.mismatches.length === 0
      ? 'All four methods returned the same lots and links (and gateway, statement and naive the same lot statuses and shipments) for every sample.'
      : `MISMATCHES on ${report.mismatches.length} samples:\n  ${report.mismatches.slice(0, 10).join('\n  ')}`,
  ];
  return lines.join('\n');
}
