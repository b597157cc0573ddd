import { SYSTEM_USERS, createTestDatabase, findDemoUser, signToken, throwawayAuditKey, type LotGraphConfig, type TestDatabase } from '@lotgraph/server';
import { startHub, type Hub } from '../../src/hub/hub';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface TestGraph {
  hub: Hub;
  config: LotGraphConfig;
  /** Base URL of the gateway (no path). */
  base: string;
  tokenFor(userId: string): string;
  /** Waits for the background work due now (outbox deliveries: raised exceptions, holds) in every subgraph. */
  settle(): Promise<void>;
  query<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export function testConfig(db: TestDatabase, overrides: Partial<LotGraphConfig> = {}): LotGraphConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.databaseUrl,
    dataDir: db.dataDir,
    jwtSecret: 'test-jwt-secret',
    tokenTtl: '1h',
    lockoutMs: 15 * 60_000,
    trustedProxies: [],
    gatewaySecret: 'test-gateway-secret',
    maxDepth: 12,
    maxCost: 20000,
    maxAliases: 30,
    // Unused by the hub: its subgraphs ask the graph through the hub's own gateway.
    gatewayUrl: 'http://127.0.0.1:0/graphql',
    subgraphUrls: {},
    seedDemo: true,
    embedded: !db.databaseUrl,
    devSecrets: false,
    auditKey: db.databaseUrl ? throwawayAuditKey() : undefined,
    ...overrides,
  };
}

/** The whole graph, in this process: real subgraphs over loopback HTTP, real database, demo plant loaded. */
export async function startTestGraph(overrides: Partial<LotGraphConfig> = {}): Promise<TestGraph> {
  const db = await createTestDatabase();
  const config = testConfig(db, overrides);
  const hub = await startHub(config, { port: 0 });
  const base = hub.url.replace(/\/graphql$/, '');
  // Demo users, and the system users (quality.containment) for calls only they make.
  const tokenFor = (userId: string) => signToken(findDemoUser(userId) ?? SYSTEM_USERS.find((user) => user.id === userId)!, config.jwtSecret, '1h');
  const defaultToken = tokenFor('qa.manager');
  return {
    hub,
    config,
    base,
    tokenFor,
    async settle() {
      for (let round = 0; round < 3; round++) for (const server of Object.values(hub.subgraphs)) await server!.settle();
    },
    async query(query, options = {}) {
      const token = options.token === undefined ? defaultToken : options.token;
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
        body: JSON.stringify({ query, variables: options.variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await hub.stop();
      await db.drop();
    },
  };
}
