import { checkDatabaseName, parseFlags } from '../cli-options';
import { DEFAULT_DATABASE } from './bench-database';
import { DEFAULT_OPTIONS, type TraceBenchOptions } from './run-trace-bench';

export interface CliOptions extends TraceBenchOptions {
  /** Database (on the DATABASE_URL server) the bench owns. */
  database: string;
  regenerate: boolean;
  /** Run on an in-memory embedded PGlite instead of PostgreSQL (small plants only). */
  embedded: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:trace -- [options]

  --lots N        lots in the generated plant (default ${DEFAULT_OPTIONS.lots.toLocaleString('en-US')})
  --samples N     measured traces per direction (default ${DEFAULT_OPTIONS.samples})
  --warmup N      warm-up traces per direction (default ${DEFAULT_OPTIONS.warmup})
  --seed N        seed of the plant and of the sampling (default ${DEFAULT_OPTIONS.seed})
  --database NAME database the bench creates on the DATABASE_URL server (default ${DEFAULT_DATABASE})
  --regenerate    generate the plant again even when the database already holds it
  --embedded      use an in-memory embedded PGlite instead of PostgreSQL (small plants only)

PostgreSQL server: DATABASE_URL, else postgres://postgres@127.0.0.1:5432.`;

export function parseOptions(argv: string[]): CliOptions {
  const { numbers, switches, names } = parseFlags(argv, { numbers: ['lots', 'samples', 'warmup', 'seed'], switches: ['regenerate', 'embedded'], names: ['database'] }, USAGE);
  const options: CliOptions = {
    ...DEFAULT_OPTIONS, ...numbers, database: checkDatabaseName(names.database ?? DEFAULT_DATABASE),
    regenerate: switches.has('regenerate'), embedded: switches.has('embedded'), help: switches.has('help'),
  };
  if (options.samples < 1) throw new Error('--samples must be at least 1');
  return options;
}
