import { runStandaloneSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchServer } from './server';

runStandaloneSubgraph({ name: 'batch', defaultPort: 4001, createDatabase: createBatchDatabase, createServer: createBatchServer }).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
