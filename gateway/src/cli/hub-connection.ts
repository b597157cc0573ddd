import type { LotGraphConfig } from '@lotgraph/server';
import { baseUrlOf } from '../http/base-url';
import { startHub } from '../hub/hub';

export interface HubConnection {
  /** The gateway's GraphQL URL. */
  url: string;
  /** Stops the hub this command started in-process; nothing for one that was already running. */
  stop(): Promise<void>;
}

/** How long the probe waits for /healthz: longer than the gateway's own wait for a subgraph's (2 s). */
const PROBE_TIMEOUT_MS = 3000;

/** What GET /healthz at a URL tells of a hub there. */
type Probe =
  | { kind: 'healthy' }
  /** A LotGraph gateway whose subgraphs are not all up (it answers 503 with its health). */
  | { kind: 'degraded'; down: string[] }
  /** Something answered, but not as a LotGraph gateway does. */
  | { kind: 'foreign'; status: number }
  /** Nothing listens there (connection refused), or the host is not reached. */
  | { kind: 'unreachable'; reason: string }
  /** Something accepted the connection and did not answer in time. */
  | { kind: 'silent' };

/** The reason a fetch failed, as the network gave it (`ECONNREFUSED 127.0.0.1:9`), not "fetch failed". */
export function fetchFailure(err: unknown): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  return error.cause?.message ?? error.cause?.code ?? error.message;
}

async function probe(url: string): Promise<Probe> {
  let response: Response;
  try {
    response = await fetch(`${baseUrlOf(url)}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return { kind: 'silent' };
    return { kind: 'unreachable', reason: fetchFailure(err) };
  }
  if (response.ok) return { kind: 'healthy' };
  const health = (await response.json().catch(() => null)) as { status?: string; subgraphs?: Record<string, { status?: string }> } | null;
  if (response.status === 503 && health?.status === 'degraded') {
    return { kind: 'degraded', down: Object.entries(health.subgraphs ?? {}).filter(([, h]) => h.status !== 'ok').map(([name]) => name) };
  }
  return { kind: 'foreign', status: response.status };
}

function degradedNotice(url: string, down: string[]): string {
  return `(the hub at ${url} is degraded: ${down.length ? `the ${down.join(', ')} subgraph${down.length > 1 ? 's' : ''} did not answer its health check` : 'a subgraph is down'}; using it, parts may be missing)`;
}

/**
 * The hub a command talks to: the one at --url (which must answer as a LotGraph gateway), else the one running on
 * this machine's LOTGRAPH port, else one started in this process on the configured database, for as long as the
 * command runs. A hub that answers degraded (503: a subgraph down) is used, with a notice; only a port nothing
 * listens on is taken for no hub, so a second hub is never started beside a running one.
 */
export async function connectToHub(
  config: LotGraphConfig,
  given: string | undefined,
  options: { command: string; seedDemo: boolean; log: (line: string) => void },
): Promise<HubConnection> {
  const local = `http://127.0.0.1:${config.port}/graphql`;
  const url = given ?? local;
  const found = await probe(url);
  const running = { url, stop: async () => undefined };
  if (found.kind === 'healthy') return running;
  if (found.kind === 'degraded') {
    options.log(degradedNotice(url, found.down));
    return running;
  }
  const silent = `something at ${baseUrlOf(url)} accepted the connection but did not answer GET /healthz within ${PROBE_TIMEOUT_MS} ms`;
  if (given) {
    if (found.kind === 'foreign') throw new Error(`${options.command}: ${given} is not a LotGraph gateway (GET /healthz answered HTTP ${found.status})`);
    throw new Error(`${options.command}: no LotGraph gateway answers at ${given} (${found.kind === 'silent' ? silent : found.reason})`);
  }
  // A hub may be starting or stuck there: starting another on the same database is not safe.
  if (found.kind === 'silent') throw new Error(`${options.command}: ${silent}; if it is a LotGraph hub, wait for it, or name one with --url`);
  const hub = await startHub({ ...config, seedDemo: options.seedDemo }, { port: 0 });
  const why = found.kind === 'foreign' ? `port ${config.port} answers, but not as a LotGraph gateway` : `no hub running at ${local}`;
  options.log(`(${why}: started one in this process on ${config.databaseUrl ? 'the configured database' : 'the embedded database'})`);
  return { url: hub.url, stop: () => hub.stop() };
}
