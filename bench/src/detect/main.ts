import { DEFAULT_SERVER_URL, freshBenchDatabase } from '../trace/bench-database';
import { USAGE, parseOptions } from './options';
import { formatReport, runDetectBench } from './run-detect-bench';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const log = (line: string) => console.log(line);
  const target = options.embedded
    ? { dataDir: `memory://bench-detect-${process.pid}` }
    : { dataDir: '', databaseUrl: await freshBenchDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL, options.database) };
  if (target.databaseUrl) log(`Database: ${new URL(target.databaseUrl).pathname.slice(1)} on ${new URL(target.databaseUrl).host}`);
  const report = await runDetectBench(target, options, log);
  console.log(`\n${formatReport(report)}`);
  // Every planted excursion found, every reading accepted and held by its call's audit entry: else the figures mean nothing.
  if (report.excursions.found < report.excursions.planted || report.ingest.rejected > 0 || report.auditedReadings !== report.ingest.accepted) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
