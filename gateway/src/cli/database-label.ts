import type { LotGraphConfig } from '@lotgraph/server';

/** Which database a command uses, without the password: `PostgreSQL host:5432/lotgraph` or the embedded directory. */
export function databaseLabel(config: Pick<LotGraphConfig, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
