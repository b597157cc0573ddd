import DataLoader from 'dataloader';
import type { AuditTrail } from './audit-trail';
import { auditEntryView, type AuditEntryView } from './audit-entry-view';

/** Per-request loader of records' audit entries: every history a request asks for, in one SQL query. */
export type AuditHistoryLoader = DataLoader<string, AuditEntryView[]>;

const recordKey = (entityType: string, entityId: string) => JSON.stringify([entityType, entityId]);

export function createAuditHistoryLoader(trail: AuditTrail): AuditHistoryLoader {
  return new DataLoader(async (keys) => {
    const records = keys.map((key) => {
      const [entityType, entityId] = JSON.parse(key) as [string, string];
      return { entityType, entityId };
    });
    const byRecord = new Map<string, AuditEntryView[]>(keys.map((key) => [key, []]));
    for (const entry of await trail.entriesForRecords(records)) byRecord.get(recordKey(entry.entityType, entry.entityId))?.push(auditEntryView(entry));
    return keys.map((key) => byRecord.get(key) ?? []);
  });
}

/**
 * A record's history, oldest first. Entries name a record by its number where it has one (lot number, order
 * number) and by its id otherwise; both are asked, so a history is whole whichever key its writers used.
 */
export async function recordHistory(loader: AuditHistoryLoader, entityType: string, ...keys: Array<string | null | undefined>): Promise<AuditEntryView[]> {
  const distinct = [...new Set(keys.filter((key): key is string => Boolean(key)))];
  const lists = await Promise.all(distinct.map((key) => loader.load(recordKey(entityType, key))));
  return lists.flat().sort((a, b) => a.seq - b.seq);
}
