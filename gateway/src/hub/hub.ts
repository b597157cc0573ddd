import {
  AuditReader,
  CheckpointStore,
  CheckpointWriter,
  checkpointDir,
  installAuditKeyring,
  loadAuditSigningKey,
  type LotGraphConfig,
  type SubgraphDatabase,
  type SubgraphServer,
} from '@lotgraph/server';
import { SUBGRAPH_NAMES, type SubgraphName } from '@lotgraph/schema';
import { createBatchRepositories } from '@lotgraph/batch';
import { countUsers, ensureSystemUsers, seedComplianceDemo } from '@lotgraph/compliance';
import { createGatewayServer, type GatewayServer } from '../server';
import { SUBGRAPHS } from './subgraph-registry';

export interface Hub {
  gateway: GatewayServer;
  /** GraphQL endpoint of the gateway. */
  url: string;
  subgraphs: Partial<Record<SubgraphName, SubgraphServer>>;
  databases: Partial<Record<SubgraphName, SubgraphDatabase>>;
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * Opens and migrates the database of every subgraph this process runs, after installing the key its audit
 * entries are signed with.
 */
export async function openDatabases(
  config: Pick<LotGraphConfig, 'databaseUrl' | 'dataDir' | 'auditKey' | 'auditPublicKeys'>,
  names: readonly SubgraphName[] = SUBGRAPH_NAMES,
): Promise<Partial<Record<SubgraphName, SubgraphDatabase>>> {
  installAuditKeyring(config);
  const databases: Partial<Record<SubgraphName, SubgraphDatabase>> = {};
  for (const name of names) {
    const database = SUBGRAPHS[name].createDatabase(config);
    databases[name] = database;
    await database.migrate();
  }
  return databases;
}

export async function seedDemoPlant(databases: Partial<Record<SubgraphName, SubgraphDatabase>>): Promise<void> {
  for (const name of SUBGRAPH_NAMES) {
    const database = databases[name];
    if (database) await SUBGRAPHS[name].seedDemo(database);
  }
}

/**
 * Signs a checkpoint of every trail on the configured schedule and when the hub stops, where the database keeps its
 * trails in this process and its key in a file (not for an in-memory database).
 */
function checkpointWriter(config: LotGraphConfig, databases: Partial<Record<SubgraphName, SubgraphDatabase>>): CheckpointWriter | undefined {
  const dir = checkpointDir(config);
  if (!config.auditKey || !dir || !databases.compliance) return undefined;
  const reader = new AuditReader(databases.compliance.dataSource, SUBGRAPH_NAMES);
  const everyMs = config.auditCheckpointEveryMs ?? 3_600_000;
  const writer = new CheckpointWriter(reader, loadAuditSigningKey(config), new CheckpointStore(dir), everyMs);
  if (everyMs > 0) writer.start();
  return writer;
}

/** A gateway bound to every address (0.0.0.0, ::) is reached from this process over loopback. */
function reachable(base: string): string {
  return base.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');
}

async function isEmpty(batch: SubgraphDatabase): Promise<boolean> {
  return (await createBatchRepositories(batch.dataSource).lots.count()) === 0;
}

/**
 * Runs the whole graph in one process: each subgraph not configured elsewhere (LOTGRAPH_<NAME>_URL) on a
 * free loopback port with its own schema in the shared database, and the gateway in front on `port`. The
 * gateway calls those subgraphs in-process and the ones configured elsewhere over HTTP.
 */
export async function startHub(
  config: LotGraphConfig,
  options: { port?: number; seed?: boolean } = {},
): Promise<Hub> {
  const local = SUBGRAPH_NAMES.filter((name) => !config.subgraphUrls[name]);
  const databases = await openDatabases(config, local);
  const subgraphs: Hub['subgraphs'] = {};
  let gateway: GatewayServer | undefined;
  let checkpoints: CheckpointWriter | undefined;
  const stop = async () => {
    await gateway?.stop();
    for (const server of Object.values(subgraphs)) await server.stop();
    await checkpoints?.stop();
    for (const database of Object.values(databases)) await database.close();
  };
  try {
    let seeded = false;
    const shouldSeed = options.seed ?? config.seedDemo;
    if (shouldSeed && databases.batch && (await isEmpty(databases.batch))) {
      await seedDemoPlant(databases);
      seeded = true;
    } else if (shouldSeed && databases.compliance && (await countUsers(databases.compliance)) === 0) {
      // A demo database from before users lived in the graph: its people, so their tokens keep working.
      await seedComplianceDemo(databases.compliance);
    }
    // The quality domain's containment holds lots, and its MQTT ingest records readings, as system users the gateway must know.
    if (databases.compliance) await ensureSystemUsers(databases.compliance);
    checkpoints = checkpointWriter(config, databases);
    const urls: Record<string, string> = { ...(config.subgraphUrls as Record<string, string>) };
    // The subgraphs listen before the gateway does; they ask the graph through this hub's own gateway.
    const own: { gatewayUrl?: string } = {};
    const gatewayUrl = () => own.gatewayUrl;
    // In one process, a disable, logout or password change reaches the gateway's session cache at once.
    const onUserSessionChange = (userId: string) => gateway?.sessions.invalidateUser(userId);
    const tokens = { secret: config.jwtSecret, ttl: config.tokenTtl };
    for (const name of local) {
      const server = await SUBGRAPHS[name].createServer({ database: databases[name]!, gatewaySecret: config.gatewaySecret, gatewayUrl, tokens, login: { lockoutMs: config.lockoutMs }, onUserSessionChange }, config);
      subgraphs[name] = server;
      urls[name] = `${await server.listen(0, '127.0.0.1')}/graphql`;
    }
    // The gateway hands its GraphQL calls to the subgraphs of this process directly (same checks, no HTTP).
    gateway = await createGatewayServer({ config, subgraphUrls: urls, inProcessSubgraphs: subgraphs });
    const base = await gateway.listen(options.port ?? config.port, config.host);
    own.gatewayUrl = `${reachable(base)}/graphql`;
    return { gateway, url: `${base}/graphql`, subgraphs, databases, seeded, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
