import 'reflect-metadata';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { pgliteDriver } from './pglite-pool';
import { QueryCounter } from './query-counter';
import { AuditTrail } from '../audit/audit-trail';
import { AUDIT_SEAL_ACTOR } from '../auth/system-users';

export interface DatabaseOptions {
  /** Real PostgreSQL when set, embedded PGlite otherwise. */
  databaseUrl?: string;
  /** Embedded data directory, or `memory://...` for a throwaway in-memory database. */
  dataDir: string;
}

export interface SubgraphDatabaseOptions extends DatabaseOptions {
  /** Each subgraph keeps its tables in its own PostgreSQL schema. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export interface SubgraphDatabase {
  dataSource: DataSource;
  queries: QueryCounter;
  schema: string;
  /** Creates the schema if needed and applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createSubgraphDatabase(options: SubgraphDatabaseOptions): SubgraphDatabase {
  const queries = new QueryCounter();
  const connection = options.databaseUrl
    ? // No JIT: the recursive trace query's row estimate crosses jit_above_cost whatever the trace's size, and
      // compiling it took ~30 ms on a query that runs in a few (BENCHMARKS.md). PGlite has no JIT.
      { url: options.databaseUrl, extra: { options: '-c jit=off' } }
    : { driver: pgliteDriver(options.dataDir) };
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logger: queries,
    logging: true,
    applicationName: `lotgraph-${options.schema}`,
  });

  return {
    dataSource,
    queries,
    schema: options.schema,
    async migrate() {
      if (!dataSource.isInitialized) await dataSource.initialize();
      await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      const applied = await dataSource.runMigrations();
      const [trail]: Array<{ signed: boolean }> = await dataSource.query(
        `SELECT true AS signed FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'audit_entry' AND column_name = 'signature'`,
        [options.schema],
      );
      // A broken trail is left as it is, for `audit verify` to name: sealing it would bless what broke it.
      if (trail) await new AuditTrail(dataSource, options.schema).sealUnsignedHistory(AUDIT_SEAL_ACTOR).catch((error: Error) => console.warn(error.message));
      return applied.map((migration) => migration.name);
    },
    async ping() {
      if (!dataSource.isInitialized) await dataSource.initialize();
      await dataSource.query('SELECT 1');
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
