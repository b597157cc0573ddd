import { runStandaloneSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from './server';

runStandaloneSubgraph({ name: 'quality', defaultPort: 4002, createDatabase: createQualityDatabase, createServer: createQualityServer }).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
