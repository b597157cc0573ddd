import { readFileSync, writeFileSync } from 'node:fs';
import {
  AuditReader,
  CheckpointStore,
  checkpointDir,
  auditKeyring,
  installAuditKeyring,
  createCheckpoint,
  keyId,
  loadAuditSigningKey,
  publicKeyPem,
  readPublicKey,
  verifyCheckpoint,
  type LotGraphConfig,
} from '@lotgraph/server';
import { SUBGRAPH_NAMES } from '@lotgraph/schema';
import { SUBGRAPHS } from '../hub/subgraph-registry';
import { optionalFlag, type ParsedArgs } from './args';
import { UsageError } from './usage-error';

const fileFlag = (args: ParsedArgs, name: string) => optionalFlag(args, name, 'a file name');

/**
 * Every subgraph's trail, read through one connection: they are schemas of one database. Opened as it is, never
 * migrated: checking the trail must not change the database.
 */
async function withReader<T>(config: LotGraphConfig, work: (reader: AuditReader) => Promise<T>): Promise<T> {
  const database = SUBGRAPHS.compliance.createDatabase(config);
  await database.dataSource.initialize();
  try {
    return await work(new AuditReader(database.dataSource, SUBGRAPH_NAMES));
  } finally {
    await database.close();
  }
}

/**
 * The keys entries must be signed with: the public keys the auditor was given (--public-key, comma-separated), else
 * this installation's own and the earlier ones kept beside it. Never makes a key.
 */
function trustedKeyring(config: LotGraphConfig, publicKeyFiles: string | undefined) {
  const own = installAuditKeyring({ ...config, auditKey: config.auditKey && { ...config.auditKey, createIfMissing: false } });
  return publicKeyFiles ? own.trusting(publicKeyFiles.split(',').map((file) => readPublicKey(file.trim()))) : auditKeyring();
}

async function verifyChains(config: LotGraphConfig, publicKeyFiles: string | undefined): Promise<void> {
  const keyring = trustedKeyring(config, publicKeyFiles);
  const statuses = await withReader(config, (reader) => reader.verifyAll(keyring));
  for (const status of statuses) {
    if (!status.firstBroken) console.log(`${status.schema}: ${status.count} entries, chain intact, head ${status.headHash}`);
    else console.log(`${status.schema}: BROKEN at entry ${status.firstBroken.seq}: ${status.firstBroken.reason} (${status.count} entries before it hold)`);
    if (status.mismatchCount > 0) {
      console.log(`${status.schema}: ${status.mismatchCount} record field(s) disagree with the trail${status.mismatchCount > status.mismatches.length ? ` (the first ${status.mismatches.length} listed)` : ''}:`);
      for (const mismatch of status.mismatches) console.log(`  ${mismatch.reason}`);
    }
  }
  if (statuses.some((status) => !status.ok)) process.exitCode = 1;
}

function readCheckpointFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--checkpoint ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--checkpoint ${file} is not JSON: ${(err as Error).message}`);
  }
}

async function verifyAgainstCheckpoint(config: LotGraphConfig, file: string, publicKeyFile: string | undefined): Promise<void> {
  const checkpoint = readCheckpointFile(file);
  // The key to trust: the one the auditor was given, else this installation's own (never made here).
  const entryKeys = trustedKeyring(config, publicKeyFile);
  const trusted = publicKeyFile
    ? readPublicKey(publicKeyFile.split(',')[0].trim())
    : loadAuditSigningKey({ auditKey: config.auditKey && { ...config.auditKey, createIfMissing: false } }).publicKey;
  const check = await withReader(config, (reader) => verifyCheckpoint(reader, checkpoint, trusted, entryKeys));
  const { createdAt } = checkpoint as { createdAt?: string };
  if (check.problems.length === 0) console.log(`checkpoint of ${createdAt}: signature valid (key ${keyId(trusted)})`);
  for (const problem of check.problems) console.log(`checkpoint: FAILS: ${problem}`);
  for (const chain of check.chains) console.log(`${chain.schema}: ${chain.ok ? '' : 'FAILS: '}${chain.message}`);
  console.log(check.ok ? 'The audit trails hold and were not rewritten since the checkpoint.' : 'The audit trails do NOT match the checkpoint.');
  if (!check.ok) process.exitCode = 1;
}

const LISTED_SINCE = 50;

/** The newest checkpoint the hub signed, checked as --checkpoint is, then every trail's entries written since. */
async function sinceCheckpoint(config: LotGraphConfig, publicKeyFile: string | undefined): Promise<void> {
  const dir = checkpointDir(config);
  const latest = dir ? new CheckpointStore(dir).latest() : null;
  if (!latest) {
    throw new UsageError(`No audit checkpoint in ${dir ?? '(no checkpoint directory: set LOTGRAPH_AUDIT_CHECKPOINT_DIR)'}: the hub signs one every LOTGRAPH_AUDIT_CHECKPOINT_INTERVAL and when it stops`);
  }
  console.log(`Last checkpoint: ${latest.file}`);
  await verifyAgainstCheckpoint(config, latest.file, publicKeyFile);
  const { chains, createdAt } = latest.checkpoint as { chains: Array<{ schema: string; headSeq: number }>; createdAt: string };
  await withReader(config, async (reader) => {
    for (const chain of chains) {
      const trail = reader.trail(chain.schema);
      if (!trail) continue;
      const since = await trail.entriesAfter(chain.headSeq, LISTED_SINCE + 1);
      console.log(`${chain.schema}: ${since.length === 0 ? 'nothing written' : `entries from ${chain.headSeq + 1}`} since ${createdAt}`);
      for (const entry of since.slice(0, LISTED_SINCE)) {
        console.log(`  ${entry.seq}  ${entry.recordedAt.toISOString()}  ${entry.actorId}  ${entry.action} ${entry.entityType} ${entry.entityId}`);
      }
      if (since.length > LISTED_SINCE) console.log(`  ... and more after entry ${since[LISTED_SINCE - 1].seq}`);
    }
  });
}

async function checkpoint(config: LotGraphConfig, out: string | undefined): Promise<void> {
  const key = loadAuditSigningKey(config);
  if (key.created) console.error(`Made a new audit signing key at ${key.path}; give its public key to your auditors: npx lotgraph audit public-key`);
  const signed = await withReader(config, (reader) => createCheckpoint(reader, key));
  const json = JSON.stringify(signed, null, 2);
  if (!out) {
    console.log(json);
    return;
  }
  writeFileSync(out, `${json}\n`);
  const chains = signed.chains.map((chain) => `${chain.schema} ${chain.count}`).join(', ');
  console.log(`Checkpoint written to ${out}: ${chains} entries, signed with key ${signed.keyId}`);
  console.log(`Check it later with: npx lotgraph audit verify --checkpoint ${out}`);
}

function publicKey(config: LotGraphConfig, out: string | undefined): void {
  const key = loadAuditSigningKey(config);
  if (key.created) console.error(`Made a new audit signing key at ${key.path}`);
  const pem = publicKeyPem(key.publicKey);
  if (!out) {
    console.log(pem.trimEnd());
    return;
  }
  writeFileSync(out, pem);
  console.log(`Public key ${keyId(key.publicKey)} written to ${out}`);
}

export const AUDIT_USAGE = `  audit verify [--checkpoint <file> | --since-checkpoint] [--public-key <file>[,<file>...]]
                     walk every subgraph's hash-chained, signed audit trail; name the first broken or forged
                     entry and every record whose row disagrees with its trail (exit 1). With a checkpoint: also
                     check its signature and that no trail was rewritten since; --since-checkpoint takes the
                     hub's newest one and lists what was written after it
  audit checkpoint [--out <file>]
                     sign where every trail stands now (count, head seq and hash), as JSON
  audit public-key [--out <file>]
                     the public key that checks checkpoints (PEM), for auditors`;

export async function audit(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  switch (args.command[1]) {
    case 'verify': {
      const file = fileFlag(args, 'checkpoint');
      if (file && args.flags['since-checkpoint']) throw new UsageError('give either --checkpoint <file> or --since-checkpoint, not both');
      if (file) return verifyAgainstCheckpoint(config, file, fileFlag(args, 'public-key'));
      if (args.flags['since-checkpoint']) return sinceCheckpoint(config, fileFlag(args, 'public-key'));
      return verifyChains(config, fileFlag(args, 'public-key'));
    }
    case 'checkpoint':
      return checkpoint(config, fileFlag(args, 'out'));
    case 'public-key':
      return publicKey(config, fileFlag(args, 'out'));
    default:
      throw new UsageError('audit needs a subcommand: verify, checkpoint or public-key');
  }
}
