import { DEMO_USERS, findDemoUser, signToken, type LotGraphConfig } from '@lotgraph/server';
import { UsageError } from './usage-error';

/**
 * A bearer token signed here, with the configured secret, for one of the demo plant's users (which exist only where
 * the demo plant is loaded); an unknown id is refused naming the demo users. `command` prefixes the refusal
 * (`report: no demo user "x"`) for a command that names itself in its errors.
 */
export function demoUserToken(config: LotGraphConfig, userId: string, options: { ttl?: string; command?: string } = {}): string {
  const user = findDemoUser(userId);
  if (!user) {
    const unknown = `${options.command ? `${options.command}: no` : 'No'} demo user "${userId}"`;
    throw new UsageError(`${unknown}; demo users: ${DEMO_USERS.map((u) => u.id).join(', ')}`);
  }
  return signToken(user, config.jwtSecret, options.ttl ?? config.tokenTtl);
}
