import { loadConfig, runStandaloneSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from './server';

const { mqttUrl, mqttClientId } = loadConfig();

runStandaloneSubgraph({
  name: 'quality',
  defaultPort: 4002,
  createDatabase: createQualityDatabase,
  createServer: (options) => createQualityServer({ ...options, mqtt: mqttUrl ? { url: mqttUrl, clientId: mqttClientId } : undefined }),
}).catch(
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
