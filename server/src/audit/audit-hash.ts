import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content always hashes alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Plain loops and concatenation: the bulk audit of a batch of readings hashes thousands of entries at once.
  if (Array.isArray(value)) {
    // A list of plain values (a row of a batch entry) is already canonical as JSON.stringify writes it.
    if (value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
  }
  return `${out}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash that seals one entry: its content and the hash of the entry before it. */
export function entryHash(content: object, previousHash: string): string {
  return sha256(canonicalJson({ content, previousHash }));
}

/** The previous hash of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);
