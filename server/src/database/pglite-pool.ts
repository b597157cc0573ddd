import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { acquireEmbeddedDatabase, releaseEmbeddedDatabase } from './embedded-database';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: PGliteClient | null, release: Release) => void;

/**
 * A `pg`-compatible pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite is one Postgres session. Handing the same session to two TypeORM query runners at once would let
 * one request's statements run inside another request's transaction, so this pool has exactly one
 * connection: a query runner holds it from connect() to release() and everyone else waits their turn.
 */
export class PGlitePool extends EventEmitter {
  private queue: Array<() => void> = [];
  private busy = false;
  private readonly db: Promise<PGlite>;

  constructor(private readonly options: { dataDir: string }) {
    super();
    this.db = acquireEmbeddedDatabase(options.dataDir);
  }

  connect(callback: ConnectCallback): void {
    this.db.then(
      (db) =>
        this.lock(() => {
          let released = false;
          const release: Release = () => {
            if (released) return;
            released = true;
            this.unlock();
          };
          try {
            callback(null, new PGliteClient(db), release);
          } catch (err) {
            release();
            throw err;
          }
        }),
      (err: unknown) => callback(err, null, () => undefined),
    );
  }

  end(callback?: (err?: unknown) => void): void {
    releaseEmbeddedDatabase(this.options.dataDir).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  private lock(run: () => void): void {
    if (this.busy) {
      this.queue.push(run);
      return;
    }
    this.busy = true;
    run();
  }

  private unlock(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
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
