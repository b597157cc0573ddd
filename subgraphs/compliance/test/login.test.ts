import jwt from 'jsonwebtoken';
import { AuditReader, querySubgraph, verifyTokenClaims, type RunningSubgraph } from '@lotgraph/server';
import type { SessionStatus } from '../src/server';
import { ADMIN, DEMO_PASSWORD, LOGIN, QA_MANAGER, TEST_JWT_SECRET, auditEntries, login, startCompliance, userRow, waitOutThrottle } from './support/compliance-test';

const LOGIN_FAILED = {
  message: 'Login failed: wrong user id or password, or the account is locked (after 3 wrong passwords in a row) or disabled; an ADMIN can tell you which',
  extensions: { code: 'LOGIN_FAILED' },
};

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
      expect(response.errors![0]).toMatchObject(LOGIN_FAILED);
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

  it('locks the account at the third wrong password in a row, answers every login of it LOGIN_FAILED, and an ADMIN unlocks it', async () => {
    const first = await login(subgraph, 'qc.inspector', 'wrong-1');
    const second = await login(subgraph, 'qc.inspector', 'wrong-2');
    await waitOutThrottle(2);
    const third = await login(subgraph, 'qc.inspector', 'wrong-3');
    // The lock does not show: the third answer is the same as the first two.
    for (const response of [first, second, third]) expect(response.errors![0]).toMatchObject(LOGIN_FAILED);
    const locked = await userRow(subgraph, 'qc.inspector');
    expect(locked).toMatchObject({ failedAttempts: 3, locked: true });
    // Locked for 15 minutes (LOTGRAPH_LOCKOUT's default), to the second.
    expect(Math.abs(Date.parse(locked.lockedUntil as string) - Date.parse(locked.lockedAt as string) - 15 * 60_000)).toBeLessThan(1000);

    // Locked: the right password gets the same answer as a wrong one; the refusal is audited, not counted.
    await waitOutThrottle(3);
    const right = await login(subgraph, 'qc.inspector');
    expect(right.errors![0]).toMatchObject(LOGIN_FAILED);
    expect(await userRow(subgraph, 'qc.inspector')).toMatchObject({ failedAttempts: 3 });
    const actions = (await auditEntries(subgraph, 'qc.inspector')).map((e) => `${e.action}${e.reason ? `: ${e.reason}` : ''}`);
    const until = `until ${locked.lockedUntil} (or until an ADMIN unlocks it)`;
    expect(actions.slice(-5)).toEqual([
      'LOGIN_FAILED: wrong password',
      'LOGIN_FAILED: wrong password',
      'LOGIN_FAILED: wrong password',
      `LOCK: 3 wrong passwords in a row; locked ${until}; open sessions go on`,
      `LOGIN_FAILED: the account is locked ${until}; the password was right`,
    ]);

    const unlock = 'mutation ($reason: String!) { unlockUser(userId: "qc.inspector", reason: $reason) { failedAttempts locked lockedAt lockedUntil } }';
    const notAdmin = await querySubgraph(subgraph.server, unlock, { reason: 'Called the help desk' }, QA_MANAGER);
    expect(notAdmin.errors![0]).toMatchObject({
      message: 'qa.manager (QA_MANAGER) may not call Mutation.unlockUser; that needs ADMIN',
      extensions: { code: 'FORBIDDEN' },
    });
    const noReason = await querySubgraph(subgraph.server, unlock, { reason: '  ' }, ADMIN);
    expect(noReason.errors![0].message).toBe('User.reason: a reason is required to change qc.inspector');

    const unlocked = await querySubgraph(subgraph.server, unlock, { reason: 'Identity confirmed by phone' }, ADMIN);
    expect(unlocked).toMatchObject({ data: { unlockUser: { failedAttempts: 0, locked: false, lockedAt: null, lockedUntil: null } } });
    expect((await auditEntries(subgraph, 'qc.inspector')).at(-1)).toMatchObject({ action: 'UNLOCK', actorId: 'admin', reason: 'Identity confirmed by phone' });
    expect((await login(subgraph, 'qc.inspector')).errors).toBeUndefined();
  });

  it('slows down guessing: after a failed login of an id, the next try waits, doubling, without the password being checked', async () => {
    const answers = [];
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) answers.push(await login(subgraph, 'nobody.at.all', `guess-${i}`));
    expect(Date.now() - started).toBeLessThan(4000);
    const codes = answers.map((answer) => answer.errors![0].extensions!.code);
    // One failure costs nothing; the second starts a 1 s pause, in which every try is refused unchecked.
    expect(codes.slice(0, 2)).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED']);
    expect(codes.filter((code) => code === 'LOGIN_FAILED').length).toBeLessThanOrEqual(4);
    expect(answers[2].errors![0]).toMatchObject({
      message: expect.stringMatching(/^Too many failed logins as nobody\.at\.all: try again in 1 s \(the password was not checked\)$/),
      extensions: { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 },
    });
    // Audited: each checked try, and the first refused one of each pause (not every one).
    const entries = await auditEntries(subgraph, 'nobody.at.all');
    const throttled = entries.filter((entry) => entry.reason?.startsWith('throttled'));
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.length).toBeLessThanOrEqual(codes.filter((code) => code === 'LOGIN_FAILED').length);
    expect(throttled[0].reason).toBe('throttled after 2 failed logins as this id; no try for 1 s');
    expect(entries.length).toBeLessThan(10);
  });

  it('lifts a lock on its own after the lockout period, and the next good login clears it in the row and the trail', async () => {
    const shortLock = await startCompliance({ lockoutMs: 1500 });
    try {
      for (let i = 1; i <= 3; i += 1) {
        await waitOutThrottle(i - 1);
        expect((await login(shortLock, 'operator', `wrong-${i}`)).errors![0].extensions!.code).toBe('LOGIN_FAILED');
      }
      expect(await userRow(shortLock, 'operator')).toMatchObject({ locked: true, failedAttempts: 3 });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect(await userRow(shortLock, 'operator')).toMatchObject({ locked: false });
      const again = await login(shortLock, 'operator');
      expect(again.errors).toBeUndefined();
      expect(await userRow(shortLock, 'operator')).toMatchObject({ locked: false, lockedAt: null, lockedUntil: null, failedAttempts: 0 });
      expect((await auditEntries(shortLock, 'operator')).at(-1)).toMatchObject({
        action: 'LOGIN',
        changes: { failedAttempts: { old: 3, new: 0 }, lockedAt: { new: null }, lockedUntil: { new: null } },
      });
      const [verification] = (await new AuditReader(shortLock.database.dataSource, ['compliance']).verifyAll()) as Array<{ ok: boolean; mismatches: unknown[] }>;
      expect(verification).toMatchObject({ ok: true, mismatches: [] });
    } finally {
      await shortLock.stop();
    }
  });

  it('keeps a lock until an ADMIN unlocks it when the lockout is off (LOTGRAPH_LOCKOUT=off)', async () => {
    const adminOnly = await startCompliance({ lockoutMs: 0 });
    try {
      for (let i = 1; i <= 3; i += 1) {
        await waitOutThrottle(i - 1);
        await login(adminOnly, 'operator', `wrong-${i}`);
      }
      expect(await userRow(adminOnly, 'operator')).toMatchObject({ locked: true, lockedUntil: null });
      expect((await auditEntries(adminOnly, 'operator')).at(-1)).toMatchObject({ action: 'LOCK', reason: '3 wrong passwords in a row; locked until an ADMIN unlocks it; open sessions go on' });
    } finally {
      await adminOnly.stop();
    }
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
    expect(await status()).toEqual({ user: { printedName: 'Eva Schmidt (auditor)', roles: ['AUDITOR'], enabled: true, tokensValidAfter: null }, tokenRevokedAt: null });

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
