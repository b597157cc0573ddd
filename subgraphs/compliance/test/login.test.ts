import jwt from 'jsonwebtoken';
import { querySubgraph, verifyTokenClaims, type RunningSubgraph } from '@lotgraph/server';
import type { SessionStatus } from '../src/server';
import { ADMIN, DEMO_PASSWORD, LOGIN, QA_MANAGER, TEST_JWT_SECRET, auditEntries, login, startCompliance, userRow } from './support/compliance-test';

describe('login', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startCompliance();
  });

  afterAll(async () => {
    await subgraph.stop();
  });

  it('issues a short-lived token with its own id for the right password, without a token of its own', async () => {
    const before = Date.now();
    const response = await login(subgraph, 'qa.manager');
    expect(response.errors).toBeUndefined();
    const session = response.data!.login;
    expect(session.user).toEqual({ id: 'qa.manager', printedName: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] });
    const claims = verifyTokenClaims(session.token, TEST_JWT_SECRET);
    expect(claims.identity).toEqual(QA_MANAGER);
    expect(claims.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.issuedAt!.getTime()).toBeGreaterThanOrEqual(before);
    // 15 minutes, to the second.
    expect(Math.abs(Date.parse(session.expiresAt) - (claims.issuedAt!.getTime() + 15 * 60_000))).toBeLessThan(1000);
    expect(jwt.decode(session.token)).not.toHaveProperty('password');

    const entries = await auditEntries(subgraph, 'qa.manager');
    expect(entries.at(-1)).toMatchObject({ action: 'LOGIN', actorId: 'qa.manager', changes: { tokenId: { new: claims.tokenId } } });
  });

  it('gives the same answer for a wrong password and an unknown user, and audits both', async () => {
    const wrong = await login(subgraph, 'qa.manager', 'not-the-password');
    const unknown = await login(subgraph, 'nobody.here', DEMO_PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0]).toMatchObject({ message: 'Login failed: wrong user id or password', extensions: { code: 'LOGIN_FAILED' } });
    }
    expect((await auditEntries(subgraph, 'qa.manager')).at(-1)).toMatchObject({
      action: 'LOGIN_FAILED',
      actorId: 'anonymous',
      changes: { failedAttempts: { old: 0, new: 1 } },
      reason: 'wrong password',
    });
    expect((await auditEntries(subgraph, 'nobody.here')).at(-1)).toMatchObject({ action: 'LOGIN_FAILED', reason: 'no user with this id' });
    expect(await userRow(subgraph, 'qa.manager')).toMatchObject({ failedAttempts: 1, lockedAt: null });

    // The right password resets the count.
    expect((await login(subgraph, 'qa.manager')).errors).toBeUndefined();
    expect(await userRow(subgraph, 'qa.manager')).toMatchObject({ failedAttempts: 0 });
    expect((await auditEntries(subgraph, 'qa.manager')).at(-1)).toMatchObject({ action: 'LOGIN', changes: { failedAttempts: { old: 1, new: 0 } } });
  });

  it('locks the account at the third wrong password in a row, until an ADMIN unlocks it', async () => {
    const first = await login(subgraph, 'qc.inspector', 'wrong-1');
    const second = await login(subgraph, 'qc.inspector', 'wrong-2');
    expect([first, second].map((r) => r.errors![0].extensions!.code)).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED']);
    const third = await login(subgraph, 'qc.inspector', 'wrong-3');
    expect(third.errors![0].extensions!.code).toBe('ACCOUNT_LOCKED');
    expect(third.errors![0].message).toMatch(/^User qc.inspector is locked since .* after 3 wrong passwords in a row; an ADMIN must unlock it$/);

    // Locked: even the right password is refused, and the refusal is audited.
    const right = await login(subgraph, 'qc.inspector');
    expect(right.errors![0].extensions!.code).toBe('ACCOUNT_LOCKED');
    const actions = (await auditEntries(subgraph, 'qc.inspector')).map((e) => `${e.action}${e.reason ? `: ${e.reason}` : ''}`);
    expect(actions.slice(-5)).toEqual([
      'LOGIN_FAILED: wrong password',
      'LOGIN_FAILED: wrong password',
      'LOGIN_FAILED: wrong password',
      'LOCK: 3 wrong passwords in a row',
      'LOGIN_FAILED: the account is locked',
    ]);

    const unlock = 'mutation ($reason: String!) { unlockUser(userId: "qc.inspector", reason: $reason) { failedAttempts lockedAt } }';
    const notAdmin = await querySubgraph(subgraph.server, unlock, { reason: 'Called the help desk' }, QA_MANAGER);
    expect(notAdmin.errors![0]).toMatchObject({
      message: 'qa.manager (QA_MANAGER) may not call Mutation.unlockUser; that needs ADMIN',
      extensions: { code: 'FORBIDDEN' },
    });
    const noReason = await querySubgraph(subgraph.server, unlock, { reason: '  ' }, ADMIN);
    expect(noReason.errors![0].message).toBe('User.reason: a reason is required to change qc.inspector');

    const unlocked = await querySubgraph(subgraph.server, unlock, { reason: 'Identity confirmed by phone' }, ADMIN);
    expect(unlocked).toMatchObject({ data: { unlockUser: { failedAttempts: 0, lockedAt: null } } });
    expect((await auditEntries(subgraph, 'qc.inspector')).at(-1)).toMatchObject({ action: 'UNLOCK', actorId: 'admin', reason: 'Identity confirmed by phone' });
    expect((await login(subgraph, 'qc.inspector')).errors).toBeUndefined();
  });

  it('lets an anonymous caller run login and nothing else', async () => {
    const smuggled = await querySubgraph(
      subgraph.server,
      `mutation { login(userId: "admin", password: "${DEMO_PASSWORD}") { token } unlockUser(userId: "qc.inspector", reason: "x") { id } }`,
      {},
      null,
    );
    expect(smuggled.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const read = await querySubgraph(subgraph.server, '{ users { id } }', {}, null);
    expect(read.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const viaVariables = await querySubgraph(subgraph.server, LOGIN, { userId: 'admin', password: DEMO_PASSWORD }, null);
    expect(viaVariables.data).toMatchObject({ login: { user: { id: 'admin' } } });
  });

  it('revokes the caller’s own token at logout and tells the gateway so through the session status', async () => {
    const { token } = (await login(subgraph, 'auditor')).data!.login;
    const { tokenId } = verifyTokenClaims(token, TEST_JWT_SECRET);
    const status = async () => {
      const response = await fetch(`${subgraph.server.url}/internal/session-status?userId=auditor&tokenId=${tokenId}`, {
        headers: { 'x-lotgraph-gateway-secret': 'test-gateway-secret' },
      });
      return (await response.json()) as SessionStatus;
    };
    expect(await status()).toEqual({ user: { enabled: true, lockedAt: null, tokensValidAfter: null }, tokenRevokedAt: null });

    const auditor = { id: 'auditor', name: 'Eva Schmidt (auditor)', roles: ['AUDITOR' as const] };
    const logout = await querySubgraph(subgraph.server, 'mutation { logout }', {}, auditor, token);
    expect(logout).toMatchObject({ data: { logout: true } });
    expect((await status()).tokenRevokedAt).toMatch(/^\d{4}-/);
    expect((await auditEntries(subgraph, 'auditor')).at(-1)).toMatchObject({ action: 'LOGOUT', actorId: 'auditor', changes: { tokenId: { old: tokenId } } });

    const unknown = await fetch(`${subgraph.server.url}/internal/session-status?userId=nobody&tokenId=x`, { headers: { 'x-lotgraph-gateway-secret': 'test-gateway-secret' } });
    expect(await unknown.json()).toEqual({ user: null, tokenRevokedAt: null });
    const withoutSecret = await fetch(`${subgraph.server.url}/internal/session-status?userId=auditor&tokenId=${tokenId}`);
    expect(withoutSecret.status).toBe(403);
  });
});
