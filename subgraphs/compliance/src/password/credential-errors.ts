import { GraphQLError } from 'graphql';
import { message } from '@lotgraph/schema';

/** Wrong passwords in a row (login, signing or password change) after which the account locks. */
export const LOCK_AFTER_FAILURES = 3;

/**
 * The one answer to every failed login: unknown id, wrong password, locked or disabled account (with the right
 * password or not). Login tells nobody without the password anything about an account, not even whether it exists.
 */
export function loginFailed(): GraphQLError {
  // English here; the gateway answers in the caller's language (Accept-Language) from the same catalogue.
  return new GraphQLError(message('en', 'error.loginFailed', { lockAfter: LOCK_AFTER_FAILURES }), { extensions: { code: 'LOGIN_FAILED', lockAfter: LOCK_AFTER_FAILURES } });
}

/** A login tried before the wait its earlier failures earned is over; the password was not checked. */
export function tooManyAttempts(scope: 'account' | 'client', userId: string, retryAfterMs: number): GraphQLError {
  const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  const key = scope === 'account' ? 'error.tooManyAttemptsAccount' : 'error.tooManyAttemptsClient';
  return new GraphQLError(message('en', key, { userId, seconds: retryAfterSeconds }), {
    extensions: { code: 'TOO_MANY_ATTEMPTS', scope, ...(scope === 'account' ? { userId } : {}), retryAfterSeconds },
  });
}

/** Until when a lock holds, in words. */
export function lockTerm(lockedUntil: Date | null): string {
  return lockedUntil ? `until ${lockedUntil.toISOString()} (or until an ADMIN unlocks it)` : 'until an ADMIN unlocks it';
}

/** A logged-in caller whose token names no user account (only a token signed outside login can). */
export function noAccount(userId: string): GraphQLError {
  return new GraphQLError(`User ${userId} has no user account`, { extensions: { code: 'UNAUTHENTICATED', userId } });
}

/** To a logged-in user (signing, password change): their open sessions go on, their password does not count now. */
export function accountLocked(userId: string, lockedAt: Date, lockedUntil: Date | null): GraphQLError {
  return new GraphQLError(
    `User ${userId} is locked since ${lockedAt.toISOString()} after ${LOCK_AFTER_FAILURES} wrong passwords in a row, ${lockTerm(lockedUntil)}`,
    { extensions: { code: 'ACCOUNT_LOCKED', userId, lockedAt: lockedAt.toISOString(), lockedUntil: lockedUntil?.toISOString() ?? null } },
  );
}

export function accountDisabled(userId: string, reason: string | null): GraphQLError {
  return new GraphQLError(`User ${userId} is disabled${reason ? ` (${reason})` : ''}; an ADMIN can enable it again`, {
    extensions: { code: 'ACCOUNT_DISABLED', userId },
  });
}

/** A wrong password from a logged-in user (signing, password change): says how many tries are left. */
export function wrongPassword(userId: string, refused: string, failedAttempts: number, lockedAt: Date | null, lockedUntil: Date | null): GraphQLError {
  const tail = lockedAt
    ? `the account is now locked after ${LOCK_AFTER_FAILURES} wrong passwords in a row, ${lockTerm(lockedUntil)}; your open sessions go on`
    : `${failedAttempts} of ${LOCK_AFTER_FAILURES} wrong passwords in a row; the ${ordinal(LOCK_AFTER_FAILURES)} locks the account`;
  return new GraphQLError(`Wrong password for ${userId}: ${refused} (${tail})`, {
    extensions: { code: 'WRONG_PASSWORD', userId, failedAttempts, locked: lockedAt !== null },
  });
}

function ordinal(n: number): string {
  return ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'][n] ?? `${n}th`;
}
