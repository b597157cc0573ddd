import type { EntityManager } from 'typeorm';
import { SYSTEM_USERS, type AuditTrail, type FieldChanges, type Identity } from '@lotgraph/server';
import type { UserRepository } from '../user/user.repository';
import type { UserAccountEntity } from '../user/user-account.entity';
import { verifyAgainstDecoy, verifyPassword } from './password-hash';
import { LOCK_AFTER_FAILURES, accountDisabled, accountLocked, loginFailed, noAccount, wrongPassword } from './credential-errors';

/** Where a password was typed; each failure is audited under its own action. */
export type AttemptKind = 'LOGIN' | 'SIGNING' | 'PASSWORD_CHANGE';

const MAX_ID_IN_AUDIT = 64;

const FAILED_ACTION: Record<AttemptKind, string> = {
  LOGIN: 'LOGIN_FAILED',
  SIGNING: 'SIGNING_FAILED',
  PASSWORD_CHANGE: 'PASSWORD_CHANGE_FAILED',
};

const REFUSED_WHAT: Record<AttemptKind, string> = {
  LOGIN: 'login refused',
  SIGNING: 'the signer was not verified',
  PASSWORD_CHANGE: 'the password was not changed',
};

export interface Attempt {
  kind: AttemptKind;
  /** The logged-in caller (signing, password change); null at login, where nobody is yet. */
  caller: Identity | null;
  requestId?: string | null;
  /** What the password was typed for (the record about to be signed), kept as the audit entry's reason. */
  purpose?: string | null;
}

/** The actor of an audit entry about a login attempt: nobody has logged in yet. */
export function loginAttemptActor(userId: string): Identity {
  return { id: 'anonymous', name: `login attempt as ${userId}`, roles: [] };
}

/**
 * Checks a typed password against a user's stored hash, for login, e-signature re-authentication and password
 * change alike. A failure is audited and counted in its own transaction, committed even though the request
 * then fails; the third wrong password in a row locks the account. A success is confirmed (and the count
 * reset) inside the caller's own transaction, with `confirm`.
 */
export class CredentialService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditTrail,
    private readonly onUserSessionChange: (userId: string) => void,
  ) {}

  /** The user, when the password is theirs and they may use it; otherwise audits the attempt and throws. */
  async check(userId: string, password: string, attempt: Attempt): Promise<UserAccountEntity> {
    const user = await this.users.findById(userId);
    // A system account has no password anyone knows; wrong guesses must not lock it (and stop its work).
    const system = SYSTEM_USERS.some((account) => account.id === userId);
    if (!user || system) {
      await verifyAgainstDecoy(password);
      // Whatever an anonymous caller typed as the id is kept, but not at any length.
      await this.recordRefusal(userId.slice(0, MAX_ID_IN_AUDIT), attempt, system ? 'a system account never logs in or signs' : 'no user with this id');
      throw attempt.kind === 'LOGIN' ? loginFailed() : noAccount(userId);
    }
    // Someone logging in learns nothing about an account (disabled, locked, why) without its password.
    if (attempt.kind === 'LOGIN' && (!user.enabled || user.lockedAt) && !(await verifyPassword(password, user.passwordHash))) {
      await this.recordRefusal(userId, attempt, user.enabled ? 'the account is locked' : 'the user is disabled');
      throw loginFailed();
    }
    if (!user.enabled) {
      await this.recordRefusal(userId, attempt, 'the user is disabled');
      throw accountDisabled(userId, user.disabledReason);
    }
    if (user.lockedAt) {
      await this.recordRefusal(userId, attempt, 'the account is locked');
      throw accountLocked(userId, user.lockedAt);
    }
    if (await verifyPassword(password, user.passwordHash)) return user;
    const failed = await this.recordWrongPassword(userId, attempt);
    if (failed.lockedAt) this.onUserSessionChange(userId);
    if (attempt.kind === 'LOGIN') throw failed.lockedAt ? accountLocked(userId, failed.lockedAt) : loginFailed();
    throw wrongPassword(userId, REFUSED_WHAT[attempt.kind], failed.failedAttempts, failed.lockedAt);
  }

  /**
   * Inside the caller's transaction: holds the user's row, makes sure nothing changed since the password was
   * checked (disabled, locked or a new password meanwhile), and resets the count of wrong passwords.
   * Answers the locked row and the fields changed, for the caller's audit entry.
   */
  async confirm(checked: UserAccountEntity, manager: EntityManager): Promise<{ user: UserAccountEntity; changes: FieldChanges }> {
    const user = await this.users.findForUpdate(checked.id, manager);
    if (!user || !user.enabled) throw accountDisabled(checked.id, user?.disabledReason ?? null);
    if (user.lockedAt) throw accountLocked(user.id, user.lockedAt);
    if (user.passwordHash !== checked.passwordHash) throw loginFailed();
    const changes: FieldChanges = {};
    if (user.failedAttempts !== 0) {
      changes.failedAttempts = { old: user.failedAttempts, new: 0 };
      user.failedAttempts = 0;
      await this.users.save(user, manager);
    }
    return { user, changes };
  }

  private actor(userId: string, attempt: Attempt): Identity {
    return attempt.caller ?? loginAttemptActor(userId);
  }

  /** An attempt refused before any password was checked: audited, not counted. */
  private async recordRefusal(userId: string, attempt: Attempt, why: string): Promise<void> {
    await this.users.transaction((manager) =>
      this.audit.record(manager, {
        actor: this.actor(userId, attempt),
        action: FAILED_ACTION[attempt.kind],
        entityType: 'User',
        entityId: userId,
        changes: {},
        reason: attempt.purpose ? `${why}; for: ${attempt.purpose}` : why,
        requestId: attempt.requestId,
      }),
    );
  }

  private recordWrongPassword(userId: string, attempt: Attempt): Promise<{ failedAttempts: number; lockedAt: Date | null }> {
    return this.users.transaction(async (manager) => {
      const user = (await this.users.findForUpdate(userId, manager))!;
      const before = { failedAttempts: user.failedAttempts, lockedAt: user.lockedAt };
      user.failedAttempts += 1;
      const locksNow = user.failedAttempts >= LOCK_AFTER_FAILURES && !user.lockedAt;
      if (locksNow) user.lockedAt = new Date();
      await this.users.save(user, manager);
      const entry = { actor: this.actor(userId, attempt), entityType: 'User', entityId: userId, requestId: attempt.requestId };
      await this.audit.record(manager, {
        ...entry,
        action: FAILED_ACTION[attempt.kind],
        changes: { failedAttempts: { old: before.failedAttempts, new: user.failedAttempts } },
        reason: attempt.purpose ? `wrong password; for: ${attempt.purpose}` : 'wrong password',
      });
      if (locksNow) {
        await this.audit.record(manager, {
          ...entry,
          action: 'LOCK',
          changes: { lockedAt: { old: null, new: user.lockedAt } },
          reason: `${LOCK_AFTER_FAILURES} wrong passwords in a row`,
        });
      }
      return { failedAttempts: user.failedAttempts, lockedAt: user.lockedAt };
    });
  }
}
