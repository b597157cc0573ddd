import { randomBytes } from 'node:crypto';
import { throwawayAuditKey, type DatabaseOptions, type LotGraphConfig } from '@lotgraph/server';

/** The whole graph as a benchmark starts it in its own process: on the bench's database, fresh secrets, no fixed port. */
export function benchHubConfig(target: DatabaseOptions, options: { seedDemo: boolean }): LotGraphConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
    gatewayUrl: 'http://127.0.0.1:0/graphql',
    jwtSecret: randomBytes(24).toString('hex'),
    tokenTtl: '2h',
    lockoutMs: 15 * 60_000,
    trustedProxies: [],
    gatewaySecret: randomBytes(24).toString('hex'),
    maxDepth: 12,
    maxCost: 20000,
    maxAliases: 30,
    subgraphUrls: {},
    seedDemo: options.seedDemo,
    embedded: !target.databaseUrl,
    devSecrets: false,
    auditKey: target.databaseUrl ? throwawayAuditKey() : undefined,
  };
}
