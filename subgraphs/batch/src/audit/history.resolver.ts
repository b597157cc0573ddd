import { recordHistory, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';

type Context = SubgraphContext<BatchLoaders>;
type Numbered = { id: string; number: string };

/** `history` of every batch record the trail writes about; all of a request's histories in one query. */
export function historyResolvers() {
  return {
    Lot: {
      history: (lot: { id: string; lotNumber: string }, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Lot', lot.lotNumber, lot.id),
    },
    ProductionOrder: {
      history: (order: Numbered, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'ProductionOrder', order.number, order.id),
    },
    Shipment: {
      history: (shipment: Numbered, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Shipment', shipment.number, shipment.id),
    },
    Recall: {
      history: (recall: Numbered, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Recall', recall.number, recall.id),
    },
  };
}
