import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { OrderFilter, ProductionService } from './production.service';
import type { ProductionReportService, RecordProductionRequest, CreateOrderRequest } from './production-report.service';
import type { ProductionOrderEntity } from './production-order.entity';
import type { ProductionSegmentEntity } from './production-segment.entity';
import type { MaterialActualEntity } from './material-actual.entity';

type Context = SubgraphContext<BatchLoaders>;

export function productionResolvers(production: ProductionService, reports: ProductionReportService) {
  return {
    Query: {
      productionOrder: (_: unknown, args: { number: string }) => production.getOrder(args.number),
      productionOrders: (_: unknown, args: { filter?: OrderFilter; first?: number; after?: string }) => production.list(args.filter, args.first, args.after),
      equipmentRuns: (_: unknown, args: { equipmentCode: string; from: Date; to: Date }) => production.runsOn(args.equipmentCode, args.from, args.to),
    },
    Mutation: {
      createProductionOrder: (_: unknown, args: { input: Omit<CreateOrderRequest, 'actor' | 'requestId'> }, ctx: Context, info: GraphQLResolveInfo) =>
        reports.createOrder({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'open production orders'), requestId: ctx.requestId }),
      recordProduction: (_: unknown, args: { input: Omit<RecordProductionRequest, 'actor' | 'requestId'> }, ctx: Context, info: GraphQLResolveInfo) =>
        reports.record({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'record production'), requestId: ctx.requestId }),
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
      actuals: (segment: ProductionSegmentEntity, _: unknown, ctx: Context) => ctx.loaders.actualsBySegmentId.load(segment.id),
    },
    MaterialActual: {
      lot: (actual: MaterialActualEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(actual.lotId),
      use: (actual: MaterialActualEntity) => actual.materialUse,
    },
  };
}
