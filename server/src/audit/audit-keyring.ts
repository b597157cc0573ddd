import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type LotGraphConfig } from '../config/config';
import { keyId, loadAuditSigningKey, publicKeyPem, readPublicKey } from './audit-signing-key';

/** What an entry's signature covers: the trail, the position and the hash (which seals the content and the chain link). */
function signedText(chain: string, seq: number, hash: string): Buffer {
  return Buffer.from(`lotgraph-audit-entry/1\n${chain}\n${seq}\n${hash}`, 'utf8');
}

export interface EntrySignature {
  keyId: string;
  signature: string;
}

/**
 * The key this process signs audit entries with, and the public keys it trusts when checking them: its own and
 * every earlier one (rotation). The private key lives in a file named by the configuration, never in the database,
 * so someone who can write to the database cannot sign an entry.
 */
export class AuditKeyring {
  private readonly trusted = new Map<string, KeyObject>();
  readonly signingKeyId: string;

  constructor(
    private readonly privateKey: KeyObject,
    trustedKeys: readonly KeyObject[] = [],
  ) {
    const own = createPublicKey(privateKey);
    this.signingKeyId = keyId(own);
    for (const key of [own, ...trustedKeys]) this.trusted.set(keyId(key), key);
  }

  sign(chain: string, seq: number, hash: string): EntrySignature {
    return { keyId: this.signingKeyId, signature: sign(null, signedText(chain, seq, hash), this.privateKey).toString('base64') };
  }

  /** The key ids an entry may be signed with. */
  trustedKeyIds(): string[] {
    return [...this.trusted.keys()];
  }

  /** A keyring that checks with exactly these public keys (an auditor's own copies), signing with this one's key. */
  trusting(keys: readonly KeyObject[]): AuditKeyring {
    const keyring = new AuditKeyring(this.privateKey);
    keyring.trusted.clear();
    for (const key of keys) keyring.trusted.set(keyId(key), key);
    return keyring;
  }

  /** Why an entry's signature does not hold, or null when a trusted key signed exactly this entry. */
  problem(entry: { chain: string; seq: number; hash: string; keyId: string | null; signature: string | null }): string | null {
    if (!entry.signature || !entry.keyId) return `entry ${entry.seq} is not signed: it was not written by LotGraph (forged)`;
    const key = this.trusted.get(entry.keyId);
    if (!key) return `entry ${entry.seq} is signed with key ${entry.keyId}, which is not a trusted audit key: forged, or signed with a key you were not given`;
    if (!verify(null, signedText(entry.chain, entry.seq, entry.hash), key, Buffer.from(entry.signature, 'base64'))) {
      return `entry ${entry.seq} has a signature that does not match it: its hash is correct but it was not signed by LotGraph (forged)`;
    }
    return null;
  }
}

let installed: AuditKeyring | undefined;

/**
 * The keyring audit trails sign with. A process that keeps its data (the hub, a subgraph, the CLI) installs one
 * from its configuration first; an in-memory database (tests, `memory://`) gets a key that lives as long as it does.
 */
export function auditKeyring(): AuditKeyring {
  installed ??= new AuditKeyring(generateKeyPairSync('ed25519').privateKey);
  return installed;
}

export function useAuditKeyring(keyring: AuditKeyring): void {
  installed = keyring;
}

/** Where the public keys of earlier signing keys are kept: LOTGRAPH_AUDIT_PUBLIC_KEYS, or beside the key file. */
export function auditPublicKeysDir(config: Pick<LotGraphConfig, 'auditKey' | 'auditPublicKeys'>): string | undefined {
  if (config.auditPublicKeys) return config.auditPublicKeys;
  return config.auditKey && path.join(path.dirname(config.auditKey.path), 'audit-public-keys');
}

/** Every public key kept in a directory (`*.pem`). */
export function readPublicKeysDir(dir: string | undefined): KeyObject[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.pem'))
    .sort()
    .map((file) => readPublicKey(path.join(dir, file)));
}

/**
 * Loads the configured signing key and the public keys of earlier ones, keeps this key's public half beside them
 * (so a later rotation still trusts what it signed), and installs the keyring for this process.
 */
export function installAuditKeyring(config: Pick<LotGraphConfig, 'auditKey' | 'auditPublicKeys' | 'databaseUrl' | 'dataDir'>): AuditKeyring {
  if (!config.auditKey) {
    if (!config.databaseUrl && config.dataDir.startsWith('memory://')) return auditKeyring();
    throw new ConfigError(
      'LOTGRAPH_AUDIT_KEY must name the PEM file of the Ed25519 key that signs audit entries (openssl genpkey -algorithm ed25519 -out audit-key.pem); keep it outside the database',
    );
  }
  const key = loadAuditSigningKey(config);
  const dir = auditPublicKeysDir(config)!;
  const own = path.join(dir, `${keyId(key.publicKey).slice(0, 16)}.pem`);
  if (!existsSync(own)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(own, publicKeyPem(key.publicKey));
  }
  const keyring = new AuditKeyring(key.privateKey, readPublicKeysDir(dir));
  useAuditKeyring(keyring);
  return keyring;
}
