import { runStandaloneSubgraph } from '@lotgraph/server';
import { createIntegrationDatabase, createIntegrationServer } from './server';

runStandaloneSubgraph({ name: 'integration', defaultPort: 4005, createDatabase: createIntegrationDatabase, createServer: createIntegrationServer }).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
