import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { SYSTEM_USERS, type AuditTrail, type FieldChanges, type Identity } from '@lotgraph/server';
import type { UserRepository } from '../user/user.repository';
import type { UserAccountEntity } from '../user/user-account.entity';
import { isLocked, lockEnd, lockHasLifted } from './account-lock';
import { verifyAgainstDecoy, verifyPassword } from './password-hash';
import { LOCK_AFTER_FAILURES, accountDisabled, accountLocked, lockTerm, loginFailed, noAccount, tooManyAttempts, wrongPassword } from './credential-errors';
import { LoginThrottle } from './login-throttle';

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
  /** Where a login came from (the gateway's reading of the client's address): failures are throttled and audited with it. */
  clientAddress?: string | null;
  /** What the password was typed for (the record about to be signed), kept as the audit entry's reason. */
  purpose?: string | null;
}

/** The actor of an audit entry about a login attempt: nobody has logged in yet. */
export function loginAttemptActor(userId: string): Identity {
  return { id: 'anonymous', name: `login attempt as ${userId}`, roles: [] };
}

/** How long the lock after wrong passwords holds: `lockoutMs` (0: until an ADMIN unlocks it). */
export interface LockoutPolicy {
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { lockoutMs: 15 * 60_000 };

/**
 * Checks a typed password against a user's stored hash, for login, e-signature re-authentication and password
 * change alike. A failure is audited and counted in its own transaction, committed even though the request
 * then fails; the third wrong password in a row locks the account (for `lockoutMs`, or until an ADMIN unlocks
 * it). A lock stops logins and signatures, not the sessions already open. Failed logins are also throttled in
 * memory per account id and per client address (login-throttle.ts). A success is confirmed (and the count
 * reset) inside the caller's own transaction, with `confirm`.
 */
export class CredentialService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditTrail,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly throttle: LoginThrottle = new LoginThrottle(),
  ) {}

  /** The user, when the password is theirs and they may use it; otherwise audits the attempt and throws. */
  async check(userId: string, password: string, attempt: Attempt): Promise<UserAccountEntity> {
    if (attempt.kind !== 'LOGIN') return this.checkPassword(userId, password, attempt);
    const auditedId = userId.slice(0, MAX_ID_IN_AUDIT);
    const wait = this.throttle.refusal(userId, attempt.clientAddress ?? null);
    if (wait) {
      if (wait.firstOfSpell) {
        const from = wait.scope === 'account' ? 'as this id' : `from ${attempt.clientAddress}`;
        await this.recordRefusal(auditedId, attempt, `throttled after ${wait.failures} failed logins ${from}; no try for ${Math.ceil(wait.retryAfterMs / 1000)} s`);
      }
      throw tooManyAttempts(wait.scope, auditedId, wait.retryAfterMs);
    }
    try {
      const user = await this.checkPassword(userId, password, attempt);
      this.throttle.succeeded(userId);
      return user;
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions.code === 'LOGIN_FAILED') this.throttle.failed(userId, attempt.clientAddress ?? null);
      throw err;
    }
  }

  private async checkPassword(userId: string, password: string, attempt: Attempt): Promise<UserAccountEntity> {
    const user = await this.users.findById(userId);
    // A system account has no password anyone knows; wrong guesses must not lock it (and stop its work).
    const system = SYSTEM_USERS.some((account) => account.id === userId);
    if (!user || system) {
      await verifyAgainstDecoy(password);
      // Whatever an anonymous caller typed as the id is kept, but not at any length.
      await this.recordRefusal(userId.slice(0, MAX_ID_IN_AUDIT), attempt, system ? 'a system account never logs in or signs' : 'no user with this id');
      throw attempt.kind === 'LOGIN' ? loginFailed() : noAccount(userId);
    }
    const now = new Date();
    // Someone logging in learns nothing about an account (disabled, locked, why), with its password or without:
    // the password is checked all the same (the answer takes as long) and not counted.
    if (attempt.kind === 'LOGIN' && (!user.enabled || isLocked(user, now))) {
      const right = await verifyPassword(password, user.passwordHash);
      const state = user.enabled ? `the account is locked ${lockTerm(user.lockedUntil)}` : 'the user is disabled';
      await this.recordRefusal(userId, attempt, `${state}; the password was ${right ? 'right' : 'wrong'}`);
      throw loginFailed();
    }
    if (!user.enabled) {
      await this.recordRefusal(userId, attempt, 'the user is disabled');
      throw accountDisabled(userId, user.disabledReason);
    }
    if (isLocked(user, now)) {
      await this.recordRefusal(userId, attempt, `the account is locked ${lockTerm(user.lockedUntil)}`);
      throw accountLocked(userId, user.lockedAt!, user.lockedUntil);
    }
    if (await verifyPassword(password, user.passwordHash)) return user;
    const failed = await this.recordWrongPassword(userId, attempt);
    if (attempt.kind === 'LOGIN') throw loginFailed();
    throw wrongPassword(userId, REFUSED_WHAT[attempt.kind], failed.failedAttempts, failed.lockedAt, failed.lockedUntil);
  }

  /** Forgets an account's failed logins (an ADMIN unlocked it): its next login need not wait out a pause. */
  forgetFailedLogins(userId: string): void {
    this.throttle.succeeded(userId);
  }

  /**
   * Inside the caller's transaction: holds the user's row, makes sure nothing changed since the password was
   * checked (disabled, locked or a new password meanwhile), and resets the count of wrong passwords (and a lock
   * that lifted on its own). Answers the locked row and the fields changed, for the caller's audit entry.
   */
  async confirm(checked: UserAccountEntity, manager: EntityManager): Promise<{ user: UserAccountEntity; changes: FieldChanges }> {
    const user = await this.users.findForUpdate(checked.id, manager);
    if (!user || !user.enabled) throw accountDisabled(checked.id, user?.disabledReason ?? null);
    if (isLocked(user)) throw accountLocked(user.id, user.lockedAt!, user.lockedUntil);
    if (user.passwordHash !== checked.passwordHash) throw loginFailed();
    const changes: FieldChanges = {};
    if (user.lockedAt) {
      changes.lockedAt = { old: user.lockedAt, new: null };
      changes.lockedUntil = { old: user.lockedUntil, new: null };
      Object.assign(user, { lockedAt: null, lockedUntil: null });
    }
    if (user.failedAttempts !== 0) {
      changes.failedAttempts = { old: user.failedAttempts, new: 0 };
      user.failedAttempts = 0;
    }
    if (Object.keys(changes).length) await this.users.save(user, manager);
    return { user, changes };
  }

  private actor(userId: string, attempt: Attempt): Identity {
    return attempt.caller ?? loginAttemptActor(userId);
  }

  /** The audit entry's reason: why, what for, and from where a login came. */
  private reason(why: string, attempt: Attempt): string {
    const from = attempt.kind === 'LOGIN' && attempt.clientAddress ? ` (from ${attempt.clientAddress})` : '';
    return `${why}${attempt.purpose ? `; for: ${attempt.purpose}` : ''}${from}`;
  }

  /** An attempt refused before any password was counted: audited, not counted. */
  private async recordRefusal(userId: string, attempt: Attempt, why: string): Promise<void> {
    await this.users.transaction((manager) =>
      this.audit.record(manager, {
        actor: this.actor(userId, attempt),
        action: FAILED_ACTION[attempt.kind],
        entityType: 'User',
        entityId: userId,
        changes: {},
        reason: this.reason(why, attempt),
        requestId: attempt.requestId,
      }),
    );
  }

  private recordWrongPassword(userId: string, attempt: Attempt): Promise<{ failedAttempts: number; lockedAt: Date | null; lockedUntil: Date | null }> {
    return this.users.transaction(async (manager) => {
      const user = (await this.users.findForUpdate(userId, manager))!;
      const now = new Date();
      const changes: FieldChanges = {};
      const failedBefore = user.failedAttempts;
      if (lockHasLifted(user, now)) {
        // The lock lifted on its own: counting starts again.
        changes.lockedAt = { old: user.lockedAt, new: null };
        changes.lockedUntil = { old: user.lockedUntil, new: null };
        Object.assign(user, { lockedAt: null, lockedUntil: null, failedAttempts: 0 });
      }
      user.failedAttempts += 1;
      changes.failedAttempts = { old: failedBefore, new: user.failedAttempts };
      const locksNow = user.failedAttempts >= LOCK_AFTER_FAILURES && !user.lockedAt;
      if (locksNow) Object.assign(user, { lockedAt: now, lockedUntil: lockEnd(now, this.lockout.lockoutMs) });
      await this.users.save(user, manager);
      const entry = { actor: this.actor(userId, attempt), entityType: 'User', entityId: userId, requestId: attempt.requestId };
      await this.audit.record(manager, { ...entry, action: FAILED_ACTION[attempt.kind], changes, reason: this.reason('wrong password', attempt) });
      if (locksNow) {
        await this.audit.record(manager, {
          ...entry,
          action: 'LOCK',
          changes: { lockedAt: { old: null, new: user.lockedAt }, lockedUntil: { old: null, new: user.lockedUntil } },
          reason: `${LOCK_AFTER_FAILURES} wrong passwords in a row; locked ${lockTerm(user.lockedUntil)}; open sessions go on`,
        });
      }
      return { failedAttempts: user.failedAttempts, lockedAt: user.lockedAt, lockedUntil: user.lockedUntil };
    });
  }
}
