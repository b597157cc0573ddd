import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { acquireEmbeddedDatabase, releaseEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: PGliteClient | null, release: Release) => void;

/**
 * A `pg`-compatible pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite is one Postgres session. Handing it to two TypeORM query runners at once would let one request's
 * statements run inside another request's transaction, so a query runner holds the directory's session lock
 * from connect() to release() — one lock for every pool (every subgraph) over that directory — and everyone
 * else waits their turn.
 */
export class PGlitePool extends EventEmitter {
  private readonly database: Promise<EmbeddedDatabase>;

  constructor(private readonly options: { dataDir: string }) {
    super();
    this.database = acquireEmbeddedDatabase(options.dataDir);
    // Surfaced by connect(); this keeps an early failure (directory in use) from being an unhandled rejection.
    this.database.catch(() => undefined);
  }

  connect(callback: ConnectCallback): void {
    this.database
      .then(async (database) => {
        const db = await database.db;
        await database.lock.acquire();
        let released = false;
        const release: Release = () => {
          if (released) return;
          released = true;
          // A holder that lets go mid-transaction (a crash, a forced shutdown) must not hand it to the next one.
          const cleanup = db.isInTransaction() ? db.exec('ROLLBACK').then(() => undefined) : Promise.resolve();
          void cleanup.catch(() => undefined).finally(() => database.lock.release());
        };
        try {
          callback(null, new PGliteClient(db), release);
        } catch (err) {
          release();
          throw err;
        }
      })
      .catch((err: unknown) => callback(err, null, () => undefined));
  }

  end(callback?: (err?: unknown) => void): void {
    this.database
      .then(() => releaseEmbeddedDatabase(this.options.dataDir))
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }
}

interface PgResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, parameters?: unknown[]): Promise<PgResult> {
    const command = sql.trimStart().split(/\s/, 1)[0].toUpperCase();
    if (parameters && parameters.length > 0) {
      const result = await this.db.query(sql, parameters);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
    }
    // Without parameters the statement may be several (migrations); like `pg`, answer with the last result.
    const results = await this.db.exec(sql);
    const last = results[results.length - 1];
    return {
      rows: last?.rows ?? [],
      rowCount: last ? (last.affectedRows ?? last.rows.length) : 0,
      command,
    };
  }
}

/** The module shape TypeORM's postgres driver expects from `pg`. */
export function pgliteDriver(dataDir: string): unknown {
  return {
    Pool: class extends PGlitePool {
      constructor() {
        super({ dataDir });
      }
    },
  };
}
