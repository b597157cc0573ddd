import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LotGraphConfig } from '../config/config';
import { PeriodicWorker } from '../workers/periodic-worker';
import { createCheckpoint, type AuditCheckpoint } from './audit-checkpoint';
import type { AuditReader } from './audit-reader';
import type { AuditSigningKey } from './audit-signing-key';

const FILE = /^checkpoint-(\d{8}T\d{6}\d{3}Z)\.json$/;

/**
 * Where the hub keeps the checkpoints it signs: LOTGRAPH_AUDIT_CHECKPOINT_DIR, else `audit-checkpoints` beside the
 * embedded data directory or the key file. Never inside the database directory: someone who rewrites the database
 * files must not reach them the same way.
 */
export function checkpointDir(config: Pick<LotGraphConfig, 'auditCheckpointDir' | 'auditKey' | 'databaseUrl' | 'dataDir'>): string | undefined {
  if (config.auditCheckpointDir) return config.auditCheckpointDir;
  if (!config.databaseUrl && !config.dataDir.startsWith('memory://')) return path.join(path.dirname(path.resolve(config.dataDir)), 'audit-checkpoints');
  return config.auditKey && path.join(path.dirname(config.auditKey.path), 'audit-checkpoints');
}

/** Signed checkpoints kept as files, one per moment, named so they sort by time. */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  write(checkpoint: AuditCheckpoint): string {
    mkdirSync(this.dir, { recursive: true });
    const stamp = checkpoint.createdAt.replace(/[-:.]/g, '');
    const file = path.join(this.dir, `checkpoint-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
    return file;
  }

  /** The newest checkpoint file, or null when none was written. */
  latest(): { file: string; checkpoint: unknown } | null {
    if (!existsSync(this.dir)) return null;
    const [newest] = readdirSync(this.dir).filter((name) => FILE.test(name)).sort().reverse();
    if (!newest) return null;
    const file = path.join(this.dir, newest);
    return { file, checkpoint: JSON.parse(readFileSync(file, 'utf8')) };
  }
}

/**
 * Signs where every trail stands on a schedule and when the hub stops, so a trail rewritten (or cut short) behind
 * the application is bounded by the last checkpoint. A round while a trail is broken signs nothing and says so.
 */
export class CheckpointWriter extends PeriodicWorker {
  constructor(
    private readonly reader: AuditReader,
    private readonly key: AuditSigningKey,
    readonly store: CheckpointStore,
    everyMs: number,
  ) {
    super('audit checkpoint', everyMs);
  }

  async runOnce(now = new Date()): Promise<string> {
    return this.store.write(await createCheckpoint(this.reader, this.key, now));
  }

  /** Stops the schedule and signs one last checkpoint (logged, not thrown, if it cannot). */
  override async stop(): Promise<void> {
    await super.stop();
    await this.runOnce().catch((err: Error) => console.warn(`audit checkpoint on shutdown: ${err.message}`));
  }
}
