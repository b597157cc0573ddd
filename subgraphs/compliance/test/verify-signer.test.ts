import { querySubgraph, type RunningSubgraph } from '@lotgraph/server';
import { ADMIN, AUDITOR, DEMO_PASSWORD, OPERATOR, QA_MANAGER, auditEntries, login, startCompliance, userRow } from './support/compliance-test';

const VERIFY = 'mutation ($password: String!, $purpose: String!) { verifySigner(password: $password, purpose: $purpose) { userId printedName roles verifiedAt } }';

describe('verifySigner: the caller re-enters their password to sign', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startCompliance();
  });

  afterAll(async () => {
    await subgraph.stop();
  });

  it('names the signer as the account says, at the moment of verification, and audits what was to be signed', async () => {
    const before = Date.now();
    const response = await querySubgraph<{ verifySigner: { verifiedAt: string } }>(
      subgraph.server, VERIFY, { password: DEMO_PASSWORD, purpose: 'release lot SYR5-2611-0003' }, QA_MANAGER,
    );
    expect(response.data!.verifySigner).toMatchObject({ userId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] });
    expect(Date.parse(response.data!.verifySigner.verifiedAt)).toBeGreaterThanOrEqual(before - 1);
    expect((await auditEntries(subgraph, 'qa.manager')).at(-1)).toMatchObject({ action: 'SIGNER_VERIFIED', actorId: 'qa.manager', reason: 'release lot SYR5-2611-0003' });

    const noPurpose = await querySubgraph(subgraph.server, VERIFY, { password: DEMO_PASSWORD, purpose: ' ' }, QA_MANAGER);
    expect(noPurpose.errors![0].message).toBe('VerifiedSigner.purpose: say what qa.manager is about to sign (e.g. "release lot SYR5-2611-0003")');
  });

  it('refuses a wrong password with a clear error, audited even though the request fails', async () => {
    const response = await querySubgraph(subgraph.server, VERIFY, { password: 'guess', purpose: 'release lot SYR5-2611-0003' }, QA_MANAGER);
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]).toMatchObject({
      message: 'Wrong password for qa.manager: the signer was not verified (1 of 3 wrong passwords in a row; the third locks the account)',
      extensions: { code: 'WRONG_PASSWORD', userId: 'qa.manager', failedAttempts: 1, locked: false },
    });
    expect((await auditEntries(subgraph, 'qa.manager')).at(-1)).toMatchObject({
      action: 'SIGNING_FAILED',
      actorId: 'qa.manager',
      changes: { failedAttempts: { old: 0, new: 1 } },
      reason: 'wrong password; for: release lot SYR5-2611-0003',
    });
  });

  it('counts wrong passwords at login and at signing together: the third in a row locks', async () => {
    // qa.manager has one wrong signing password from the test before; one more at login, one at signing.
    expect((await login(subgraph, 'qa.manager', 'guess again')).errors![0].extensions!.code).toBe('LOGIN_FAILED');
    const third = await querySubgraph(subgraph.server, VERIFY, { password: 'third guess', purpose: 'approve CAPA-2026-0017' }, QA_MANAGER);
    expect(third.errors![0]).toMatchObject({
      message: expect.stringMatching(
        /^Wrong password for qa.manager: the signer was not verified \(the account is now locked after 3 wrong passwords in a row, until \S+Z \(or until an ADMIN unlocks it\); your open sessions go on\)$/,
      ),
      extensions: { code: 'WRONG_PASSWORD', locked: true },
    });
    const locked = await querySubgraph(subgraph.server, VERIFY, { password: DEMO_PASSWORD, purpose: 'approve CAPA-2026-0017' }, QA_MANAGER);
    expect(locked.errors![0].extensions!.code).toBe('ACCOUNT_LOCKED');
    expect((await auditEntries(subgraph, 'qa.manager')).map((e) => e.action).slice(-5)).toEqual(['SIGNING_FAILED', 'LOGIN_FAILED', 'SIGNING_FAILED', 'LOCK', 'SIGNING_FAILED']);

    await querySubgraph(subgraph.server, 'mutation { unlockUser(userId: "qa.manager", reason: "Typo streak, confirmed in person") { id } }', {}, ADMIN);
    expect(await userRow(subgraph, 'qa.manager')).toMatchObject({ failedAttempts: 0, lockedAt: null });
    expect((await querySubgraph(subgraph.server, VERIFY, { password: DEMO_PASSWORD, purpose: 'approve CAPA-2026-0017' }, QA_MANAGER)).errors).toBeUndefined();
  });

  it('counts concurrent wrong passwords one after another', async () => {
    const guesses = await Promise.all(
      ['a', 'b', 'c', 'd'].map((guess) => querySubgraph(subgraph.server, VERIFY, { password: `wrong-${guess}`, purpose: 'burst' }, OPERATOR)),
    );
    expect(guesses.every((g) => g.errors)).toBe(true);
    const row = await userRow(subgraph, 'operator');
    expect(row.failedAttempts).toBe(4);
    expect(row.lockedAt).not.toBeNull();
    expect((await auditEntries(subgraph, 'operator')).filter((e) => e.action === 'LOCK')).toHaveLength(1);
  });

  it('is for the roles that sign records: AUDITOR signs nothing', async () => {
    const refused = await querySubgraph(subgraph.server, VERIFY, { password: DEMO_PASSWORD, purpose: 'anything' }, AUDITOR);
    expect(refused.errors![0]).toMatchObject({
      message: 'auditor (AUDITOR) may not call Mutation.verifySigner; that needs OPERATOR, QC_INSPECTOR, QA_ENGINEER or QA_MANAGER',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
