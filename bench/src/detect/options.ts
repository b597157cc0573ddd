import { MAX_READINGS_PER_CALL } from '@lotgraph/quality';
import { checkDatabaseName, parseFlags } from '../cli-options';
import { DEFAULT_OPTIONS, type DetectBenchOptions } from './run-detect-bench';

export const DEFAULT_DATABASE = 'lotgraph_bench_detect';

export interface CliOptions extends DetectBenchOptions {
  /** Database (on the DATABASE_URL server) the bench drops and creates afresh on each run. */
  database: string;
  /** Run on an in-memory embedded PGlite instead of PostgreSQL. */
  embedded: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:detect -- [options]

  --readings N    readings to ingest (default ${DEFAULT_OPTIONS.readings.toLocaleString('en-US')})
  --machines N    moulding machines (default ${DEFAULT_OPTIONS.machines})
  --parameters N  parameters each machine measures, at most 8 (default ${DEFAULT_OPTIONS.parameters})
  --batch N       readings per call, at most 5,000 (default ${DEFAULT_OPTIONS.batch.toLocaleString('en-US')})
  --seed N        seed of the generated readings (default ${DEFAULT_OPTIONS.seed})
  --hold-samples N  excursions timed from ingest to lot ON_HOLD through the whole graph (default ${DEFAULT_OPTIONS.holdSamples}; 0: skip)
  --database NAME database the bench drops and creates on the DATABASE_URL server (default ${DEFAULT_DATABASE})
  --embedded      use an in-memory embedded PGlite instead of PostgreSQL
  --all-tests     every reading rule on: Nelson 1-8, Cpk and Ppk besides out of spec and warning (default: OOS, OOW, Nelson 1-3)

PostgreSQL server: DATABASE_URL, else postgres://postgres@127.0.0.1:5432.`;

export function parseOptions(argv: string[]): CliOptions {
  const { numbers, switches, names } = parseFlags(
    argv,
    { numbers: ['readings', 'machines', 'parameters', 'batch', 'seed', 'hold-samples'], switches: ['embedded', 'all-tests'], names: ['database'] },
    USAGE,
  );
  const { 'hold-samples': holdSamples, ...counts } = numbers;
  const options: CliOptions = {
    ...DEFAULT_OPTIONS, ...counts, ...(holdSamples === undefined ? {} : { holdSamples }),
    database: checkDatabaseName(names.database ?? DEFAULT_DATABASE), embedded: switches.has('embedded'), allTests: switches.has('all-tests'), help: switches.has('help'),
  };
  for (const name of ['readings', 'machines', 'parameters', 'batch'] as const) {
    if (options[name] < 1) throw new Error(`--${name} must be at least 1`);
  }
  if (options.batch > MAX_READINGS_PER_CALL) throw new Error(`--batch must be at most ${MAX_READINGS_PER_CALL.toLocaleString('en-US')} (the most one call takes)`);
  return options;
}
