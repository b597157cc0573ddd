import path from 'node:path';
import { requireRole } from '../auth/require-role';
import type { Role } from '../auth/roles';
import type { RequestContext } from '../context/request-context';
import { badInput } from '../graphql/errors';
import { auditEntryView } from './audit-entry-view';
import type { AuditReader } from './audit-reader';

/**
 * The SDL of Query.auditTrail and Query.verifyAuditTrail. A subgraph mounts it with the line
 * `#import "@lotgraph/server/src/audit/audit-trail-query.graphql"` in its own .graphql file (so the
 * supergraph composition sees it too) and merges `auditTrailQueryResolvers`.
 */
export const AUDIT_TRAIL_QUERY_SDL_PATH = path.join(__dirname, '..', '..', 'src', 'audit', 'audit-trail-query.graphql');

/**
 * A user's trail tells who logged in when, from where, which tries failed and which sessions began: read like
 * `Query.users`, by ADMIN and AUDITOR only.
 */
const USER_TRAIL_READERS: readonly Role[] = ['ADMIN', 'AUDITOR'];

export function auditTrailQueryResolvers(reader: AuditReader) {
  return {
    Query: {
      auditTrail: async (_: unknown, args: { entityType: string; entityId: string }, ctx: RequestContext) => {
        if (!args.entityType.trim()) throw badInput('Query.auditTrail', 'entityType', 'name the kind of record, e.g. Lot');
        if (!args.entityId.trim()) throw badInput('Query.auditTrail', 'entityId', "give the record's key, e.g. a lot number");
        if (args.entityType.trim().toLowerCase() === 'user') requireRole(ctx, USER_TRAIL_READERS, "read a user's audit trail (logins, lockouts, sessions)");
        return (await reader.entriesFor(args.entityType, args.entityId)).map(auditEntryView);
      },
      verifyAuditTrail: () => reader.verifyAll(),
    },
  };
}
