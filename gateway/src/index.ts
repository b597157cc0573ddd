import { loadConfig } from '@lotgraph/server';
import { createGatewayServer } from './server';

/** Runs the gateway alone, in front of subgraphs that run elsewhere (LOTGRAPH_<NAME>_URL). */
async function main(): Promise<void> {
  const config = loadConfig();
  const gateway = await createGatewayServer({ config, subgraphUrls: config.subgraphUrls });
  const url = await gateway.listen(config.port, config.host);
  console.log(`LotGraph gateway at ${url}/graphql`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
