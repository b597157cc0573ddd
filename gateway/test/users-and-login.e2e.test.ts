import jwt from 'jsonwebtoken';
import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { SignerClient, createGraphClient, signToken } from '@lotgraph/server';
import { createGatewayServer } from '../src/server';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const LOGIN = 'mutation ($userId: ID!, $password: String!) { login(userId: $userId, password: $password) { token expiresAt user { id printedName roles } } }';
const ME = '{ me { id printedName roles } }';
const LOGIN_FAILED = {
  message: 'Login failed: wrong user id or password, or the account is locked (after 3 wrong passwords in a row) or disabled; an ADMIN can tell you which',
  extensions: { code: 'LOGIN_FAILED' },
};
/** Waits out the pause failed logins of one id earn (1 s after the second, 2 s after the third, ...). */
const waitOutThrottle = (failures: number) => new Promise((resolve) => setTimeout(resolve, failures < 2 ? 0 : 1000 * 2 ** (failures - 2) + 50));
const VERIFY = 'mutation ($password: String!) { verifySigner(password: $password, purpose: "release lot SYR5-2611-0003") { userId printedName verifiedAt } }';

describe('users and login, through the gateway', () => {
  let graph: TestGraph;
  const admin = () => graph.tokenFor('admin');
  const asAdmin = (query: string) => graph.query(query, { token: admin() });
  const login = async (userId: string, password = DEMO_PASSWORD) => {
    const response = await graph.query<{ login: { token: string } }>(LOGIN, { variables: { userId, password }, token: null });
    expect(response.errors).toBeUndefined();
    return response.data!.login.token;
  };
  const refusal = async (token: string) => {
    const response = await graph.query(ME, { token });
    expect(response.status).toBe(401);
    expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    return response.errors![0].message;
  };
  /** Every compliance audit entry about a user, oldest first. */
  const audit = async (userId: string): Promise<Array<{ action: string; actor_id: string; reason: string | null }>> =>
    graph.hub.databases.compliance!.dataSource.query(
      `SELECT action, actor_id, reason FROM compliance.audit_entry WHERE entity_type = 'User' AND entity_id = $1 ORDER BY seq`,
      [userId],
    );

  beforeAll(async () => {
    // The hub behind a reverse proxy on loopback: the throttling test below calls as clients the proxy names.
    graph = await startTestGraph({ trustedProxies: ['127.0.0.1'] });
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('logs in without a token, then queries the whole graph with the token it was given', async () => {
    const response = await graph.query<{ login: { token: string; expiresAt: string; user: unknown } }>(LOGIN, {
      variables: { userId: 'qa.manager', password: DEMO_PASSWORD },
      token: null,
    });
    expect(response.data!.login.user).toEqual({ id: 'qa.manager', printedName: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] });
    // The test hub's tokens live an hour (testConfig tokenTtl).
    expect(Date.parse(response.data!.login.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);

    const token = response.data!.login.token;
    const answer = await graph.query('{ me { id } lot(lotNumber: "SYR3-2611-0008") { lotNumber exceptions { number capas { number } } } }', { token });
    expect(answer).toMatchObject({
      status: 200,
      data: { me: { id: 'qa.manager' }, lot: { lotNumber: 'SYR3-2611-0008', exceptions: [{ number: 'EX-2026-0041', capas: [{ number: 'CAPA-2026-0017' }] }] } },
    });

    const wrong = await graph.query(LOGIN, { variables: { userId: 'qa.manager', password: 'nope' }, token: null });
    expect(wrong.errors![0]).toMatchObject(LOGIN_FAILED);
    const inChinese = await graph.query(LOGIN, { variables: { userId: 'nobody.zh', password: 'nope' }, token: null, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(inChinese.errors![0]).toMatchObject({
      message: '登录失败：用户名或密码错误，或账户已锁定（连续 3 次密码错误）或已停用；管理员可告知具体原因',
      extensions: { code: 'LOGIN_FAILED' },
    });
    const smuggled = await graph.query(`mutation { login(userId: "admin", password: "${DEMO_PASSWORD}") { token } disableUser(userId: "operator", reason: "x") { id } }`, { token: null });
    expect(smuggled.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('never lets anyone log in as a system account, and wrong guesses do not lock it', async () => {
    for (let guess = 0; guess < 4; guess += 1) {
      await waitOutThrottle(guess);
      const response = await graph.query(LOGIN, { variables: { userId: 'quality.containment', password: `guess-${guess}-long-enough` }, token: null });
      expect(response.errors?.[0]).toMatchObject(LOGIN_FAILED);
    }
    const users = await asAdmin('{ users { id lockedAt } }');
    expect((users.data as { users: Array<{ id: string; lockedAt: string | null }> }).users.find((u) => u.id === 'quality.containment')).toEqual({ id: 'quality.containment', lockedAt: null });
  });

  it('refuses a token after its logout: a replayed token gets nothing', async () => {
    const token = await login('auditor');
    expect((await graph.query(ME, { token })).data).toEqual({ me: { id: 'auditor', printedName: 'Eva Schmidt (auditor)', roles: ['AUDITOR'] } });
    expect(await graph.query('mutation { logout }', { token })).toMatchObject({ data: { logout: true } });
    expect(await refusal(token)).toMatch(/^Invalid bearer token: the token was revoked by logout at \d{4}-.*; log in again$/);
    // Another session of the same user is untouched.
    expect((await graph.query(ME, { token: await login('auditor') })).data).toMatchObject({ me: { id: 'auditor' } });
  });

  it('refuses a disabled user’s tokens at once, and after re-enabling still every token from before the disable', async () => {
    const token = await login('qa.engineer');
    expect((await graph.query(ME, { token })).status).toBe(200);
    expect((await asAdmin('mutation { disableUser(userId: "qa.engineer", reason: "On leave") { enabled } }')).data).toEqual({ disableUser: { enabled: false } });
    expect(await refusal(token)).toBe('Invalid bearer token: user qa.engineer is disabled');
    expect(await refusal(graph.tokenFor('qa.engineer'))).toBe('Invalid bearer token: user qa.engineer is disabled');

    await asAdmin('mutation { enableUser(userId: "qa.engineer", reason: "Back from leave") { enabled } }');
    expect(await refusal(token)).toMatch(/^Invalid bearer token: the token was issued before qa.engineer's password changed or the account was disabled \(.*\); log in again$/);
    expect((await graph.query(ME, { token: await login('qa.engineer') })).status).toBe(200);
  });

  it('refuses the tokens from before a password change; the new password’s token works', async () => {
    const token = await login('integrator');
    const changed = await graph.query<{ changePassword: { token: string } }>(
      'mutation { changePassword(currentPassword: "lotgraph-demo", newPassword: "integration passphrase") { token } }',
      { token },
    );
    expect(changed.errors).toBeUndefined();
    expect(await refusal(token)).toMatch(/issued before integrator's password changed/);
    expect((await graph.query(ME, { token: changed.data!.changePassword.token })).data).toMatchObject({ me: { id: 'integrator' } });
    expect((await graph.query(ME, { token: await login('integrator', 'integration passphrase') })).status).toBe(200);
  });

  it('still refuses forged and expired tokens, and refuses tokens of unknown users or without an id', async () => {
    const real = await login('operator');
    const [header, , signature] = real.split('.');
    const payload = Buffer.from(JSON.stringify({ ...(jwt.decode(real) as object), roles: ['ADMIN'] })).toString('base64url');
    const forged = `${header}.${payload}.${signature}`;
    const expired = jwt.sign({ name: 'Li Na', roles: ['OPERATOR'] }, graph.config.jwtSecret, { algorithm: 'HS256', subject: 'operator', issuer: 'lotgraph', jwtid: 'x1', expiresIn: -10 });
    const noId = jwt.sign({ name: 'Li Na', roles: ['OPERATOR'] }, graph.config.jwtSecret, { algorithm: 'HS256', subject: 'operator', issuer: 'lotgraph', expiresIn: 60 });
    const ghost = signToken({ id: 'ghost', name: 'Nobody', roles: ['ADMIN'] }, graph.config.jwtSecret);
    expect(await refusal(forged)).toBe('Invalid bearer token: token rejected: invalid signature');
    expect(await refusal(expired)).toMatch(/^Invalid bearer token: token expired at /);
    expect(await refusal(noId)).toBe('Invalid bearer token: it has no token id (jti); log in for a new token');
    expect(await refusal(ghost)).toBe('Invalid bearer token: user ghost is not known');

    // Signed with the secret but not as login signs: no expiry, issued in the future.
    const noExpiry = jwt.sign({ name: 'Li Na', roles: ['OPERATOR'] }, graph.config.jwtSecret, { algorithm: 'HS256', subject: 'operator', issuer: 'lotgraph', jwtid: 'x2' });
    expect(await refusal(noExpiry)).toBe('Invalid bearer token: token has no expiry (exp); log in for a new token');
    const inAYear = Math.floor(Date.now() / 1000) + 365 * 86_400;
    const future = jwt.sign({ name: 'Li Na', roles: ['OPERATOR'], iat: inAYear }, graph.config.jwtSecret, { algorithm: 'HS256', subject: 'operator', issuer: 'lotgraph', jwtid: 'x3', expiresIn: 60 });
    expect(await refusal(future)).toMatch(/^Invalid bearer token: token claims to be issued in the future \(\d{4}-/);
  });

  it('takes the caller’s name and roles from their account, not from what a token claims', async () => {
    const claimsAdmin = signToken({ id: 'operator', name: 'Site administrator', roles: ['ADMIN'] }, graph.config.jwtSecret);
    expect((await graph.query(ME, { token: claimsAdmin })).data).toEqual({ me: { id: 'operator', printedName: 'Li Na (moulding operator)', roles: ['OPERATOR'] } });
    const refused = await graph.query('mutation { disableUser(userId: "qa.manager", reason: "taking over") { enabled } }', { token: claimsAdmin });
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.errors![0].message).toMatch(/^operator \(OPERATOR\) may not/);
  });

  it('shows a user’s audit trail (logins, lockouts, sessions) to ADMIN and AUDITOR only', async () => {
    const trail = '{ auditTrail(entityType: "User", entityId: "admin") { action } }';
    for (const userId of ['operator', 'qa.manager']) {
      const refused = await graph.query(trail, { token: graph.tokenFor(userId) });
      expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(refused.errors![0].message).toMatch(/may not read a user's audit trail \(logins, lockouts, sessions\); that needs ADMIN or AUDITOR$/);
    }
    for (const userId of ['auditor', 'admin']) {
      const read = await graph.query<{ auditTrail: Array<{ action: string }> }>(trail, { token: graph.tokenFor(userId) });
      expect(read.errors).toBeUndefined();
      expect(read.data!.auditTrail.length).toBeGreaterThan(0);
    }
    // Other records' trails stay open to every reading role.
    expect((await graph.query('{ auditTrail(entityType: "Lot", entityId: "SYR3-2611-0008") { action } }', { token: graph.tokenFor('operator') })).errors).toBeUndefined();
  });

  it('slows down guessing from one client address, across accounts, without refusing other clients', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const codes: string[] = [];
    for (let i = 0; i < 24; i += 1) {
      const response = await graph.query(LOGIN, { variables: { userId: `sprayed.${i}`, password: 'Winter2026!' }, token: null, headers: from('203.0.113.7') });
      codes.push(response.errors![0].extensions!.code as string);
    }
    // Twenty failures from one address cost nothing; then every try waits, doubling, and is refused unchecked.
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('LOGIN_FAILED'));
    expect(codes.slice(21)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    const throttled = await graph.query(LOGIN, { variables: { userId: 'qa.manager', password: DEMO_PASSWORD }, token: null, headers: from('203.0.113.7') });
    expect(throttled.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Too many failed logins from your address: try again in \d+ s \(the password was not checked\)$/),
      extensions: { code: 'TOO_MANY_ATTEMPTS' },
    });
    // Another client logs in as ever; the audit trail says where each failure came from.
    const elsewhere = await graph.query(LOGIN, { variables: { userId: 'qa.manager', password: DEMO_PASSWORD }, token: null, headers: from('198.51.100.9') });
    expect(elsewhere.errors).toBeUndefined();
    expect((await audit('sprayed.0')).at(-1)).toMatchObject({ action: 'LOGIN_FAILED', actor_id: 'anonymous', reason: 'no user with this id (from 203.0.113.7)' });
  });

  it('lets nobody lock the only ADMIN out: anonymous wrong logins lock new logins, not the sessions already open', async () => {
    const adminSession = await login('admin');
    for (let i = 1; i <= 3; i += 1) {
      await waitOutThrottle(i - 1);
      expect((await graph.query(LOGIN, { variables: { userId: 'admin', password: `guess-${i}` }, token: null })).errors![0]).toMatchObject(LOGIN_FAILED);
    }
    // Locked, and its session goes on: the ADMIN sees the lock and can lift it.
    const seen = await graph.query<{ me: { locked: boolean; lockedUntil: string } }>('{ me { locked lockedUntil } }', { token: adminSession });
    expect(seen.status).toBe(200);
    expect(seen.data!.me.locked).toBe(true);
    await waitOutThrottle(3);
    expect((await graph.query(LOGIN, { variables: { userId: 'admin', password: DEMO_PASSWORD }, token: null })).errors![0]).toMatchObject(LOGIN_FAILED);
    const unlocked = await graph.query('mutation { unlockUser(userId: "admin", reason: "Own account, locked by someone guessing") { locked } }', { token: adminSession });
    expect(unlocked.data).toEqual({ unlockUser: { locked: false } });
    // Unlocked: no pause left to wait out either.
    expect(await login('admin')).toMatch(/^ey/);
  });

  it('audits a wrong password at signing and locks at the third: no more signatures or logins until unlocked, the session goes on', async () => {
    const token = await login('qc.inspector');
    const verify = (password: string) => graph.query<{ verifySigner: { userId: string } }>(VERIFY, { variables: { password }, token });
    expect((await verify(DEMO_PASSWORD)).data!.verifySigner.userId).toBe('qc.inspector');

    const first = await verify('wrong one');
    expect(first.errors![0]).toMatchObject({
      message: 'Wrong password for qc.inspector: the signer was not verified (1 of 3 wrong passwords in a row; the third locks the account)',
      extensions: { code: 'WRONG_PASSWORD' },
    });
    await verify('wrong two');
    const third = await verify('wrong three');
    expect(third.errors![0].message).toMatch(
      /the account is now locked after 3 wrong passwords in a row, until \S+ \(or until an ADMIN unlocks it\); your open sessions go on\)$/,
    );
    const lockReason = expect.stringMatching(/^3 wrong passwords in a row; locked until \S+ \(or until an ADMIN unlocks it\); open sessions go on$/);
    expect((await audit('qc.inspector')).slice(-4)).toEqual([
      { action: 'SIGNING_FAILED', actor_id: 'qc.inspector', reason: 'wrong password; for: release lot SYR5-2611-0003' },
      { action: 'SIGNING_FAILED', actor_id: 'qc.inspector', reason: 'wrong password; for: release lot SYR5-2611-0003' },
      { action: 'SIGNING_FAILED', actor_id: 'qc.inspector', reason: 'wrong password; for: release lot SYR5-2611-0003' },
      { action: 'LOCK', actor_id: 'qc.inspector', reason: lockReason },
    ]);

    // The session goes on; signing (even with the right password) and logging in do not.
    expect((await graph.query(ME, { token })).status).toBe(200);
    expect((await verify(DEMO_PASSWORD)).errors![0]).toMatchObject({ extensions: { code: 'ACCOUNT_LOCKED' } });
    expect((await graph.query(LOGIN, { variables: { userId: 'qc.inspector', password: DEMO_PASSWORD }, token: null })).errors![0]).toMatchObject(LOGIN_FAILED);
    const unlocked = await asAdmin('mutation { unlockUser(userId: "qc.inspector", reason: "Confirmed in person") { locked lockedAt } }');
    expect(unlocked.data).toEqual({ unlockUser: { locked: false, lockedAt: null } });
    expect((await verify(DEMO_PASSWORD)).data!.verifySigner.userId).toBe('qc.inspector');
  });

  it('lets a subgraph re-authenticate its caller through the gateway with the signer client', async () => {
    const token = await login('qa.manager');
    const signers = new SignerClient(createGraphClient({ gatewayUrl: () => graph.hub.url }));
    const signer = await signers.verifySigner({ token, requestId: 'sign-1' }, DEMO_PASSWORD, 'release lot SYR5-2611-0003');
    expect(signer).toMatchObject({ userId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] });
    expect(signer.verifiedAt).toBeInstanceOf(Date);

    await expect(signers.verifySigner({ token }, 'not it', 'release lot SYR5-2611-0003')).rejects.toMatchObject({
      message: expect.stringMatching(/^Wrong password for qa.manager: the signer was not verified/),
      extensions: { code: 'WRONG_PASSWORD' },
    });
    await expect(new SignerClient(createGraphClient({ gatewayUrl: () => 'http://127.0.0.1:1/graphql' })).verifySigner({ token }, DEMO_PASSWORD, 'x')).rejects.toMatchObject({
      extensions: { code: 'SIGNER_CHECK_UNAVAILABLE' },
    });
    // The wrong password above counts; a right one resets it, so later tests start clean.
    await signers.verifySigner({ token }, DEMO_PASSWORD, 'reset');
  });

  it('reaches a gateway that is not told of changes within its session-cache lifetime', async () => {
    const ttlMs = 300;
    const elsewhere = await createGatewayServer({ config: graph.config, subgraphUrls: graph.hub.gateway.subgraphUrls, sessionCacheTtlMs: ttlMs });
    const url = `${await elsewhere.listen(0, '127.0.0.1')}/graphql`;
    const ask = async (token: string) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: ME }) })).status;
    try {
      const token = await login('operator');
      expect(await ask(token)).toBe(200);
      await asAdmin('mutation { disableUser(userId: "operator", reason: "Badge lost") { enabled } }');
      const disabledAt = Date.now();
      while ((await ask(token)) === 200) {
        expect(Date.now() - disabledAt).toBeLessThan(ttlMs + 500);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await ask(token)).toBe(401);
    } finally {
      await elsewhere.stop();
      await asAdmin('mutation { enableUser(userId: "operator", reason: "Badge found") { enabled } }');
    }
  });

  // Before the compliance subgraph is stopped below: logins, locks, disables, password changes all audited as made.
  it('leaves every account agreeing with its audit trail', () => expectTrailsVerified(graph));

  it('refuses a request whose session cannot be checked rather than let it through', async () => {
    const token = graph.tokenFor('qa.manager');
    await graph.hub.subgraphs.compliance!.stop();
    const response = await graph.query('{ lots(first: 1) { totalCount } }', { token });
    expect(response.status).toBe(503);
    expect(response.errors![0]).toMatchObject({
      message: expect.stringMatching(/^The session of qa.manager could not be checked: the compliance subgraph did not answer/),
      extensions: { code: 'SESSION_CHECK_UNAVAILABLE' },
    });
  });

});
