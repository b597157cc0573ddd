import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type LotGraphConfig } from '../config/config';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The PEM file it was read from. */
  path: string;
  /** True when this call made the key (the embedded default, first use). */
  created: boolean;
}

/** The public key in PEM (SPKI), the form an auditor keeps to check checkpoints with. */
export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** SHA-256 of the public key (DER), naming which key signed a checkpoint. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

function requireEd25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${file} holds an ${key.asymmetricKeyType ?? 'unknown'} key; audit checkpoints are signed with Ed25519 (openssl genpkey -algorithm ed25519)`);
  }
  return key;
}

function readKey(file: string, read: (pem: string) => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = read(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file} is not a PEM key: ${(err as Error).message}`);
  }
  return requireEd25519(key, file);
}

/** Reads a PEM public key an auditor was given (or the public half of a private key). */
export function readPublicKey(file: string): KeyObject {
  return readKey(file, (pem) => (pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem)));
}

/**
 * The key that signs audit checkpoints: the PEM file LOTGRAPH_AUDIT_KEY names, or in the embedded default
 * `<data dir>/audit-signing-key.pem`, made once (readable by its owner only) on first use.
 */
export function loadAuditSigningKey(config: Pick<LotGraphConfig, 'auditKey'>): AuditSigningKey {
  const setting = config.auditKey;
  if (!setting) {
    throw new ConfigError('LOTGRAPH_AUDIT_KEY must name the PEM file of the Ed25519 key that signs audit checkpoints (openssl genpkey -algorithm ed25519 -out audit-key.pem)');
  }
  let created = false;
  if (!existsSync(setting.path)) {
    if (!setting.createIfMissing) throw new ConfigError(`There is no audit signing key at ${setting.path} (LOTGRAPH_AUDIT_KEY)`);
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(path.dirname(setting.path), { recursive: true });
    writeFileSync(setting.path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    created = true;
  }
  const privateKey = readKey(setting.path, createPrivateKey);
  return { privateKey, publicKey: createPublicKey(privateKey), path: setting.path, created };
}
