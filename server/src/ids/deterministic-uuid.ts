import { createHash } from 'node:crypto';

const NAMESPACE = 'lotgraph';

/**
 * A UUID (version 5 layout) derived from a name, so that records seeded by different subgraphs can refer to
 * each other (a quality exception names a batch lot) without sharing a table.
 */
export function deterministicUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(`${NAMESPACE}:${parts.join(':')}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Ids of demo-plant records, so each subgraph seeds its part and still names the others' records. */
export const demoId = {
  lot: (lotNumber: string) => deterministicUuid('lot', lotNumber),
  material: (code: string) => deterministicUuid('material', code),
  supplier: (code: string) => deterministicUuid('supplier', code),
  equipment: (code: string) => deterministicUuid('equipment', code),
  exception: (number: string) => deterministicUuid('quality-exception', number),
  capa: (number: string) => deterministicUuid('capa', number),
  capaAction: (capaNumber: string, index: number) => deterministicUuid('capa-action', capaNumber, String(index)),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID, as record ids are: anything else names no record (and is not sent to the database). */
export const isUuid = (value: string): boolean => UUID.test(value);
