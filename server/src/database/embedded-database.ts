import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';

/**
 * One PGlite instance per data directory per process: the three subgraphs of the embedded hub share it,
 * each in its own schema. PGlite is a single Postgres session, so whoever uses it holds the session lock
 * (one lock per directory, shared by every pool over it) and the instance closes when its last user lets go.
 */
export interface EmbeddedDatabase {
  db: Promise<PGlite>;
  lock: SessionLock;
  users: number;
  closing?: Promise<void>;
}

/** A FIFO mutex: the session belongs to one holder at a time. */
export class SessionLock {
  private queue: Array<() => void> = [];
  private busy = false;

  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }
}

const open = new Map<string, EmbeddedDatabase>();

// TypeORM sends booleans as 1/0, which `pg` passes as text; PGlite types parameters, so spell them out.
function serializeBoolean(value: unknown): string {
  if (value === true || value === 1 || value === 'true' || value === 't') return 't';
  if (value === false || value === 0 || value === 'false' || value === 'f') return 'f';
  return String(value);
}

export async function acquireEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  let entry = open.get(dataDir);
  // A directory still closing from its last user must finish before it is opened again.
  if (entry?.closing) {
    await entry.closing;
    entry = open.get(dataDir);
  }
  if (!entry) {
    if (!dataDir.startsWith('memory://')) {
      mkdirSync(dataDir, { recursive: true });
      lockDataDir(dataDir);
    }
    entry = { db: PGlite.create(dataDir, { serializers: { [types.BOOL]: serializeBoolean } }), lock: new SessionLock(), users: 0 };
    open.set(dataDir, entry);
  }
  entry.users += 1;
  return entry;
}

export async function releaseEmbeddedDatabase(dataDir: string): Promise<void> {
  const entry = open.get(dataDir);
  if (!entry || entry.closing) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.closing = (async () => {
    const db = await entry.db;
    if (!db.closed) await db.close();
    if (!dataDir.startsWith('memory://')) rmSync(lockFile(dataDir), { force: true });
    open.delete(dataDir);
  })();
  await entry.closing;
}

const lockFile = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}.lock`;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Two processes opening one PGlite directory would corrupt it, so the second one is refused. */
function lockDataDir(dataDir: string): void {
  const file = lockFile(dataDir);
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    holder = undefined;
  }
  if (holder && holder !== process.pid && isRunning(holder)) {
    throw new Error(
      `The embedded database at ${dataDir} is in use by process ${holder} (is \`npm start\` running?). ` +
        'Stop that process first, or set DATABASE_URL to share a PostgreSQL server.',
    );
  }
  writeFileSync(file, String(process.pid));
}
