import { GraphQLError } from 'graphql';

/** Wrong passwords in a row (login, signing or password change) after which the account locks. */
export const LOCK_AFTER_FAILURES = 3;

/** The same answer for an unknown login id and a wrong password, so login does not tell which ids exist. */
export function loginFailed(): GraphQLError {
  return new GraphQLError('Login failed: wrong user id or password', { extensions: { code: 'LOGIN_FAILED' } });
}

/** A logged-in caller whose token names no user account (only a token signed outside login can). */
export function noAccount(userId: string): GraphQLError {
  return new GraphQLError(`User ${userId} has no user account`, { extensions: { code: 'UNAUTHENTICATED', userId } });
}

export function accountLocked(userId: string, lockedAt: Date): GraphQLError {
  return new GraphQLError(
    `User ${userId} is locked since ${lockedAt.toISOString()} after ${LOCK_AFTER_FAILURES} wrong passwords in a row; an ADMIN must unlock it`,
    { extensions: { code: 'ACCOUNT_LOCKED', userId, lockedAt: lockedAt.toISOString() } },
  );
}

export function accountDisabled(userId: string, reason: string | null): GraphQLError {
  return new GraphQLError(`User ${userId} is disabled${reason ? ` (${reason})` : ''}; an ADMIN can enable it again`, {
    extensions: { code: 'ACCOUNT_DISABLED', userId },
  });
}

/** A wrong password from a logged-in user (signing, password change): says how many tries are left. */
export function wrongPassword(userId: string, refused: string, failedAttempts: number, lockedAt: Date | null): GraphQLError {
  const tail = lockedAt
    ? `the account is now locked after ${LOCK_AFTER_FAILURES} wrong passwords in a row; an ADMIN must unlock it`
    : `${failedAttempts} of ${LOCK_AFTER_FAILURES} wrong passwords in a row; the ${ordinal(LOCK_AFTER_FAILURES)} locks the account`;
  return new GraphQLError(`Wrong password for ${userId}: ${refused} (${tail})`, {
    extensions: { code: 'WRONG_PASSWORD', userId, failedAttempts, locked: lockedAt !== null },
  });
}

function ordinal(n: number): string {
  return ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'][n] ?? `${n}th`;
}
