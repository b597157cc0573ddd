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

PostgreSQL server: DATABASE_URL, else postgres://postgres@127.0.0.1:5432.`;

const NUMERIC = ['readings', 'machines', 'parameters', 'batch', 'seed', 'hold-samples'] as const;

export function parseOptions(argv: string[]): CliOptions {
  const options: CliOptions = { ...DEFAULT_OPTIONS, database: DEFAULT_DATABASE, embedded: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--/, '');
    if (name === 'help' || name === 'h') options.help = true;
    else if (name === 'embedded') options.embedded = true;
    else if (name === 'database') options.database = inline ?? argv[++i];
    else if ((NUMERIC as readonly string[]).includes(name)) {
      const raw = inline ?? argv[++i];
      const value = Number(String(raw).replace(/[_,]/g, ''));
      if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${raw}"`);
      if (name === 'hold-samples') options.holdSamples = value;
      else options[name as Exclude<(typeof NUMERIC)[number], 'hold-samples'>] = value;
    } else throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
  }
  for (const name of ['readings', 'machines', 'parameters', 'batch'] as const) {
    if (options[name] < 1) throw new Error(`--${name} must be at least 1`);
  }
  if (options.batch > 5000) throw new Error('--batch must be at most 5,000 (the most one call takes)');
  if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error(`--database must be a plain lower-case name, got "${options.database}"`);
  return options;
}
