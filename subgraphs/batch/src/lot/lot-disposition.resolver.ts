import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from './lot.entity';
import type { DispositionDecision, LotExceptionDispositionEntity } from './lot-exception-hold.entity';
import type { LotDispositionService } from './lot-disposition.service';

type Context = SubgraphContext<BatchLoaders>;

export function lotDispositionResolvers(dispositions: LotDispositionService) {
  return {
    Mutation: {
      applyDisposition: (
        _: unknown,
        args: { input: { lotNumber: string; exceptionNumber: string; decision: DispositionDecision; reason: string } },
        ctx: Context,
        info: GraphQLResolveInfo,
      ) => dispositions.apply({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'apply dispositions'), requestId: ctx.requestId }),
    },
    Lot: {
      exceptionHolds: async (lot: LotEntity, _: unknown, ctx: Context) => {
        const [holds, decided] = await Promise.all([ctx.loaders.exceptionHoldsByLotId.load(lot.id), ctx.loaders.exceptionDispositionsByLotId.load(lot.id)]);
        return holds.map((hold) => ({ ...hold, disposition: decided.find((d) => d.exceptionNumber === hold.exceptionNumber) ?? null }));
      },
    },
    LotExceptionHold: {
      disposition: (hold: { disposition: LotExceptionDispositionEntity | null }) => hold.disposition,
    },
  };
}
