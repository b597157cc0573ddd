import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from './lot.entity';
import type { LotFilter, LotService } from './lot.service';

type Context = SubgraphContext<BatchLoaders>;

export function lotResolvers(lots: LotService) {
  return {
    Query: {
      lot: (_: unknown, args: { lotNumber: string }) => lots.getByLotNumber(args.lotNumber),
      lots: (_: unknown, args: { filter?: LotFilter; first?: number; after?: string }) =>
        lots.list(args.filter, args.first, args.after),
    },
    Lot: {
      __resolveReference: (ref: { id?: string; lotNumber?: string }, ctx: Context) =>
        ref.id ? ctx.loaders.lotById.load(ref.id) : ctx.loaders.lotByNumber.load(ref.lotNumber ?? ''),
      material: (lot: LotEntity, _: unknown, ctx: Context) => ctx.loaders.materialById.load(lot.materialId),
      supplier: (lot: LotEntity, _: unknown, ctx: Context) =>
        lot.supplierId ? ctx.loaders.supplierById.load(lot.supplierId) : null,
      producedOn: (lot: LotEntity, _: unknown, ctx: Context) =>
        lot.producedOnEquipmentId ? ctx.loaders.equipmentById.load(lot.producedOnEquipmentId) : null,
    },
  };
}
