import { randomBytes } from 'node:crypto';
import { SYSTEM_USERS, type Identity, type SubgraphDatabase } from '@lotgraph/server';
import { createComplianceServices } from '../compliance.services';
import type { UserAccountEntity } from './user-account.entity';
import type { CreateUserInput } from './user.service';

/**
 * Creates a user without going through GraphQL, audited like `createUser`: the first ADMIN of a new
 * installation (`npx lotgraph user create`), or the user a benchmark logs in as. `actor` names who did it.
 */
export function createUserAccount(database: SubgraphDatabase, input: CreateUserInput, actor: Identity): Promise<UserAccountEntity> {
  return createComplianceServices(database).users.create(input, { actor });
}

/**
 * Unlocks a user locked after wrong passwords without going through GraphQL, audited like `unlockUser` with `actor`
 * (`npx lotgraph user unlock`): the way back when the only ADMIN is locked out.
 */
export function unlockUserAccount(database: SubgraphDatabase, userId: string, reason: string, actor: Identity): Promise<UserAccountEntity> {
  return createComplianceServices(database).users.unlock(userId, reason, { actor });
}

/** The user with this id as it is, or created with the input when there is none (a benchmark's reader, kept between runs). */
export async function ensureUserAccount(database: SubgraphDatabase, input: CreateUserInput, actor: Identity): Promise<UserAccountEntity> {
  const services = createComplianceServices(database);
  return (await services.userRepository.findById(input.userId)) ?? services.users.create(input, { actor });
}

export function countUsers(database: SubgraphDatabase): Promise<number> {
  return createComplianceServices(database).userRepository.count();
}

const SYSTEM_ACTOR: Identity = { id: 'lotgraph-system', name: 'LotGraph installation', roles: [] };

/**
 * The system users other domains act as (server/src/auth/system-users.ts), created when missing with a random
 * password nobody is told: they never log in, their subgraphs sign their tokens. An existing one is left as it
 * is (an ADMIN may have disabled it on purpose).
 */
export async function ensureSystemUsers(database: SubgraphDatabase): Promise<void> {
  for (const user of SYSTEM_USERS) {
    await ensureUserAccount(
      database,
      { userId: user.id, printedName: user.name, roles: [...user.roles], password: randomBytes(32).toString('base64url') },
      SYSTEM_ACTOR,
    );
  }
}
