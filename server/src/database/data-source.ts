import 'reflect-metadata';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { pgliteDriver } from './pglite-pool';
import { QueryCounter } from './query-counter';
import { AuditTrail } from '../audit/audit-trail';
import { AUDIT_SEAL_ACTOR } from '../auth/system-users';
import { grantAppRole } from './app-role';

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
  /**
   * Creates the schema if needed, applies pending migrations and grants the application role its privileges;
   * returns the names applied. Connected as a role that does not own the schema (the hub under lotgraph_app), it
   * changes nothing: it refuses while a migration is pending, else returns none.
   */
  migrate(): Promise<string[]>;
  /** The migrations not applied yet (read only: neither the schema nor the migrations table is made). */
  pendingMigrations(): Promise<string[]>;
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

  const initialized = async () => {
    if (!dataSource.isInitialized) await dataSource.initialize();
  };
  const pendingMigrations = async () => {
    await initialized();
    const [{ table }] = await dataSource.query('SELECT to_regclass($1) AS table', [`"${options.schema}".migrations`]);
    const applied = new Set<string>(
      table ? (await dataSource.query(`SELECT name FROM "${options.schema}".migrations`)).map((row: { name: string }) => row.name) : [],
    );
    return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
  };

  return {
    dataSource,
    queries,
    schema: options.schema,
    pendingMigrations,
    async migrate() {
      await initialized();
      const [schema] = await dataSource.query(
        `SELECT pg_has_role(current_user, nspowner, 'USAGE') AS owned, current_user AS role FROM pg_namespace WHERE nspname = $1`,
        [options.schema],
      );
      if (schema && !schema.owned) {
        const pending = await pendingMigrations();
        if (pending.length > 0) {
          throw new Error(
            `${options.schema}: migrations pending (${pending.join(', ')}), and ${schema.role} does not own schema ${options.schema}: ` +
              'run `npx lotgraph migrate` with the owner\'s DATABASE_URL first',
          );
        }
        return [];
      }
      if (!schema) {
        await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`).catch((err: Error & { code?: string }) => {
          if (err.code !== '42501') throw err;
          throw new Error(`${options.schema}: the schema does not exist, and ${err.message}: run \`npx lotgraph migrate\` with the owner's DATABASE_URL first`);
        });
      }
      const applied = await dataSource.runMigrations();
      await grantAppRole(dataSource, options.schema);
      const [trail]: Array<{ signed: boolean }> = await dataSource.query(
        `SELECT true AS signed FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'audit_entry' AND column_name = 'signature'`,
        [options.schema],
      );
      // A broken trail is left as it is, for `audit verify` to name: sealing it would bless what broke it.
      if (trail) await new AuditTrail(dataSource, options.schema).sealUnsignedHistory(AUDIT_SEAL_ACTOR).catch((error: Error) => console.warn(error.message));
      return applied.map((migration) => migration.name);
    },
    async ping() {
      await initialized();
      await dataSource.query('SELECT 1');
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
