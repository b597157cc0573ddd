import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { ShipmentEntity } from './shipment.entity';
import type { ShipmentLineEntity } from './shipment-line.entity';
import type { ShipmentFilter, ShipmentService } from './shipment.service';
import type { LotUsageRefusalEntity } from '../lot/lot-usage-refusal.entity';

type Context = SubgraphContext<BatchLoaders>;

type ShipLotArgs = {
  input: { shipmentNumber: string; customerCode: string; lotNumber: string; quantity: number; uom: string; shippedAt?: Date | null };
};

export function shipmentResolvers(shipments: ShipmentService) {
  return {
    Query: {
      shipment: (_: unknown, args: { number: string }) => shipments.getByNumber(args.number),
      shipments: (_: unknown, args: { filter?: ShipmentFilter; first?: number; after?: string }) => shipments.list(args.filter, args.first, args.after),
      lotUsageRefusals: (_: unknown, args: { since: Date; first?: number }) => shipments.refusalsSince(args.since, args.first),
    },
    Mutation: {
      shipLot: (_: unknown, args: ShipLotArgs, ctx: Context, info: GraphQLResolveInfo) =>
        shipments.shipLot({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'ship lots'), requestId: ctx.requestId }),
    },
    LotUsageRefusal: {
      lot: (refusal: LotUsageRefusalEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(refusal.lotId),
    },
    Shipment: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.shipmentById.load(ref.id),
      customer: (shipment: ShipmentEntity, _: unknown, ctx: Context) => ctx.loaders.customerById.load(shipment.customerId),
      lines: (shipment: ShipmentEntity, _: unknown, ctx: Context) => ctx.loaders.linesByShipmentId.load(shipment.id),
    },
    ShipmentLine: {
      lot: (line: ShipmentLineEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(line.lotId),
    },
    Customer: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.customerById.load(ref.id),
    },
  };
}
