import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { RecallEntity } from './recall.entity';
import type { RecallLotEntity } from './recall-lot.entity';
import type { CustomerExposure, InitiateRecallRequest, RecallService } from './recall.service';

type Context = SubgraphContext<BatchLoaders>;

export function recallResolvers(recalls: RecallService) {
  return {
    Query: {
      recallImpact: async (_: unknown, args: { lotNumber: string }, ctx: Context) => {
        const impact = await recalls.impact(args.lotNumber);
        for (const lot of impact.lots) ctx.loaders.lotById.prime(lot.id, lot);
        return impact;
      },
      recall: (_: unknown, args: { number: string }) => recalls.getByNumber(args.number),
    },
    Mutation: {
      initiateRecall: (_: unknown, args: { input: Omit<InitiateRecallRequest, 'actor' | 'requestId'> }, ctx: Context, info: GraphQLResolveInfo) =>
        recalls.initiate({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'initiate recalls'), requestId: ctx.requestId }),
    },
    Recall: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.recallById.load(ref.id),
      root: (recall: RecallEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(recall.rootLotId),
      lots: (recall: RecallEntity, _: unknown, ctx: Context) => ctx.loaders.recallLotsByRecallId.load(recall.id),
      notifications: (recall: RecallEntity) => recalls.notifications(recall),
    },
    RecalledLot: {
      lot: (row: RecallLotEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(row.lotId),
    },
    CustomerExposure: {
      customer: (exposure: CustomerExposure, _: unknown, ctx: Context) => ctx.loaders.customerById.load(exposure.customerId),
    },
    ShippedQuantity: {
      lot: (row: { lotId: string }, _: unknown, ctx: Context) => ctx.loaders.lotById.load(row.lotId),
    },
  };
}
