import path from 'node:path';
import { SUBGRAPH_NAMES } from '@lotgraph/schema';
import {
  AuditReader,
  DateTimeScalar,
  auditTrailQueryResolvers,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '@lotgraph/server';
import { createComplianceLoaders, type ComplianceLoaders } from './compliance.loaders';
import { createComplianceServices } from './compliance.services';
import { userResolvers } from './user/user.resolver';
import { sessionResolvers } from './session/session.resolver';
import { signerResolvers } from './signing/signer.resolver';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const COMPLIANCE_SDL_PATH = path.join(__dirname, '..', 'src', 'compliance.graphql');

export function complianceSubgraph(
  database: SubgraphDatabase,
  options: Pick<SubgraphServerOptions, 'tokens' | 'login' | 'onUserSessionChange'>,
): SubgraphDefinition<ComplianceLoaders> {
  if (!options.tokens?.secret) throw new Error('the compliance subgraph issues tokens at login: give it the JWT secret and token lifetime (tokens)');
  const services = createComplianceServices(database, options);
  return {
    name: 'compliance',
    typeDefs: loadTypeDefs(COMPLIANCE_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      userResolvers(services.users),
      sessionResolvers(services.sessions),
      signerResolvers(services.signers),
      // Every subgraph's trail lives in its own schema of the one database; the compliance domain reads them all.
      auditTrailQueryResolvers(new AuditReader(database.dataSource, SUBGRAPH_NAMES)),
    ),
    createLoaders: () => createComplianceLoaders(services.userRepository),
    internalRoutes: {
      // The gateway asks whether a token it verified is still good (user known and enabled, the token not revoked
      // and not older than the user's last password change or disable) and who its user is now (name, roles).
      'session-status': (query) => services.sessions.status(query.get('userId') ?? '', query.get('tokenId') || null),
    },
  };
}

/** Builds the compliance subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createComplianceServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  return createSubgraphServer(complianceSubgraph(options.database, options), options);
}

export { createComplianceDatabase } from './compliance.database';
export { createComplianceServices, type ComplianceServices } from './compliance.services';
export { seedComplianceDemo, DEMO_PASSWORD } from './demo/compliance-demo';
export { createUserAccount, unlockUserAccount, ensureUserAccount, ensureSystemUsers, countUsers } from './user/user-provisioning';
export type { CreateUserInput } from './user/user.service';
export type { SessionStatus } from './session/session.service';
export { MIN_PASSWORD_LENGTH } from './password/password-policy';
