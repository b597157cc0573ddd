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

const NUMERIC = ['lots', 'samples', 'warmup', 'seed'] as const;

export function parseOptions(argv: string[]): CliOptions {
  const options: CliOptions = { ...DEFAULT_OPTIONS, database: DEFAULT_DATABASE, regenerate: false, embedded: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--/, '');
    if (name === 'help' || name === 'h') options.help = true;
    else if (name === 'regenerate') options.regenerate = true;
    else if (name === 'embedded') options.embedded = true;
    else if (name === 'database') options.database = inline ?? argv[++i];
    else if ((NUMERIC as readonly string[]).includes(name)) {
      const raw = inline ?? argv[++i];
      const value = Number(String(raw).replace(/[_,]/g, ''));
      if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${raw}"`);
      options[name as (typeof NUMERIC)[number]] = value;
    } else throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
  }
  if (options.samples < 1) throw new Error('--samples must be at least 1');
  if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error(`--database must be a plain lower-case name, got "${options.database}"`);
  return options;
}
