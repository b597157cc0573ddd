import { fieldLabel } from '@lotgraph/schema';
import { canonicalJson } from './audit-hash';
import type { AuditEntry } from './audit-trail';

/** An audit entry as the shared GraphQL type AuditEntry shows it (audit-entry.graphql). */
export interface AuditEntryView {
  chain: string;
  seq: number;
  recordedAt: Date;
  actor: { id: string; name: string; roles: string[] };
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  requestId: string | null;
  changes: FieldChangeView[];
  hash: string;
  keyId: string | null;
  signature: string | null;
}

export interface FieldChangeView {
  field: string;
  label: string;
  labelZh: string;
  old: string | null;
  new: string | null;
}

/** A stored value as a person reads it: text as it is, numbers and flags spelled out, lists one after another. */
export function auditValueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => auditValueText(item) ?? '-').join('; ');
  return canonicalJson(value);
}

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    chain: entry.chain,
    seq: entry.seq,
    recordedAt: entry.recordedAt,
    actor: { id: entry.actorId, name: entry.actorName, roles: entry.actorRoles },
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    reason: entry.reason,
    requestId: entry.requestId,
    changes: Object.entries(entry.changes).map(([field, change]) => ({
      field,
      label: fieldLabel(field, 'en'),
      labelZh: fieldLabel(field, 'zh'),
      old: auditValueText(change.old),
      new: auditValueText(change.new),
    })),
    hash: entry.hash,
    keyId: entry.keyId,
    signature: entry.signature,
  };
}
