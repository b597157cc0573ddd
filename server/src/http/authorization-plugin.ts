import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { AuditTrail } from '../audit/audit-trail';
import { FEDERATION_ROOT_FIELDS, type FieldPolicy } from '../auth/field-policy';
import type { Identity } from '../auth/jwt';
import { describeRoles, type Role } from '../auth/roles';
import type { RequestContext } from '../context/request-context';
import type { SubgraphDatabase } from '../database/data-source';
import { ErrorCode } from '../graphql/errors';
import { selectedFields } from '../graphql/operation-fields';

/** A field the caller's roles do not open, and the roles that would (none: the field has no policy). */
export interface Denial {
  field: string;
  needed: readonly Role[];
}

const DEFAULT_CACHE_SIZE = 2000;

/**
 * Decides, per (query, operation name, role set), which governed fields an operation selects that the roles
 * do not open. Walking the operation happens once per key; afterwards a decision is one Map lookup.
 */
export class AuthorizationDecisions {
  private readonly cache = new Map<string, readonly Denial[]>();

  constructor(
    private readonly policy: FieldPolicy,
    private readonly maxEntries = DEFAULT_CACHE_SIZE,
  ) {}

  denials(
    request: { queryHash: string; operationName: string | null; schema: GraphQLSchema; document: DocumentNode; operation: OperationDefinitionNode },
    roles: readonly Role[],
  ): readonly Denial[] {
    const key = `${request.queryHash}\n${request.operationName ?? ''}\n${roles.length === 1 ? roles[0] : [...roles].sort().join(',')}`;
    let denials = this.cache.get(key);
    if (!denials) {
      denials = this.decide(selectedFields(request.schema, request.document, request.operation), roles);
      // Oldest first out: a Map keeps insertion order.
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, denials);
    }
    return denials;
  }

  private decide(fields: ReturnType<typeof selectedFields>, roles: readonly Role[]): Denial[] {
    const denials: Denial[] = [];
    for (const { coordinate, root } of fields) {
      const allowed = this.policy.get(coordinate);
      if (allowed === undefined) {
        // Default deny: a root field nobody declared a policy for is open to no one.
        if (root && !FEDERATION_ROOT_FIELDS.has(coordinate)) denials.push({ field: coordinate, needed: [] });
        continue;
      }
      if (!roles.some((role) => allowed.includes(role))) denials.push({ field: coordinate, needed: allowed });
    }
    return denials;
  }
}

function needs(denial: Denial): string {
  return denial.needed.length === 0 ? 'it has no access policy, so no role may' : `that needs ${describeRoles(denial.needed)}`;
}

/** One FORBIDDEN error naming the caller, their roles, each refused field and the roles it needs. */
export function forbidden(user: Identity, denials: readonly Denial[]): GraphQLError {
  const who = `${user.id} (${user.roles.join(', ') || 'no roles'})`;
  const message =
    denials.length === 1
      ? `${who} may not ${denials[0].field.startsWith('Mutation.') ? 'call' : 'read'} ${denials[0].field}; ${needs(denials[0])}`
      : `${who} may not use ${denials.length} fields of this operation: ${denials.map((d) => `${d.field} (${needs(d)})`).join('; ')}`;
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.forbidden,
      user: user.id,
      roles: user.roles,
      denied: denials.map((d) => ({ field: d.field, needed: d.needed })),
      // A GraphQL answer, so the gateway passes the message on (it reduces a non-2xx answer to its status).
      http: { status: 200 },
    },
  });
}

/**
 * Authorization by role, before execution, for every field of the operation the subgraph's policy governs
 * (`@allow` in its SDL). A caller without a role for one of them gets the whole operation refused — nothing
 * runs, so a mutation never half-happens because part of its answer may not be shown — and the denial is
 * written to the subgraph's audit trail in its own transaction: one DENIED entry per refused field.
 * Anonymous callers are the identity plugin's concern (they may only ask for __typename).
 */
export function authorizationPlugin(policy: FieldPolicy, database: SubgraphDatabase): ApolloServerPlugin<RequestContext> {
  const decisions = new AuthorizationDecisions(policy);
  const audit = new AuditTrail(database.dataSource, database.schema);

  const recordDenial = async (user: Identity, denials: readonly Denial[], requestId: string, operationName: string | null) => {
    try {
      await database.dataSource.transaction(async (manager) => {
        for (const denial of denials) {
          await audit.record(manager, {
            actor: user,
            action: 'DENIED',
            entityType: 'Field',
            entityId: denial.field,
            changes: {},
            reason: `${needs(denial)}; operation ${operationName ?? '(anonymous)'}`,
            requestId,
          });
        }
      });
    } catch (err) {
      // The caller is refused either way; a trail that cannot be written is an operations problem to log.
      console.error(`could not audit a denial of ${denials.map((d) => d.field).join(', ')} for ${user.id}`, err);
    }
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, queryHash, operationName, schema, document, operation }) {
          const user = contextValue.user;
          if (!user || !operation) return;
          const denials = decisions.denials({ queryHash, operationName, schema, document, operation }, user.roles);
          if (denials.length === 0) return;
          await recordDenial(user, denials, contextValue.requestId, operationName);
          throw forbidden(user, denials);
        },
      };
    },
  };
}
