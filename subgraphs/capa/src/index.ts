import { runStandaloneSubgraph } from '@lotgraph/server';
import { createCapaDatabase, createCapaServer } from './server';

runStandaloneSubgraph({ name: 'capa', defaultPort: 4003, createDatabase: createCapaDatabase, createServer: createCapaServer }).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
