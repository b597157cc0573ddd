import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s on one core of the project's machines). OWASP's
 * 2^17 would take 0.45 s and 128 MiB per login on a 2-core server. The parameters are stored with each hash,
 * so raising them later still verifies every stored password.
 */
export const SCRYPT_COST = { logN: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = '$scrypt$';

function derive(password: string, salt: Buffer, params: { logN: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A PHC-style string carrying everything needed to check the password again: `$scrypt$ln=15,r=8,p=1$<salt>$<key>`. */
export async function hashPassword(password: string, cost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return `${PREFIX}ln=${cost.logN},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(hash: string): { logN: number; r: number; p: number; salt: Buffer; key: Buffer } {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!match) throw new Error('stored password hash is not in the $scrypt$ format');
  const [, logN, r, p, salt, key] = match;
  return { logN: Number(logN), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Whether the password matches the stored hash; the keys are compared in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const stored = parse(hash);
  const key = await derive(password, stored.salt, stored, stored.key.length);
  return key.length === stored.key.length && timingSafeEqual(key, stored.key);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for a login id that does not exist, so the answer's
 * timing does not tell which ids do.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  await verifyPassword(password, await decoy);
  return false;
}
