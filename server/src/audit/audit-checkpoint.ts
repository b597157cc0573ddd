import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './audit-hash';
import type { AuditReader, ChainStatus } from './audit-reader';
import { keyId, publicKeyPem } from './audit-signing-key';
import type { AuditKeyring } from './audit-keyring';

export const CHECKPOINT_FORMAT = 'lotgraph-audit-checkpoint/1';

/** Where one trail stood when the checkpoint was signed. */
export interface CheckpointChain {
  schema: string;
  count: number;
  headSeq: number;
  headHash: string;
  /** When the head entry was recorded (null for an empty trail). */
  headRecordedAt: string | null;
}

/**
 * A signed statement of every trail's length and head hash at one moment. An auditor who keeps it (and the
 * public key) can later prove the trails were not rewritten since: a rewritten trail, even one re-hashed
 * into a chain that verifies, no longer has the signed hash at the signed position.
 */
export interface AuditCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  createdAt: string;
  chains: CheckpointChain[];
  /** SHA-256 of the signing public key (DER). */
  keyId: string;
  /** The signing public key (PEM), for information: trust the key you were given, not this copy. */
  publicKey: string;
  /** Ed25519 signature (base64) over the canonical JSON of format, createdAt, chains and keyId. */
  signature: string;
}

export interface CheckpointCheck {
  ok: boolean;
  /** Problems with the checkpoint itself: its form, its key, its signature. */
  problems: string[];
  /** One line per trail: what held, or what did not and where. */
  chains: Array<{ schema: string; ok: boolean; message: string }>;
}

function signedContent(checkpoint: Pick<AuditCheckpoint, 'format' | 'createdAt' | 'chains' | 'keyId'>): Buffer {
  const { format, createdAt, chains, keyId: key } = checkpoint;
  return Buffer.from(canonicalJson({ format, createdAt, chains, keyId: key }), 'utf8');
}

const brokenMessage = (status: ChainStatus) => `BROKEN at entry ${status.firstBroken!.seq}: ${status.firstBroken!.reason}`;

/** Signs where every trail stands now; refuses while a trail is broken, which a signature would only bless. */
export async function createCheckpoint(reader: AuditReader, key: { privateKey: KeyObject; publicKey: KeyObject }, now = new Date()): Promise<AuditCheckpoint> {
  const statuses = await reader.verifyAll();
  // The trails' entries, not their records: a record changed outside LotGraph is named by verify, and a checkpoint
  // of the trails still bounds what can be rewritten after it.
  const broken = statuses.filter((status) => status.firstBroken);
  if (broken.length > 0) {
    throw new Error(`no checkpoint signed: ${broken.map((s) => `${s.schema} is ${brokenMessage(s)}`).join('; ')}`);
  }
  const chains: CheckpointChain[] = [];
  for (const status of statuses) {
    const head = status.headSeq > 0 ? await reader.trail(status.schema)!.entryAt(status.headSeq) : null;
    chains.push({ schema: status.schema, count: status.count, headSeq: status.headSeq, headHash: status.headHash, headRecordedAt: head?.recordedAt.toISOString() ?? null });
  }
  const unsigned = { format: CHECKPOINT_FORMAT, createdAt: now.toISOString(), chains, keyId: keyId(key.publicKey) } as const;
  return { ...unsigned, publicKey: publicKeyPem(key.publicKey), signature: sign(null, signedContent(unsigned), key.privateKey).toString('base64') };
}

/** What is wrong with the form of a parsed checkpoint file, if anything. */
function formProblem(value: unknown): string | null {
  const checkpoint = value as Partial<AuditCheckpoint> | null;
  if (!checkpoint || typeof checkpoint !== 'object') return 'not a JSON object';
  if (checkpoint.format !== CHECKPOINT_FORMAT) return `format is ${JSON.stringify(checkpoint.format)}, not "${CHECKPOINT_FORMAT}"`;
  if (typeof checkpoint.createdAt !== 'string' || typeof checkpoint.keyId !== 'string' || typeof checkpoint.signature !== 'string') {
    return 'createdAt, keyId and signature must be strings';
  }
  if (!Array.isArray(checkpoint.chains)) return 'chains must be a list';
  for (const chain of checkpoint.chains as unknown[]) {
    const c = chain as Partial<CheckpointChain>;
    if (!c || typeof c.schema !== 'string' || !Number.isInteger(c.headSeq) || !Number.isInteger(c.count) || typeof c.headHash !== 'string') {
      return `chain ${JSON.stringify(chain)} needs schema, count, headSeq and headHash`;
    }
  }
  return null;
}

/**
 * Checks a checkpoint against the trails as they are now: its signature under the trusted public key, that
 * every trail still verifies (entries signed by the keys of `entryKeys`, else the process's), and that each signed
 * head entry still has the signed hash.
 */
export async function verifyCheckpoint(reader: AuditReader, value: unknown, trustedKey: KeyObject, entryKeys?: AuditKeyring): Promise<CheckpointCheck> {
  const form = formProblem(value);
  if (form) return { ok: false, problems: [`not a LotGraph audit checkpoint: ${form}`], chains: [] };
  const checkpoint = value as AuditCheckpoint;
  const problems: string[] = [];
  const trusted = keyId(trustedKey);
  if (checkpoint.keyId !== trusted) problems.push(`signed with key ${checkpoint.keyId}, not with the trusted key ${trusted}`);
  else if (!verify(null, signedContent(checkpoint), trustedKey, Buffer.from(checkpoint.signature, 'base64'))) {
    problems.push('the signature does not match the checkpoint: it was altered after it was signed');
  }

  const statuses = new Map((await reader.verifyAll(entryKeys)).map((status) => [status.schema, status]));
  const chains: CheckpointCheck['chains'] = [];
  for (const signed of checkpoint.chains) {
    const status = statuses.get(signed.schema);
    const fail = (message: string) => chains.push({ schema: signed.schema, ok: false, message });
    if (!status) {
      fail('the checkpoint covers this trail, but this graph keeps no such trail');
      continue;
    }
    statuses.delete(signed.schema);
    if (status.firstBroken) {
      fail(brokenMessage(status));
      continue;
    }
    if (status.count < signed.headSeq) {
      fail(`the checkpoint covers ${signed.headSeq} entries, the trail now has ${status.count}: entries were removed since ${checkpoint.createdAt}`);
      continue;
    }
    if (signed.headSeq > 0) {
      const head = await reader.trail(signed.schema)!.entryAt(signed.headSeq);
      if (head?.hash !== signed.headHash) {
        fail(`entry ${signed.headSeq} no longer has the hash the checkpoint signed (${signed.headHash}, now ${head?.hash}): the trail was rewritten since ${checkpoint.createdAt}`);
        continue;
      }
    }
    const message = signed.headSeq === 0
      ? `empty at the checkpoint, ${status.count} entries now, chain intact`
      : `${signed.count} entries at the checkpoint, ${status.count} now; entry ${signed.headSeq} still has the signed hash, chain intact`;
    chains.push({ schema: signed.schema, ok: true, message });
  }
  for (const status of statuses.values()) {
    chains.push(!status.firstBroken
      ? { schema: status.schema, ok: true, message: `not in the checkpoint; ${status.count} entries, chain intact` }
      : { schema: status.schema, ok: false, message: `not in the checkpoint; ${brokenMessage(status)}` });
  }
  return { ok: problems.length === 0 && chains.every((chain) => chain.ok), problems, chains };
}
