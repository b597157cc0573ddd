import type DataLoader from 'dataloader';
import { createKeyLoader } from '@lotgraph/server';
import type { UserRepository } from './user/user.repository';
import type { UserAccountEntity } from './user/user-account.entity';

export interface ComplianceLoaders {
  userById: DataLoader<string, UserAccountEntity | null>;
}

export function createComplianceLoaders(users: UserRepository): ComplianceLoaders {
  return { userById: createKeyLoader((ids) => users.findByIds(ids)) };
}
