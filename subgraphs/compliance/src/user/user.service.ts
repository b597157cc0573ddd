import type { EntityManager } from 'typeorm';
import { ROLES, badInput, notFound, type AuditTrail, type FieldChanges, type Identity, type Role } from '@lotgraph/server';
import { hashPassword } from '../password/password-hash';
import { assertPasswordAllowed } from '../password/password-policy';
import type { UserRepository } from './user.repository';
import type { UserAccountEntity } from './user-account.entity';

export interface CreateUserInput {
  userId: string;
  printedName: string;
  roles: Role[];
  password: string;
}

/** Who asked for a change, and under which request id. */
export interface ChangeRequest {
  actor: Identity;
  requestId?: string | null;
}

const USER_ID = /^[a-z0-9][a-z0-9._-]{1,62}$/;

function requireReason(userId: string, reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw badInput('User', 'reason', `a reason is required to change ${userId}`);
  return trimmed;
}

/**
 * User accounts: created, disabled, enabled, unlocked and given a new password by an ADMIN, never deleted.
 * Every change and its audit entry commit together; the gateway is told afterwards, so a disable takes
 * effect at once in the hub (and within its session-cache lifetime elsewhere).
 */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditTrail,
    private readonly onUserSessionChange: (userId: string) => void,
    private readonly onUnlock: (userId: string) => void = () => undefined,
  ) {}

  async get(userId: string): Promise<UserAccountEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User', 'id', userId);
    return user;
  }

  list(): Promise<UserAccountEntity[]> {
    return this.users.findAll();
  }

  async create(input: CreateUserInput, request: ChangeRequest): Promise<UserAccountEntity> {
    const userId = input.userId.trim();
    if (!USER_ID.test(userId)) {
      throw badInput('User', 'userId', `"${input.userId}" is not a valid user id: use 2 to 63 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit (e.g. qa.manager)`);
    }
    const printedName = input.printedName.trim();
    if (!printedName) throw badInput('User', 'printedName', `${userId} needs a printed name (shown with their records and signatures)`);
    const roles = [...new Set(input.roles)];
    if (roles.length === 0) throw badInput('User', 'roles', `${userId} needs at least one role`);
    const unknown = roles.filter((role) => !ROLES.includes(role));
    if (unknown.length) throw badInput('User', 'roles', `unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    assertPasswordAllowed(userId, input.password, 'password');
    const passwordHash = await hashPassword(input.password);
    const user = await this.users.transaction(async (manager) => {
      if (await this.users.findById(userId, manager)) throw badInput('User', 'userId', `a user with id ${userId} already exists`);
      const now = new Date();
      const created = await this.users.insert(
        { id: userId, printedName, roles, passwordHash, passwordChangedAt: now, enabled: true, disabledReason: null, failedAttempts: 0, lockedAt: null, lockedUntil: null, tokensValidAfter: null },
        manager,
      );
      await this.record(manager, request, 'CREATE', userId, {
        printedName: { new: printedName },
        roles: { new: roles },
        enabled: { new: true },
        passwordChangedAt: { new: now },
      });
      return created;
    });
    this.onUserSessionChange(userId);
    return user;
  }

  disable(userId: string, reason: string, request: ChangeRequest): Promise<UserAccountEntity> {
    const why = requireReason(userId, reason);
    if (userId === request.actor.id) throw badInput('User', 'userId', `${userId} cannot disable their own account; another ADMIN must`);
    return this.change(userId, request, 'DISABLE', why, (user) => {
      if (!user.enabled) throw badInput('User', 'enabled', `${userId} is already disabled (${user.disabledReason ?? 'no reason recorded'})`);
      const now = new Date();
      const changes: FieldChanges = {
        enabled: { old: true, new: false },
        disabledReason: { old: user.disabledReason, new: why },
        tokensValidAfter: { old: user.tokensValidAfter, new: now },
      };
      Object.assign(user, { enabled: false, disabledReason: why, tokensValidAfter: now });
      return changes;
    });
  }

  enable(userId: string, reason: string, request: ChangeRequest): Promise<UserAccountEntity> {
    const why = requireReason(userId, reason);
    return this.change(userId, request, 'ENABLE', why, (user) => {
      if (user.enabled) throw badInput('User', 'enabled', `${userId} is not disabled`);
      const changes: FieldChanges = { enabled: { old: false, new: true }, disabledReason: { old: user.disabledReason, new: null } };
      Object.assign(user, { enabled: true, disabledReason: null });
      return changes;
    });
  }

  async unlock(userId: string, reason: string, request: ChangeRequest): Promise<UserAccountEntity> {
    const why = requireReason(userId, reason);
    const unlocked = await this.change(userId, request, 'UNLOCK', why, (user) => {
      if (!user.lockedAt) throw badInput('User', 'lockedAt', `${userId} is not locked`);
      const changes: FieldChanges = {
        lockedAt: { old: user.lockedAt, new: null },
        lockedUntil: { old: user.lockedUntil, new: null },
        failedAttempts: { old: user.failedAttempts, new: 0 },
      };
      Object.assign(user, { lockedAt: null, lockedUntil: null, failedAttempts: 0 });
      return changes;
    });
    this.onUnlock(userId);
    return unlocked;
  }

  /** An ADMIN sets a new password; the value is never recorded, only that and when it changed. */
  async resetPassword(userId: string, newPassword: string, reason: string, request: ChangeRequest): Promise<UserAccountEntity> {
    const why = requireReason(userId, reason);
    assertPasswordAllowed(userId, newPassword, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    return this.change(userId, request, 'PASSWORD_RESET', why, (user) => {
      const now = new Date();
      const changes: FieldChanges = {
        passwordChangedAt: { old: user.passwordChangedAt, new: now },
        tokensValidAfter: { old: user.tokensValidAfter, new: now },
      };
      Object.assign(user, { passwordHash, passwordChangedAt: now, tokensValidAfter: now });
      return changes;
    });
  }

  /** Holds the user's row, applies the change, saves it with its audit entry, then tells the gateway. */
  private async change(
    userId: string,
    request: ChangeRequest,
    action: string,
    reason: string,
    apply: (user: UserAccountEntity) => FieldChanges,
  ): Promise<UserAccountEntity> {
    const user = await this.users.transaction(async (manager) => {
      const found = await this.users.findForUpdate(userId, manager);
      if (!found) throw notFound('User', 'id', userId);
      const changes = apply(found);
      const saved = await this.users.save(found, manager);
      await this.record(manager, request, action, userId, changes, reason);
      return saved;
    });
    this.onUserSessionChange(userId);
    return user;
  }

  private record(manager: EntityManager, request: ChangeRequest, action: string, userId: string, changes: FieldChanges, reason?: string) {
    return this.audit.record(manager, { actor: request.actor, action, entityType: 'User', entityId: userId, changes, reason, requestId: request.requestId });
  }
}

