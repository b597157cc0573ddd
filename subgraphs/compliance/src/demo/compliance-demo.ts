import { AuditTrail, DEMO_USERS, type FieldChanges, type Identity, type SubgraphDatabase } from '@lotgraph/server';
import { hashPassword, verifyPassword } from '../password/password-hash';
import { UserRepository } from '../user/user.repository';

/** The password of every demo user (docs/users-and-roles.md). For the demo plant only. */
export const DEMO_PASSWORD = 'lotgraph-demo';

const SEED_ACTOR: Identity = { id: 'lotgraph-seed', name: 'Demo plant seed', roles: [] };

/**
 * Loads the demo users (server/src/auth/demo-users.ts) with the demo password, or puts them back to
 * their demo state: enabled, unlocked, demo roles and password. Nothing is deleted; every change is audited.
 */
export async function seedComplianceDemo(database: SubgraphDatabase): Promise<{ users: number }> {
  const users = new UserRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'compliance');
  // Hashing is the slow part (about 0.1 s each): done side by side, before any transaction.
  const existing = new Map((await users.findAll()).map((user) => [user.id, user]));
  const hashes = await Promise.all(
    DEMO_USERS.map(async (demo) => {
      const user = existing.get(demo.id);
      return user && (await verifyPassword(DEMO_PASSWORD, user.passwordHash)) ? null : hashPassword(DEMO_PASSWORD);
    }),
  );
  await users.transaction(async (manager) => {
    for (const [index, demo] of DEMO_USERS.entries()) {
      const passwordHash = hashes[index];
      const user = await users.findForUpdate(demo.id, manager);
      const now = new Date();
      if (!user) {
        await users.insert(
          { id: demo.id, printedName: demo.name, roles: [...demo.roles], passwordHash: passwordHash!, passwordChangedAt: now, enabled: true, disabledReason: null, failedAttempts: 0, lockedAt: null, lockedUntil: null, tokensValidAfter: null },
          manager,
        );
        const changes = { printedName: { new: demo.name }, roles: { new: demo.roles }, enabled: { new: true }, passwordChangedAt: { new: now } };
        await audit.record(manager, { actor: SEED_ACTOR, action: 'CREATE', entityType: 'User', entityId: demo.id, changes, reason: 'demo plant' });
        continue;
      }
      const changes: FieldChanges = {};
      const restore = <K extends 'printedName' | 'enabled' | 'disabledReason' | 'failedAttempts' | 'lockedAt'>(field: K, value: (typeof user)[K]) => {
        if (user[field] !== value) {
          changes[field] = { old: user[field], new: value };
          user[field] = value;
        }
      };
      restore('printedName', demo.name);
      restore('enabled', true);
      restore('disabledReason', null);
      restore('failedAttempts', 0);
      restore('lockedAt', null);
      if (user.roles.join(',') !== demo.roles.join(',')) {
        changes.roles = { old: user.roles, new: demo.roles };
        user.roles = [...demo.roles];
      }
      if (passwordHash) {
        changes.passwordChangedAt = { old: user.passwordChangedAt, new: now };
        user.passwordHash = passwordHash;
        user.passwordChangedAt = now;
      }
      if (Object.keys(changes).length === 0) continue;
      await users.save(user, manager);
      await audit.record(manager, { actor: SEED_ACTOR, action: 'UPDATE', entityType: 'User', entityId: demo.id, changes, reason: 'demo plant restored' });
    }
  });
  return { users: DEMO_USERS.length };
}
