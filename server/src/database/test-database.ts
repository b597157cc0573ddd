import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseOptions } from './data-source';

export interface TestDatabase extends DatabaseOptions {
  /** Drops the throwaway database (PostgreSQL) or forgets it (in-memory PGlite). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the server named by DATABASE_URL, or an
 * in-memory PGlite when no server is configured, so `npm test` works on a machine with no PostgreSQL.
 */
export async function createTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  const serverUrl = env.DATABASE_URL;
  if (!serverUrl) {
    return { dataDir: `memory://test-${randomBytes(6).toString('hex')}`, drop: async () => undefined };
  }
  const name = `lotgraph_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: '',
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
