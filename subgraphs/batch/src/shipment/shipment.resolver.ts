import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { ShipmentEntity } from './shipment.entity';
import type { ShipmentLineEntity } from './shipment-line.entity';

type Context = SubgraphContext<BatchLoaders>;

export function shipmentResolvers() {
  return {
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
