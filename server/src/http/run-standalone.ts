import { loadConfig } from '../config/config';
import { installAuditKeyring } from '../audit/audit-keyring';
import type { DatabaseOptions, SubgraphDatabase } from '../database/data-source';
import type { SubgraphServer, SubgraphServerOptions } from './subgraph-server';

export interface StandaloneSubgraph {
  name: string;
  defaultPort: number;
  createDatabase(options: DatabaseOptions): SubgraphDatabase;
  createServer(options: SubgraphServerOptions): Promise<SubgraphServer>;
}

/** Runs one subgraph as its own process (scale-out); the embedded hub runs all of them in one process. */
export async function runStandaloneSubgraph(subgraph: StandaloneSubgraph): Promise<SubgraphServer> {
  const config = loadConfig();
  installAuditKeyring(config);
  const database = subgraph.createDatabase(config);
  await database.migrate();
  const server = await subgraph.createServer({
    database,
    gatewaySecret: config.gatewaySecret,
    gatewayUrl: () => config.gatewayUrl,
    tokens: { secret: config.jwtSecret, ttl: config.tokenTtl },
    login: { lockoutMs: config.lockoutMs },
  });
  const port = Number(process.env.LOTGRAPH_SUBGRAPH_PORT ?? subgraph.defaultPort);
  const url = await server.listen(port, config.host);
  console.log(`${subgraph.name} subgraph at ${url}/graphql`);
  const shutdown = () => {
    void server.stop().then(() => database.close()).finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}
