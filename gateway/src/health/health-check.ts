import { baseUrlOf } from '../http/base-url';

/** What /healthz shows anyone: states only; the reasons go to the log, not to an anonymous caller. */
export interface SubgraphHealth {
  status: 'ok' | 'error';
  database?: 'ok' | 'error';
}

export interface Health {
  status: 'ok' | 'degraded';
  subgraphs: Record<string, SubgraphHealth>;
}

/** Asks every subgraph's /healthz (which pings its database), each within the timeout. */
export async function checkHealth(subgraphUrls: Record<string, string>, timeoutMs = 2000): Promise<Health> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = `${baseUrlOf(url)}/healthz`;
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await response.json()) as { database?: 'ok' | 'error' };
        return [name, { status: response.ok ? 'ok' : 'error', database: body.database }];
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        console.warn(`health: ${name} subgraph at ${url} unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
        return [name, { status: 'error' }];
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { status: entries.every(([, h]) => h.status === 'ok') ? 'ok' : 'degraded', subgraphs };
}
