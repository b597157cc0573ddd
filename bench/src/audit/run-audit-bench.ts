import {
  AuditKeyring,
  AuditTrail,
  GENESIS_HASH,
  addAuditSignatureColumns,
  auditEntryContent,
  auditEntryFromRow,
  createAuditTable,
  createSubgraphDatabase,
  entryHash,
  type AuditEntryRow,
  type AuditRecord,
  type DatabaseOptions,
  type SubgraphDatabase,
} from '@lotgraph/server';
import { generateKeyPairSync } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export interface AuditBenchOptions {
  /** Audit entries written, then verified. */
  entries: number;
  /** Entries per write (one transaction, one statement). */
  batch: number;
}

export const DEFAULT_OPTIONS: AuditBenchOptions = { entries: 1_000_000, batch: 5_000 };

const SCHEMA = 'audit_bench';

export interface Pass {
  name: string;
  seconds: number;
  entriesPerSecond: number;
  /** Largest heap in use while the pass ran (sampled), in MB. */
  peakHeapMb: number;
}

export interface AuditBenchReport {
  entries: number;
  database: string;
  write: Pass;
  /** Baseline: the same pages read and parsed, nothing checked. */
  read: Pass;
  /** The chain without signatures: hash and link of every entry. */
  hashOnly: Pass;
  /** What `audit verify` does: hash, link and Ed25519 signature of every entry. */
  verify: Pass;
  verifiedOk: boolean;
}

class CreateBenchTrail1764100000000 implements MigrationInterface {
  name = 'CreateBenchTrail1764100000000';
  async up(db: QueryRunner) {
    await createAuditTable(db, SCHEMA);
    await addAuditSignatureColumns(db, SCHEMA);
  }
  async down() {}
}

/** A lot's status change, as the batch domain records thousands of them. */
function record(n: number): AuditRecord {
  return {
    actor: { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] },
    action: 'STATUS_CHANGE',
    entityType: 'Lot',
    entityId: `LOT-${String(n % 50_000).padStart(6, '0')}`,
    changes: { status: { old: 'QUARANTINE', new: 'RELEASED' }, quantity: { new: 1000 + (n % 97) } },
    reason: 'Released after review of the batch record',
    requestId: `req-${n}`,
  };
}

async function measure(name: string, entries: number, work: () => Promise<unknown>): Promise<Pass> {
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const started = process.hrtime.bigint();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { name, seconds, entriesPerSecond: entries / seconds, peakHeapMb: peak / 2 ** 20 };
}

const PAGE = 100;

/** Walks the table in verify's pages, handing each parsed entry to `check`. */
async function walk(database: SubgraphDatabase, check: (entry: ReturnType<typeof auditEntryFromRow>) => void): Promise<void> {
  for (let seq = 1; ; ) {
    const rows: AuditEntryRow[] = await database.dataSource.query(`SELECT * FROM ${SCHEMA}.audit_entry WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`, [seq]);
    for (const row of rows) check(auditEntryFromRow(SCHEMA, row));
    seq += rows.length;
    if (rows.length < PAGE) return;
  }
}

export async function runAuditBench(target: DatabaseOptions, options: AuditBenchOptions, log: (line: string) => void): Promise<AuditBenchReport> {
  const database = createSubgraphDatabase({ ...target, schema: SCHEMA, entities: [], migrations: [CreateBenchTrail1764100000000] });
  await database.migrate();
  try {
    const [{ version }] = await database.dataSource.query('SELECT version()');
    const keyring = new AuditKeyring(generateKeyPairSync('ed25519').privateKey);
    const trail = new AuditTrail(database.dataSource, SCHEMA, keyring);

    const write = await measure('write (seal, sign, insert)', options.entries, async () => {
      for (let done = 0; done < options.entries; done += options.batch) {
        const records = Array.from({ length: Math.min(options.batch, options.entries - done) }, (_, i) => record(done + i));
        await database.dataSource.transaction((manager) => trail.recordMany(manager, records));
        if ((done / options.batch) % 20 === 19) log(`  written ${(done + records.length).toLocaleString('en-US')}`);
      }
    });
    log(`Wrote ${options.entries.toLocaleString('en-US')} entries in ${write.seconds.toFixed(1)} s`);

    let count = 0;
    const read = await measure('read (baseline)', options.entries, () => walk(database, () => (count += 1)));
    let previous = GENESIS_HASH;
    let intact = true;
    const hashOnly = await measure('hash chain only', options.entries, () =>
      walk(database, (entry) => {
        intact &&= entry.previousHash === previous && entryHash(auditEntryContent(entry), entry.previousHash) === entry.hash;
        previous = entry.hash;
      }),
    );
    let verifiedOk = false;
    const verify = await measure('verify (hash, link, signature)', options.entries, async () => {
      verifiedOk = (await trail.verify(keyring)).ok && intact && count === options.entries;
    });
    return { entries: options.entries, database: String(version).split(' on ')[0], write, read, hashOnly, verify, verifiedOk };
  } finally {
    await database.close();
  }
}

export function formatReport(report: AuditBenchReport): string {
  const row = (pass: Pass) =>
    `| ${pass.name} | ${pass.seconds.toFixed(1)} | ${Math.round(pass.entriesPerSecond).toLocaleString('en-US')} | ${(report.read.entriesPerSecond / pass.entriesPerSecond).toFixed(2)} | ${pass.peakHeapMb.toFixed(0)} |`;
  return [
    `Audit trail of ${report.entries.toLocaleString('en-US')} entries on ${report.database}: ${report.verifiedOk ? 'verified intact' : 'NOT verified'}`,
    '',
    '| pass | seconds | entries/s | time vs read | peak heap MB |',
    '|---|---|---|---|---|',
    row(report.read),
    row(report.hashOnly),
    row(report.verify),
    row(report.write),
  ].join('\n');
}
