/** What an account's lock after wrong passwords is made of (user_account.locked_at, locked_until). */
export interface LockState {
  lockedAt: Date | null;
  lockedUntil: Date | null;
}

/** Locked now: locked, and either until an ADMIN unlocks it (no end) or until an end still ahead. */
export function isLocked(user: LockState, now: Date = new Date()): boolean {
  return user.lockedAt !== null && (user.lockedUntil === null || user.lockedUntil.getTime() > now.getTime());
}

/** A lock that has lifted on its own, still on the row until the account's next password is checked. */
export function lockHasLifted(user: LockState, now: Date = new Date()): boolean {
  return user.lockedAt !== null && !isLocked(user, now);
}

/** When a lock set now lifts: `lockoutMs` from now, or never on its own when it is 0 (an ADMIN unlocks it). */
export function lockEnd(now: Date, lockoutMs: number): Date | null {
  return lockoutMs > 0 ? new Date(now.getTime() + lockoutMs) : null;
}
