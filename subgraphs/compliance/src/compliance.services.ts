import { AuditTrail, type SubgraphDatabase } from '@lotgraph/server';
import { CredentialService, DEFAULT_LOCKOUT, type LockoutPolicy } from './password/credential.service';
import { SessionRepository } from './session/session.repository';
import { SessionService } from './session/session.service';
import { SignerService } from './signing/signer.service';
import { UserRepository } from './user/user.repository';
import { UserService } from './user/user.service';

export interface ComplianceServices {
  userRepository: UserRepository;
  users: UserService;
  sessions: SessionService;
  signers: SignerService;
}

/** Wires the compliance domain over one database; `onUserSessionChange` hears of every change to a user's sessions. */
export function createComplianceServices(
  database: SubgraphDatabase,
  options: { tokens?: { secret: string; ttl: string }; login?: LockoutPolicy; onUserSessionChange?: (userId: string) => void } = {},
): ComplianceServices {
  const userRepository = new UserRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'compliance');
  const notify = options.onUserSessionChange ?? (() => undefined);
  const credentials = new CredentialService(userRepository, audit, options.login ?? DEFAULT_LOCKOUT);
  // Without token settings (the CLI creating a user) nothing can log in, so nothing is signed.
  const tokens = options.tokens ?? { secret: '', ttl: '15m' };
  return {
    userRepository,
    users: new UserService(userRepository, audit, notify, (userId) => credentials.forgetFailedLogins(userId)),
    sessions: new SessionService(userRepository, new SessionRepository(database.dataSource), credentials, audit, tokens, notify),
    signers: new SignerService(userRepository, credentials, audit),
  };
}
