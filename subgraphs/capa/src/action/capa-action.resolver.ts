import type { GraphQLResolveInfo } from 'graphql';
import { stepRequest, type SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';
import { todayUtc } from '../capa/capa-input';
import { isFinal } from '../capa/capa-status';
import type { CapaActionEntity } from './capa-action.entity';
import type { CapaActionInput, CapaActionService, CompleteCapaActionInput } from './capa-action.service';

type Context = SubgraphContext<CapaLoaders>;

export function capaActionResolvers(actions: CapaActionService) {
  return {
    Mutation: {
      addCapaAction: (_: unknown, args: { input: CapaActionInput }, ctx: Context, info: GraphQLResolveInfo) => actions.add(stepRequest(args.input, ctx, info, 'add CAPA actions')),
      completeCapaAction: (_: unknown, args: { input: CompleteCapaActionInput }, ctx: Context, info: GraphQLResolveInfo) =>
        actions.complete(stepRequest(args.input, ctx, info, 'complete CAPA actions')),
    },
    CapaAction: {
      // An action of a closed or cancelled CAPA is past being overdue, as the KPIs and notifications count it.
      overdue: async (action: CapaActionEntity, _: unknown, ctx: Context) => {
        if (action.status !== 'OPEN' || action.dueOn === null || action.dueOn >= todayUtc()) return false;
        const capa = await ctx.loaders.capaById.load(action.capaId);
        return capa !== null && !isFinal(capa.status);
      },
    },
  };
}
