import type { EntityManager } from 'typeorm';
import { auditedRecordType, type AuditedRecordType } from '@lotgraph/schema';
import { DEMO_LOADER } from '../auth/system-users';
import type { Identity } from '../auth/jwt';
import type { AuditTrail, FieldChanges } from './audit-trail';
import { reconcileRecords, recordStates, sameValue, trailStates } from './record-reconciler';

/** A record a loader wrote: its key, the values it put in its audited fields, and those fields as they were (null: new). */
export interface LoadedRecord {
  entityId: string;
  /** By audited field name (AUDITED_RECORDS), as the audit entry records them (instants as Date or ISO text). */
  values: Readonly<Record<string, unknown>>;
  /** The row's audited fields before the load (recordStates), or null when the load created the record. */
  before: Readonly<Record<string, unknown>> | null;
}

/**
 * Audits what loading the demo plant wrote into a record's audited fields, in the loader's transaction, so the row
 * and its trail agree: every field its trail does not already say has that value (all of them for a new record),
 * with the value the row had before as the old one. Then checks that the fields written agree with the trail: a
 * loader that writes one value and audits another is a bug, and is stopped here rather than found by an inspector.
 */
export async function auditLoadedRecord(audit: AuditTrail, manager: EntityManager, type: AuditedRecordType, record: LoadedRecord, actor: Identity = DEMO_LOADER): Promise<void> {
  const values = JSON.parse(JSON.stringify(record.values)) as Record<string, unknown>;
  for (const field of Object.keys(values)) if (!(field in type.fields)) throw new Error(`${field} is not an audited field of ${type.entityType}`);
  const trail = (await trailStates(manager, type, [record.entityId])).get(record.entityId);
  const changes: FieldChanges = {};
  for (const [field, value] of Object.entries(values)) {
    const said = trail?.get(field);
    if (said && sameValue(value, said.value)) continue;
    changes[field] = record.before ? { old: record.before[field] ?? null, new: value } : { new: value };
  }
  if (Object.keys(changes).length > 0) {
    await audit.record(manager, {
      actor,
      action: record.before ? 'DEMO_RESET' : 'CREATE',
      entityType: type.entityType,
      entityId: record.entityId,
      changes,
      reason: record.before ? 'The demo plant was loaded again: its records put back to their demo state' : 'Demo plant',
    });
  }
  const disagreeing = (await reconcileRecords(manager, type, [record.entityId])).filter((mismatch) => mismatch.field === null || mismatch.field in values);
  if (disagreeing.length > 0) throw new Error(`the demo loader wrote ${type.entityType} ${record.entityId} other than it audited it: ${disagreeing.map((m) => m.reason).join('; ')}`);
}

/**
 * Writes a record of the demo plant (a new one, or one put back to its demo state) and audits what `write` put in
 * its audited fields, `values` (see auditLoadedRecord).
 */
export async function loadAuditedRecord(
  audit: AuditTrail,
  manager: EntityManager,
  record: { entityType: string; entityId: string; values: Readonly<Record<string, unknown>> },
  write: () => Promise<unknown>,
): Promise<void> {
  const type = auditedRecordType(record.entityType);
  const before = (await recordStates(manager, type, [record.entityId])).get(record.entityId) ?? null;
  await write();
  await auditLoadedRecord(audit, manager, type, { entityId: record.entityId, values: record.values, before });
}
