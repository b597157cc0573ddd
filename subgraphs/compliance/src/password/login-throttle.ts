/** How failed logins slow down further tries, per account id and per client address. */
export interface ThrottlePolicy {
  /** Failures allowed with no wait. */
  free: number;
  /** The first wait, doubled with each further failure. */
  firstWaitMs: number;
  /** The longest wait. */
  maxWaitMs: number;
  /** A key with no failure for this long starts again from nothing. */
  forgetAfterMs: number;
}

/** One typo costs nothing; after that 1 s, 2 s, 4 s ... up to a minute between tries of one account. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { free: 1, firstWaitMs: 1000, maxWaitMs: 60_000, forgetAfterMs: 15 * 60_000 };
/**
 * A client address (a shared terminal, or a whole line's PCs behind one address) gets 20 failures across ids free,
 * then 1 s, doubling up to 5 minutes: a password sprayed over many accounts goes at a few tries an hour.
 */
export const CLIENT_THROTTLE: ThrottlePolicy = { free: 20, firstWaitMs: 1000, maxWaitMs: 5 * 60_000, forgetAfterMs: 30 * 60_000 };

interface Failures {
  count: number;
  lastAt: number;
  /** No try before this instant. */
  blockedUntil: number;
  /** A refused try was audited in this blocked spell already (one entry per spell, not one per try). */
  refusalAudited: boolean;
}

export interface ThrottleRefusal {
  /** What is throttled: the account or the client address. */
  scope: 'account' | 'client';
  failures: number;
  retryAfterMs: number;
  /** The first refused try of this blocked spell: the one that is audited. */
  firstOfSpell: boolean;
}

const MAX_KEYS = 100_000;

/**
 * Counts failed logins in memory, per account id as typed (known or not: the answer must not tell which ids exist)
 * and per client address, and refuses a try that comes before its wait is over, without checking the password.
 * In memory on purpose: it is a brake on guessing, kept by the process that checks passwords; the account lock
 * after 3 wrong passwords in a row is the durable, audited part (user_account).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly policies: { account: ThrottlePolicy; client: ThrottlePolicy } = { account: ACCOUNT_THROTTLE, client: CLIENT_THROTTLE },
    private readonly now: () => number = Date.now,
  ) {}

  /** Why a login as `userId` from `clientAddress` must wait, or null when it may be tried now. */
  refusal(userId: string, clientAddress: string | null): ThrottleRefusal | null {
    for (const [scope, key] of this.keys(userId, clientAddress)) {
      const entry = this.current(key, this.policies[scope]);
      if (entry && entry.blockedUntil > this.now()) {
        const firstOfSpell = !entry.refusalAudited;
        entry.refusalAudited = true;
        return { scope, failures: entry.count, retryAfterMs: entry.blockedUntil - this.now(), firstOfSpell };
      }
    }
    return null;
  }

  failed(userId: string, clientAddress: string | null): void {
    for (const [scope, key] of this.keys(userId, clientAddress)) {
      const policy = this.policies[scope];
      const entry = this.current(key, policy) ?? { count: 0, lastAt: 0, blockedUntil: 0, refusalAudited: false };
      entry.count += 1;
      entry.lastAt = this.now();
      const over = entry.count - policy.free;
      entry.blockedUntil = over > 0 ? this.now() + Math.min(policy.firstWaitMs * 2 ** Math.min(over - 1, 30), policy.maxWaitMs) : 0;
      entry.refusalAudited = false;
      this.failures.delete(key);
      if (this.failures.size >= MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
      this.failures.set(key, entry);
    }
  }

  /** A login that succeeded clears its account's count; the client's stays (a guesser with one account of their own gains nothing). */
  succeeded(userId: string): void {
    this.failures.delete(`account:${userId}`);
  }

  private keys(userId: string, clientAddress: string | null): Array<['account' | 'client', string]> {
    const keys: Array<['account' | 'client', string]> = [['account', `account:${userId}`]];
    if (clientAddress) keys.push(['client', `client:${clientAddress}`]);
    return keys;
  }

  private current(key: string, policy: ThrottlePolicy): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.lastAt > policy.forgetAfterMs && entry.blockedUntil <= this.now()) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
