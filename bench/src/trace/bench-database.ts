import { Client } from 'pg';
import { plantFingerprint } from './plant-generator';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DATABASE = 'lotgraph_bench';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The bench's own database on the server: kept when it already holds the plant asked for, otherwise dropped
 * and created empty. Returns its URL.
 */
export async function prepareBenchDatabase(
  serverUrl: string,
  name: string,
  plant: { lots: number; seed: number; regenerate: boolean },
  log: (line: string) => void,
): Promise<string> {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const exists = await withClient(serverUrl, async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (exists && !plant.regenerate) {
    const fingerprint = plantFingerprint(plant.lots, plant.seed);
    const holds = await withClient(databaseUrl, async (client) => {
      const table = await client.query(`SELECT to_regclass('bench.plant') IS NOT NULL AS present`);
      if (!table.rows[0].present) return false;
      return (await client.query('SELECT 1 FROM bench.plant WHERE fingerprint = $1', [fingerprint])).rowCount === 1;
    });
    if (holds) return databaseUrl;
  }
  if (exists) log(`Dropping database ${name} (it holds another plant, or --regenerate) ...`);
  return freshBenchDatabase(serverUrl, name);
}

/** A bench's database on the server, dropped and created empty. Returns its URL. */
export async function freshBenchDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
