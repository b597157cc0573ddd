import { checkDatabaseName, parseFlags } from '../cli-options';
import { DEFAULT_SERVER_URL, freshBenchDatabase } from '../trace/bench-database';
import { DEFAULT_OPTIONS, formatReport, runAuditBench } from './run-audit-bench';

const USAGE = `Usage: npm run bench:audit -- [options]

  --entries N     audit entries written, then verified (default ${DEFAULT_OPTIONS.entries.toLocaleString('en-US')})
  --batch N       entries per write (default ${DEFAULT_OPTIONS.batch.toLocaleString('en-US')})
  --database NAME database the bench drops and creates on the DATABASE_URL server (default lotgraph_bench_audit)
  --embedded      use an in-memory embedded PGlite instead of PostgreSQL

PostgreSQL server: DATABASE_URL, else postgres://postgres@127.0.0.1:5432.`;

async function main(): Promise<void> {
  const { numbers, switches, names } = parseFlags(process.argv.slice(2), { numbers: ['entries', 'batch'], switches: ['embedded'], names: ['database'] }, USAGE);
  if (switches.has('help')) {
    console.log(USAGE);
    return;
  }
  const options = { ...DEFAULT_OPTIONS, ...numbers };
  if (options.entries < 1 || options.batch < 1) throw new Error('--entries and --batch must be at least 1');
  const database = checkDatabaseName(names.database ?? 'lotgraph_bench_audit');
  const target = switches.has('embedded')
    ? { dataDir: `memory://bench-audit-${process.pid}` }
    : { dataDir: '', databaseUrl: await freshBenchDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL, database) };
  const report = await runAuditBench(target, options, (line) => console.log(line));
  console.log(`\n${formatReport(report)}`);
  if (!report.verifiedOk) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
