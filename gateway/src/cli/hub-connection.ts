import type { LotGraphConfig } from '@lotgraph/server';
import { startHub } from '../hub/hub';
import { UsageError } from './usage-error';

export interface HubConnection {
  /** The gateway's GraphQL URL. */
  url: string;
  /** Stops the hub this command started in-process; nothing for one that was already running. */
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url.replace(/\/graphql$/, '/healthz'), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The hub a command talks to: the one at --url (which must answer), else the one running on this machine's LOTGRAPH
 * port, else one started in this process on the configured database, for as long as the command runs.
 */
export async function connectToHub(
  config: LotGraphConfig,
  given: string | undefined,
  options: { command: string; seedDemo: boolean; log: (line: string) => void },
): Promise<HubConnection> {
  const local = `http://127.0.0.1:${config.port}/graphql`;
  const url = given ?? local;
  if (await reachable(url)) return { url, stop: async () => undefined };
  if (given) throw new UsageError(`${options.command}: no LotGraph gateway answers at ${given}`);
  const hub = await startHub({ ...config, seedDemo: options.seedDemo }, { port: 0 });
  options.log(`(no hub running at ${local}: started one in this process on ${config.databaseUrl ? 'the configured database' : 'the embedded database'})`);
  return { url: hub.url, stop: () => hub.stop() };
}
