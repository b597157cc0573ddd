import type { EntityManager } from 'typeorm';
import { badInput, issueToken, readTokenClaims, type AuditTrail, type Identity, type IssuedToken } from '@lotgraph/server';
import type { CredentialService } from '../password/credential.service';
import { hashPassword } from '../password/password-hash';
import { assertPasswordAllowed } from '../password/password-policy';
import type { UserRepository } from '../user/user.repository';
import type { UserAccountEntity } from '../user/user-account.entity';
import type { SessionRepository } from './session.repository';

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  user: UserAccountEntity;
}

/** What the gateway needs to accept or refuse a token it has verified (GET /internal/session-status). */
export interface SessionStatus {
  user: { printedName: string; roles: string[]; enabled: boolean; tokensValidAfter: string | null } | null;
  tokenRevokedAt: string | null;
}

export function identityOf(user: UserAccountEntity): Identity {
  return { id: user.id, name: user.printedName, roles: user.roles };
}

/** Login, logout and password change: the life of a user's tokens. */
export class SessionService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly credentials: CredentialService,
    private readonly audit: AuditTrail,
    private readonly tokens: { secret: string; ttl: string },
    private readonly onUserSessionChange: (userId: string) => void,
  ) {}

  async login(userId: string, password: string, requestId: string, clientAddress: string | null = null): Promise<IssuedSession> {
    const checked = await this.credentials.check(userId, password, { kind: 'LOGIN', caller: null, requestId, clientAddress });
    return this.users.transaction(async (manager) => {
      const { user, changes } = await this.credentials.confirm(checked, manager);
      const issued = await this.startSession(user, manager);
      await this.audit.record(manager, {
        actor: identityOf(user),
        action: 'LOGIN',
        entityType: 'User',
        entityId: user.id,
        changes: { ...changes, tokenId: { new: issued.tokenId }, tokenExpiresAt: { new: issued.expiresAt } },
        requestId,
      });
      return { token: issued.token, expiresAt: issued.expiresAt, user };
    });
  }

  /** Revokes the token the caller sent; the gateway refuses it from then on. */
  async logout(caller: Identity, token: string | null | undefined, requestId: string): Promise<boolean> {
    const claims = token ? readTokenClaims(token) : null;
    if (!claims?.tokenId) throw badInput('Session', 'token', `the token of ${caller.id} has no id (jti) to revoke; log in for a token that has one`);
    const tokenId = claims.tokenId;
    await this.users.transaction(async (manager) => {
      const revokedAt = await this.sessions.revoke({ tokenId, userId: caller.id, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt }, new Date(), manager);
      if (!revokedAt) return;
      await this.audit.record(manager, {
        actor: caller,
        action: 'LOGOUT',
        entityType: 'User',
        entityId: caller.id,
        changes: { tokenId: { old: tokenId }, tokenRevokedAt: { new: revokedAt } },
        requestId,
      });
    });
    this.onUserSessionChange(caller.id);
    return true;
  }

  /**
   * The caller's own new password, after their current one is checked (a wrong one counts toward the lock).
   * Every earlier token of the caller is refused from then on; the answer carries a fresh one.
   */
  async changePassword(caller: Identity, currentPassword: string, newPassword: string, requestId: string): Promise<IssuedSession> {
    assertPasswordAllowed(caller.id, newPassword, 'newPassword');
    if (newPassword === currentPassword) throw badInput('User', 'newPassword', `the new password for ${caller.id} must differ from the current one`);
    const checked = await this.credentials.check(caller.id, currentPassword, { kind: 'PASSWORD_CHANGE', caller, requestId });
    const passwordHash = await hashPassword(newPassword);
    const session = await this.users.transaction(async (manager) => {
      const { user, changes } = await this.credentials.confirm(checked, manager);
      const now = new Date();
      const before = { passwordChangedAt: user.passwordChangedAt, tokensValidAfter: user.tokensValidAfter };
      Object.assign(user, { passwordHash, passwordChangedAt: now, tokensValidAfter: now });
      await this.users.save(user, manager);
      const issued = await this.startSession(user, manager);
      await this.audit.record(manager, {
        actor: caller,
        action: 'PASSWORD_CHANGE',
        entityType: 'User',
        entityId: user.id,
        changes: {
          ...changes,
          passwordChangedAt: { old: before.passwordChangedAt, new: now },
          tokensValidAfter: { old: before.tokensValidAfter, new: now },
          tokenId: { new: issued.tokenId },
        },
        requestId,
      });
      return { token: issued.token, expiresAt: issued.expiresAt, user };
    });
    this.onUserSessionChange(caller.id);
    return session;
  }

  async status(userId: string, tokenId: string | null): Promise<SessionStatus> {
    const found = await this.users.sessionStatus(userId, tokenId);
    if (!found) return { user: null, tokenRevokedAt: null };
    return {
      user: { printedName: found.printedName, roles: found.roles, enabled: found.enabled, tokensValidAfter: found.tokensValidAfter?.toISOString() ?? null },
      tokenRevokedAt: found.revokedAt?.toISOString() ?? null,
    };
  }

  private async startSession(user: UserAccountEntity, manager: EntityManager): Promise<IssuedToken> {
    const issued = issueToken(identityOf(user), this.tokens.secret, this.tokens.ttl);
    await this.sessions.insert({ tokenId: issued.tokenId, userId: user.id, issuedAt: issued.issuedAt, expiresAt: issued.expiresAt }, manager);
    return issued;
  }
}
