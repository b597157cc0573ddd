import { runStandaloneSubgraph } from '@lotgraph/server';
import { createComplianceDatabase, createComplianceServer } from './server';

runStandaloneSubgraph({ name: 'compliance', defaultPort: 4004, createDatabase: createComplianceDatabase, createServer: createComplianceServer }).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
