import type { LotGraphConfig } from '@lotgraph/server';
import { optionalFlag, type ParsedArgs } from './args';
import { demoUserToken } from './demo-user-token';
import { UsageError } from './usage-error';

/**
 * The bearer token a command calls the hub with: --token or LOTGRAPH_TOKEN, else one signed here for the demo user
 * --user (else `defaultUser`), only where demo users exist.
 */
export function callerToken(config: LotGraphConfig, args: ParsedArgs, command: string, defaultUser: string): string {
  const given = optionalFlag(args, 'token', 'a bearer token') ?? process.env.LOTGRAPH_TOKEN;
  const userId = optionalFlag(args, 'user', 'a demo user id');
  if (given) {
    if (userId) throw new UsageError(`${command}: give --token or --user, not both`);
    return given;
  }
  if (!config.seedDemo) {
    throw new UsageError(
      `${command} needs a bearer token: --token <token> or LOTGRAPH_TOKEN (log in for one). Demo users (--user) exist only where the demo plant is loaded: the embedded default, or LOTGRAPH_SEED_DEMO=true`,
    );
  }
  return demoUserToken(config, userId ?? defaultUser, { ttl: '5m', command });
}
