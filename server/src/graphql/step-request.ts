import type { GraphQLResolveInfo } from 'graphql';
import type { Identity } from '../auth/jwt';
import { declaredRoles } from '../auth/field-policy';
import { requireRole } from '../auth/require-role';
import type { RequestContext } from '../context/request-context';
import type { GraphCaller } from '../graph/graph-client';

/** A mutation as a service takes it: its input, who asks (with a role the field allows), how to ask the graph as them. */
export interface StepRequest<T> {
  input: T;
  actor: Identity;
  caller: GraphCaller;
  requestId: string | null;
}

/** Whom a subgraph asks the graph as: the caller of the request it serves. */
export const callerOf = (ctx: RequestContext): GraphCaller => ({ token: ctx.token, requestId: ctx.requestId });

/** The request for a service step: the caller must hold a role the field's @allow names (else FORBIDDEN, saying `action`). */
export function stepRequest<T>(input: T, ctx: RequestContext, info: GraphQLResolveInfo, action: string): StepRequest<T> {
  return { input, actor: requireRole(ctx, declaredRoles(info), action), caller: callerOf(ctx), requestId: ctx.requestId };
}
