import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { ProductionService } from './production.service';
import type { ProductionOrderEntity } from './production-order.entity';
import type { ProductionSegmentEntity } from './production-segment.entity';

type Context = SubgraphContext<BatchLoaders>;

export function productionResolvers(production: ProductionService) {
  return {
    Query: {
      productionOrder: (_: unknown, args: { number: string }) => production.getOrder(args.number),
    },
    ProductionOrder: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.orderById.load(ref.id),
      material: (order: ProductionOrderEntity, _: unknown, ctx: Context) => ctx.loaders.materialById.load(order.materialId),
      segments: (order: ProductionOrderEntity, _: unknown, ctx: Context) => ctx.loaders.segmentsByOrderId.load(order.id),
    },
    ProductionSegment: {
      order: (segment: ProductionSegmentEntity, _: unknown, ctx: Context) => ctx.loaders.orderById.load(segment.productionOrderId),
      equipment: (segment: ProductionSegmentEntity, _: unknown, ctx: Context) => ctx.loaders.equipmentById.load(segment.equipmentId),
      parameters: (segment: ProductionSegmentEntity) =>
        Object.entries(segment.parameters ?? {}).map(([name, p]) => ({ name, value: String(p.value), unit: p.unit ?? null })),
    },
  };
}
