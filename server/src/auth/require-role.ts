import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context/request-context';
import type { Identity } from './jwt';
import { describeRoles, type Role } from './roles';

/** The caller, if they hold one of the roles; otherwise a FORBIDDEN error that names what was needed. */
export function requireRole(ctx: RequestContext, roles: readonly Role[], action: string): Identity {
  const user = ctx.user;
  if (!user) {
    throw new GraphQLError(`Authentication required to ${action}`, { extensions: { code: 'UNAUTHENTICATED' } });
  }
  if (!user.roles.some((role) => roles.includes(role))) {
    throw new GraphQLError(`${user.id} (${user.roles.join(', ')}) may not ${action}; that needs ${describeRoles(roles)}`, {
      extensions: { code: 'FORBIDDEN', needed: roles },
    });
  }
  return user;
}
