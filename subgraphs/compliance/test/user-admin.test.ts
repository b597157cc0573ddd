import { AuditTrail, querySubgraph, type RunningSubgraph } from '@lotgraph/server';
import { ADMIN, AUDITOR, DEMO_PASSWORD, OPERATOR, QA_ENGINEER, QA_MANAGER, USER_FIELDS, auditEntries, login, startCompliance, userRow } from './support/compliance-test';

const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const DISABLE = 'mutation ($userId: ID!, $reason: String!) { disableUser(userId: $userId, reason: $reason) { id enabled disabledReason tokensValidAfter } }';
const ENABLE = 'mutation ($userId: ID!, $reason: String!) { enableUser(userId: $userId, reason: $reason) { id enabled disabledReason } }';

describe('user accounts, kept by an ADMIN', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startCompliance();
  });

  afterAll(async () => {
    await subgraph.stop();
  });

  it('lists users for ADMIN and AUDITOR only, and shows anyone their own account', async () => {
    for (const reader of [ADMIN, AUDITOR]) {
      const response = await querySubgraph<{ users: Array<{ id: string }> }>(subgraph.server, '{ users { id } }', {}, reader);
      expect(response.data!.users.map((u) => u.id)).toEqual(['admin', 'auditor', 'integrator', 'operator', 'qa.engineer', 'qa.lead', 'qa.manager', 'qc.inspector']);
    }
    const refused = await querySubgraph(subgraph.server, '{ users { id } }', {}, OPERATOR);
    expect(refused.errors![0]).toMatchObject({ message: 'operator (OPERATOR) may not read Query.users; that needs ADMIN or AUDITOR', extensions: { code: 'FORBIDDEN' } });
    expect(await querySubgraph(subgraph.server, '{ me { id printedName roles enabled } }', {}, OPERATOR)).toMatchObject({
      data: { me: { id: 'operator', printedName: 'Li Na (moulding operator)', roles: ['OPERATOR'], enabled: true } },
    });
  });

  it('creates a user who can log in; the password is never shown, stored plainly or audited', async () => {
    const input = { userId: 'qa.engineer2', printedName: 'Zhang Wei (QA engineer)', roles: ['QA_ENGINEER'], password: 'correct horse battery' };
    const refused = await querySubgraph(subgraph.server, CREATE, { input }, QA_MANAGER);
    expect(refused.errors![0]).toMatchObject({ message: 'qa.manager (QA_MANAGER) may not call Mutation.createUser; that needs ADMIN', extensions: { code: 'FORBIDDEN' } });

    const created = await querySubgraph(subgraph.server, CREATE, { input }, ADMIN);
    expect(created.data!.createUser).toMatchObject({ id: 'qa.engineer2', roles: ['QA_ENGINEER'], enabled: true, failedAttempts: 0, lockedAt: null });
    expect((await login(subgraph, 'qa.engineer2', 'correct horse battery')).errors).toBeUndefined();

    const [row] = await subgraph.database.dataSource.query(`SELECT password_hash FROM compliance.user_account WHERE id = 'qa.engineer2'`);
    expect(row.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect((await auditEntries(subgraph, 'qa.engineer2'))[0]).toMatchObject({
      action: 'CREATE',
      actorId: 'admin',
      changes: { printedName: { new: 'Zhang Wei (QA engineer)' }, roles: { new: ['QA_ENGINEER'] }, enabled: { new: true } },
    });
  });

  it('refuses a taken id, a malformed id, no roles and a short password, naming each', async () => {
    const base = { userId: 'new.user', printedName: 'New User', roles: ['OPERATOR'], password: 'long enough password' };
    const cases: Array<[object, string]> = [
      [{ userId: 'qa.manager' }, 'User.userId: a user with id qa.manager already exists'],
      [{ userId: 'Bad Id!' }, 'User.userId: "Bad Id!" is not a valid user id: use 2 to 63 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit (e.g. qa.manager)'],
      [{ roles: [] }, 'User.roles: new.user needs at least one role'],
      [{ printedName: ' ' }, 'User.printedName: new.user needs a printed name (shown with their records and signatures)'],
      [{ password: 'short' }, 'User.password: the password for new.user must be at least 12 characters long (it has 5)'],
      [{ password: 'new.user-password' }, 'User.password: the password for new.user must not contain the user id'],
    ];
    for (const [change, message] of cases) {
      const response = await querySubgraph(subgraph.server, CREATE, { input: { ...base, ...change } }, ADMIN);
      expect(response.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect((await auditEntries(subgraph, 'new.user'))).toEqual([]);
  });

  it('disables a user with a reason (no login, earlier tokens void) and enables them again; never deletes', async () => {
    const disabled = await querySubgraph<{ disableUser: { tokensValidAfter: string } }>(subgraph.server, DISABLE, { userId: 'operator', reason: 'Left the company' }, ADMIN);
    expect(disabled.data!.disableUser).toMatchObject({ id: 'operator', enabled: false, disabledReason: 'Left the company' });
    expect(Date.parse(disabled.data!.disableUser.tokensValidAfter)).toBeLessThanOrEqual(Date.now());
    const refused = await login(subgraph, 'operator');
    // At login, with the right password too, the same answer as any failure: only the ADMIN learns why (`users`).
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'LOGIN_FAILED' } });
    expect((await auditEntries(subgraph, 'operator')).at(-1)).toMatchObject({ action: 'LOGIN_FAILED', reason: 'the user is disabled; the password was right' });

    const again = await querySubgraph(subgraph.server, DISABLE, { userId: 'operator', reason: 'Twice' }, ADMIN);
    expect(again.errors![0].message).toBe('User.enabled: operator is already disabled (Left the company)');
    const self = await querySubgraph(subgraph.server, DISABLE, { userId: 'admin', reason: 'Oops' }, ADMIN);
    expect(self.errors![0].message).toBe('User.userId: admin cannot disable their own account; another ADMIN must');
    const nobody = await querySubgraph(subgraph.server, DISABLE, { userId: 'nobody', reason: 'x' }, ADMIN);
    expect(nobody.errors![0]).toMatchObject({ message: 'User with id "nobody" does not exist', extensions: { code: 'NOT_FOUND' } });

    expect(await querySubgraph(subgraph.server, ENABLE, { userId: 'operator', reason: 'Rehired' }, ADMIN)).toMatchObject({
      data: { enableUser: { id: 'operator', enabled: true, disabledReason: null } },
    });
    expect((await login(subgraph, 'operator')).errors).toBeUndefined();
    expect((await auditEntries(subgraph, 'operator')).map((e) => [e.action, e.reason]).slice(-4)).toEqual([
      ['DISABLE', 'Left the company'],
      ['LOGIN_FAILED', 'the user is disabled; the password was right'],
      ['ENABLE', 'Rehired'],
      ['LOGIN', null],
    ]);
  });

  it('resets a password as ADMIN: the old one stops working, earlier tokens become void', async () => {
    const reset = 'mutation ($p: String!) { resetPassword(userId: "integrator", newPassword: $p, reason: "Forgotten") { passwordChangedAt tokensValidAfter } }';
    const response = await querySubgraph<{ resetPassword: { passwordChangedAt: string; tokensValidAfter: string } }>(subgraph.server, reset, { p: 'a fresh one for mes' }, ADMIN);
    expect(response.data!.resetPassword.tokensValidAfter).toBe(response.data!.resetPassword.passwordChangedAt);
    expect((await login(subgraph, 'integrator')).errors![0].extensions!.code).toBe('LOGIN_FAILED');
    expect((await login(subgraph, 'integrator', 'a fresh one for mes')).errors).toBeUndefined();
    const entry = (await auditEntries(subgraph, 'integrator')).find((e) => e.action === 'PASSWORD_RESET')!;
    expect(Object.keys(entry.changes).sort()).toEqual(['passwordChangedAt', 'tokensValidAfter']);
    expect(entry).toMatchObject({ actorId: 'admin', reason: 'Forgotten' });
  });

  it('changes one’s own password after checking the current one, and hands back a fresh token', async () => {
    const change = 'mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { token expiresAt user { id tokensValidAfter } } }';
    const short = await querySubgraph(subgraph.server, change, { current: DEMO_PASSWORD, next: 'tiny' }, QA_ENGINEER);
    expect(short.errors![0]).toMatchObject({ message: 'User.newPassword: the password for qa.engineer must be at least 12 characters long (it has 4)', extensions: { code: 'BAD_USER_INPUT' } });
    const same = await querySubgraph(subgraph.server, change, { current: DEMO_PASSWORD, next: DEMO_PASSWORD }, QA_ENGINEER);
    expect(same.errors![0].message).toBe('User.newPassword: the new password for qa.engineer must differ from the current one');

    const wrong = await querySubgraph(subgraph.server, change, { current: 'not my password', next: 'my new passphrase' }, QA_ENGINEER);
    expect(wrong.errors![0]).toMatchObject({
      message: 'Wrong password for qa.engineer: the password was not changed (1 of 3 wrong passwords in a row; the third locks the account)',
      extensions: { code: 'WRONG_PASSWORD', failedAttempts: 1 },
    });

    const changed = await querySubgraph<{ changePassword: { token: string; user: { tokensValidAfter: string } } }>(
      subgraph.server, change, { current: DEMO_PASSWORD, next: 'my new passphrase' }, QA_ENGINEER,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.changePassword.user.tokensValidAfter).toMatch(/^\d{4}-/);
    expect((await login(subgraph, 'qa.engineer')).errors![0].extensions!.code).toBe('LOGIN_FAILED');
    expect((await login(subgraph, 'qa.engineer', 'my new passphrase')).errors).toBeUndefined();
    expect(await userRow(subgraph, 'qa.engineer')).toMatchObject({ failedAttempts: 0 });
    expect((await auditEntries(subgraph, 'qa.engineer')).map((e) => e.action).slice(-4)).toEqual(['PASSWORD_CHANGE_FAILED', 'PASSWORD_CHANGE', 'LOGIN_FAILED', 'LOGIN']);
  });

  it('never writes a password or a hash into the audit trail, and the chain holds', async () => {
    const rows: Array<{ changes: unknown; reason: string | null }> = await subgraph.database.dataSource.query('SELECT changes, reason FROM compliance.audit_entry');
    const text = JSON.stringify(rows);
    for (const secret of [DEMO_PASSWORD, 'correct horse battery', 'a fresh one for mes', 'my new passphrase', 'not my password', '$scrypt$', 'passwordHash']) {
      expect(text).not.toContain(secret);
    }
    expect(await new AuditTrail(subgraph.database.dataSource, 'compliance').verify()).toMatchObject({ ok: true, firstBroken: null });
  });
});
