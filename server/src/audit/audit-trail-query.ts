import path from 'node:path';
import { badInput } from '../graphql/errors';
import { auditEntryView } from './audit-entry-view';
import type { AuditReader } from './audit-reader';

/**
 * The SDL of Query.auditTrail and Query.verifyAuditTrail. A subgraph mounts it with the line
 * `#import "@lotgraph/server/src/audit/audit-trail-query.graphql"` in its own .graphql file (so the
 * supergraph composition sees it too) and merges `auditTrailQueryResolvers`.
 */
export const AUDIT_TRAIL_QUERY_SDL_PATH = path.join(__dirname, '..', '..', 'src', 'audit', 'audit-trail-query.graphql');

export function auditTrailQueryResolvers(reader: AuditReader) {
  return {
    Query: {
      auditTrail: async (_: unknown, args: { entityType: string; entityId: string }) => {
        if (!args.entityType.trim()) throw badInput('Query.auditTrail', 'entityType', 'name the kind of record, e.g. Lot');
        if (!args.entityId.trim()) throw badInput('Query.auditTrail', 'entityId', "give the record's key, e.g. a lot number");
        return (await reader.entriesFor(args.entityType, args.entityId)).map(auditEntryView);
      },
      verifyAuditTrail: () => reader.verifyAll(),
    },
  };
}
