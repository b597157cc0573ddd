import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { UserAccountEntity } from './user/user-account.entity';
import { UserSessionEntity } from './session/user-session.entity';
import { CreateUserTables1764400000000 } from './migrations/1764400000000-create-user-tables';
import { CreateAuditTrail1764400000001 } from './migrations/1764400000001-create-audit-trail';
import { SignAuditEntries1766000000000 } from './migrations/1766000000000-sign-audit-entries';
import { TimedLockout1766100000000 } from './migrations/1766100000000-timed-lockout';

export function createComplianceDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'compliance',
    entities: [UserAccountEntity, UserSessionEntity],
    migrations: [CreateUserTables1764400000000, CreateAuditTrail1764400000001, SignAuditEntries1766000000000, TimedLockout1766100000000],
  });
}
