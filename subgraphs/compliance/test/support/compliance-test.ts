import { AuditTrail, querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { DEMO_PASSWORD, createComplianceDatabase, createComplianceServer, seedComplianceDemo } from '../../src/server';

export const TEST_JWT_SECRET = 'compliance-test-jwt-secret';
export { DEMO_PASSWORD };

export const ADMIN: Identity = { id: 'admin', name: 'Site administrator', roles: ['ADMIN'] };
export const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };
export const QA_ENGINEER: Identity = { id: 'qa.engineer', name: 'Priya Raman (QA engineer)', roles: ['QA_ENGINEER'] };
export const OPERATOR: Identity = { id: 'operator', name: 'Li Na (moulding operator)', roles: ['OPERATOR'] };
export const AUDITOR: Identity = { id: 'auditor', name: 'Eva Schmidt (auditor)', roles: ['AUDITOR'] };

export type GraphQLAnswer<T> = Awaited<ReturnType<typeof querySubgraph<T>>>;

/** The compliance subgraph on a fresh database with the seven demo users, as the gateway would call it. */
export function startCompliance(login?: { lockoutMs: number }): Promise<RunningSubgraph> {
  return startSubgraphForTest({
    createDatabase: createComplianceDatabase,
    createServer: (options) => createComplianceServer({ ...options, tokens: { secret: TEST_JWT_SECRET, ttl: '15m' }, login }),
    seed: seedComplianceDemo,
  });
}

export const LOGIN = 'mutation ($userId: ID!, $password: String!) { login(userId: $userId, password: $password) { token expiresAt user { id printedName roles } } }';

export async function login(subgraph: RunningSubgraph, userId: string, password = DEMO_PASSWORD) {
  return querySubgraph<{ login: { token: string; expiresAt: string; user: { id: string } } }>(subgraph.server, LOGIN, { userId, password }, null);
}

/** Waits out the pause failed logins of one id earn (1 s after the second, 2 s after the third, ...). */
export function waitOutThrottle(failures: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, failures < 2 ? 0 : 1000 * 2 ** (failures - 2) + 50));
}

export const USER_FIELDS = 'id printedName roles enabled disabledReason failedAttempts locked lockedAt lockedUntil passwordChangedAt tokensValidAfter';

export async function userRow(subgraph: RunningSubgraph, userId: string) {
  const response = await querySubgraph<{ users: Array<Record<string, unknown>> }>(subgraph.server, `{ users { ${USER_FIELDS} } }`, {}, ADMIN);
  return response.data!.users.find((user) => user.id === userId)!;
}

export function auditEntries(subgraph: RunningSubgraph, userId: string) {
  return new AuditTrail(subgraph.database.dataSource, 'compliance').entriesFor('User', userId);
}
