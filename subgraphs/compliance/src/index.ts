import { runStandaloneSubgraph } from '@lotgraph/server';
import { createComplianceDatabase, createComplianceServer, ensureSystemUsers } from './server';

runStandaloneSubgraph({
  name: 'compliance',
  defaultPort: 4004,
  createDatabase: createComplianceDatabase,
  createServer: async (options) => {
    await ensureSystemUsers(options.database);
    return createComplianceServer(options);
  },
}).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
