import type { SubgraphServer, SubgraphServerOptions } from './http/subgraph-server';
import { HEADERS, encodeUserHeader } from './context/request-context';
import type { Identity } from './auth/jwt';
import type { DatabaseOptions, SubgraphDatabase } from './database/data-source';
import { createTestDatabase } from './database/test-database';

export const TEST_GATEWAY_SECRET = 'test-gateway-secret';

const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

/** Posts a query to a listening subgraph the way the gateway does (shared secret, forwarded caller). */
export async function querySubgraph<T = Record<string, unknown>>(
  server: SubgraphServer,
  query: string,
  variables: Record<string, unknown> = {},
  user: Identity | null = QA_MANAGER,
  /** The caller's bearer token, as the gateway forwards it (a subgraph reads it to revoke it, or to ask the graph). */
  token?: string,
): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET,
      ...(user ? { [HEADERS.user]: encodeUserHeader(user) } : {}),
      ...(user && token ? { [HEADERS.callerToken]: token } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

export interface RunningSubgraph {
  database: SubgraphDatabase;
  server: SubgraphServer;
  stop(): Promise<void>;
}

/** One subgraph on a fresh test database (migrated, optionally seeded), listening on a free port. */
export async function startSubgraphForTest(subgraph: {
  createDatabase(options: DatabaseOptions): SubgraphDatabase;
  createServer(options: SubgraphServerOptions): Promise<SubgraphServer>;
  seed?(database: SubgraphDatabase): Promise<unknown>;
}): Promise<RunningSubgraph> {
  const testDb = await createTestDatabase();
  const database = subgraph.createDatabase(testDb);
  await database.migrate();
  if (subgraph.seed) await subgraph.seed(database);
  const server = await subgraph.createServer({ database, gatewaySecret: TEST_GATEWAY_SECRET });
  await server.listen(0);
  return {
    database,
    server,
    async stop() {
      await server.stop();
      await database.close();
      await testDb.drop();
    },
  };
}
