#!/usr/bin/env node
import './production-mode';
import { parseArgs } from './args';
import { USAGE, UsageError, run } from './commands';

run(parseArgs(process.argv.slice(2))).catch((err: Error) => {
  console.error(`lotgraph: ${err.message}`);
  if (err instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
