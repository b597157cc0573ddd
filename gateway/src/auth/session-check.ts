import { GraphQLError } from 'graphql';
import { HEADERS, isRole, unauthenticated, type Identity, type TokenClaims } from '@lotgraph/server';
import { baseUrlOf } from '../http/base-url';

/** What the compliance subgraph answers at GET /internal/session-status (subgraphs/compliance, SessionStatus). */
export interface SessionStatus {
  user: { printedName: string; roles: string[]; enabled: boolean; tokensValidAfter: string | null } | null;
  tokenRevokedAt: string | null;
}

interface Entry {
  status?: SessionStatus;
  fetchedAt: number;
  pending?: Promise<SessionStatus>;
}

export interface SessionCheckOptions {
  /** GraphQL URL of the compliance subgraph; its status endpoint is beside it. */
  complianceUrl: string;
  gatewaySecret: string;
  /** How long an answer is used: the longest a disable, lock or logout takes to reach a gateway not told at once. */
  ttlMs?: number;
  timeoutMs?: number;
}

export const DEFAULT_SESSION_TTL_MS = 1000;
const MAX_USERS = 10_000;
const MAX_TOKENS_PER_USER = 100;

function sessionCheckUnavailable(userId: string, reason: string): GraphQLError {
  return new GraphQLError(`The session of ${userId} could not be checked: the compliance subgraph did not answer (${reason})`, {
    extensions: { code: 'SESSION_CHECK_UNAVAILABLE', http: { status: 503 } },
  });
}

/** Why a verified token is refused by the status of its user and session, or null when it is good. */
export function sessionRefusal(claims: TokenClaims, status: SessionStatus): string | null {
  const userId = claims.identity.id;
  if (!status.user) return `user ${userId} is not known`;
  if (!status.user.enabled) return `user ${userId} is disabled`;
  const validAfter = status.user.tokensValidAfter;
  if (validAfter && (!claims.issuedAt || claims.issuedAt.getTime() < Date.parse(validAfter))) {
    return `the token was issued before ${userId}'s password changed or the account was disabled (${validAfter}); log in again`;
  }
  if (status.tokenRevokedAt) return `the token was revoked by logout at ${status.tokenRevokedAt}; log in again`;
  return null;
}

/**
 * How the gateway learns that a token it verified is still good (user known and enabled; token not logged out,
 * not older than the user's last password change or disable), and who the caller is now: the account's printed
 * name and roles, never the token's. A lock after wrong passwords stops new logins and signatures, not the
 * sessions already open (someone else's guesses must not throw the user out).
 *
 * The compliance subgraph owns users and sessions, so the gateway asks it, at GET /internal/session-status
 * behind the gateway secret, and keeps each answer per (user, token) for `ttlMs` (1 s): a request whose answer
 * is cached pays two Map lookups, so the trace benchmark's requests stay as cheap as before. An answer older
 * than half its lifetime is refreshed in the background while still in use, so steady traffic never waits for
 * the compliance subgraph; only the first request of a token, or one after a quiet spell, waits (about a
 * millisecond on loopback). A change therefore reaches a gateway within `ttlMs`; the embedded hub also tells
 * its gateway at once (`invalidateUser`), so there it takes effect on the next request. An answer being fetched
 * while the user changed is used for the request that asked but not kept. No answer refuses the request
 * (503): a session that cannot be checked is not taken as good.
 */
export class SessionCheck {
  private readonly users = new Map<string, Map<string, Entry>>();
  private readonly generations = new Map<string, number>();
  private readonly statusUrl: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: SessionCheckOptions) {
    this.statusUrl = `${baseUrlOf(options.complianceUrl)}/internal/session-status`;
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** The caller as their account says they are; throws UNAUTHENTICATED with the reason when the token's user or session refuses it. */
  async check(claims: TokenClaims): Promise<Identity> {
    const userId = claims.identity.id;
    if (!claims.tokenId) throw unauthenticated('Invalid bearer token: it has no token id (jti); log in for a new token');
    const status = await this.status(userId, claims.tokenId);
    const refusal = sessionRefusal(claims, status);
    if (refusal) throw unauthenticated(`Invalid bearer token: ${refusal}`);
    return { id: userId, name: status.user!.printedName, roles: status.user!.roles.filter(isRole) };
  }

  /** Forgets what is known about a user's sessions, so the next request asks again. */
  invalidateUser(userId: string): void {
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    this.users.delete(userId);
  }

  private status(userId: string, tokenId: string): Promise<SessionStatus> {
    const entry = this.users.get(userId)?.get(tokenId);
    if (entry?.status) {
      const age = Date.now() - entry.fetchedAt;
      if (age < this.ttlMs) {
        if (age > this.ttlMs / 2 && !entry.pending) this.refresh(userId, tokenId).catch(() => undefined);
        return Promise.resolve(entry.status);
      }
    }
    return entry?.pending ?? this.refresh(userId, tokenId);
  }

  private refresh(userId: string, tokenId: string): Promise<SessionStatus> {
    const generation = this.generations.get(userId) ?? 0;
    const entry = this.entry(userId, tokenId);
    const pending = (async () => {
      try {
        const status = await this.fetchStatus(userId, tokenId);
        if ((this.generations.get(userId) ?? 0) === generation) {
          entry.status = status;
          entry.fetchedAt = Date.now();
        }
        return status;
      } finally {
        entry.pending = undefined;
      }
    })();
    entry.pending = pending;
    return pending;
  }

  private entry(userId: string, tokenId: string): Entry {
    let tokens = this.users.get(userId);
    if (!tokens) {
      if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value!);
      tokens = new Map();
      this.users.set(userId, tokens);
    }
    let entry = tokens.get(tokenId);
    if (!entry) {
      if (tokens.size >= MAX_TOKENS_PER_USER) tokens.delete(tokens.keys().next().value!);
      entry = { fetchedAt: 0 };
      tokens.set(tokenId, entry);
    }
    return entry;
  }

  private async fetchStatus(userId: string, tokenId: string): Promise<SessionStatus> {
    const url = `${this.statusUrl}?${new URLSearchParams({ userId, tokenId })}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { [HEADERS.gatewaySecret]: this.options.gatewaySecret }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const error = err as Error;
      const reason = error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : ((error.cause as Error | undefined)?.message ?? error.message);
      throw sessionCheckUnavailable(userId, reason);
    }
    const body = (await response.json().catch(() => null)) as SessionStatus | null;
    if (!response.ok || !body || typeof body !== 'object' || !('user' in body)) {
      throw sessionCheckUnavailable(userId, `HTTP ${response.status} without a session status`);
    }
    return body;
  }
}
