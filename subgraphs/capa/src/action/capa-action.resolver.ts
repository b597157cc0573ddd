import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';
import { todayUtc } from '../capa/capa-input';
import type { CapaActionEntity } from './capa-action.entity';
import type { CapaActionInput, CapaActionService, CompleteCapaActionInput } from './capa-action.service';

type Context = SubgraphContext<CapaLoaders>;

export function capaActionResolvers(actions: CapaActionService) {
  const request = <T>(input: T, ctx: Context, info: GraphQLResolveInfo, action: string) => ({
    input, actor: requireRole(ctx, declaredRoles(info), action), caller: { token: ctx.token, requestId: ctx.requestId }, requestId: ctx.requestId,
  });
  return {
    Mutation: {
      addCapaAction: (_: unknown, args: { input: CapaActionInput }, ctx: Context, info: GraphQLResolveInfo) => actions.add(request(args.input, ctx, info, 'add CAPA actions')),
      completeCapaAction: (_: unknown, args: { input: CompleteCapaActionInput }, ctx: Context, info: GraphQLResolveInfo) =>
        actions.complete(request(args.input, ctx, info, 'complete CAPA actions')),
    },
    CapaAction: {
      overdue: (action: CapaActionEntity) => action.status === 'OPEN' && action.dueOn !== null && action.dueOn < todayUtc(),
    },
  };
}
