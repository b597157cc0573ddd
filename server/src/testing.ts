import type { SubgraphServer } from './http/subgraph-server';
import { HEADERS, encodeUserHeader } from './context/request-context';
import type { Identity } from './auth/jwt';

export const TEST_GATEWAY_SECRET = 'test-gateway-secret';

const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

/** Posts a query to a listening subgraph the way the gateway does (shared secret, forwarded caller). */
export async function querySubgraph<T = Record<string, unknown>>(
  server: SubgraphServer,
  query: string,
  variables: Record<string, unknown> = {},
  user: Identity | null = QA_MANAGER,
): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET,
      ...(user ? { [HEADERS.user]: encodeUserHeader(user) } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}
