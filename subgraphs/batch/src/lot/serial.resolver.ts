import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { TraceService } from '../genealogy/trace.service';
import { tracedFor } from '../genealogy/trace.resolver';
import type { LotEntity } from './lot.entity';
import type { MaterialSubLotEntity } from './material-sublot.entity';
import type { SerialService } from './serial.service';
import { udiOf } from './udi';

type Context = SubgraphContext<BatchLoaders>;

export function serialResolvers(serials: SerialService, traces: TraceService) {
  const lotOf = async (unit: MaterialSubLotEntity, ctx: Context) => (await ctx.loaders.lotById.load(unit.lotId))!;
  return {
    Query: {
      serialUnit: (_: unknown, args: { serialNumber: string; materialCode?: string | null }) => serials.getBySerial(args.serialNumber, args.materialCode),
    },
    Lot: {
      serials: (lot: LotEntity, args: { first?: number; after?: string }) => serials.listForLot(lot.id, args.first, args.after),
    },
    SerialUnit: {
      lot: (unit: MaterialSubLotEntity, _: unknown, ctx: Context) => lotOf(unit, ctx),
      material: (unit: MaterialSubLotEntity, _: unknown, ctx: Context) => ctx.loaders.materialById.load(unit.materialId),
      udi: async (unit: MaterialSubLotEntity, _: unknown, ctx: Context) =>
        udiOf(await lotOf(unit, ctx), await ctx.loaders.materialById.load(unit.materialId), unit.serialNumber),
      components: async (unit: MaterialSubLotEntity, args: { maxDepth?: number }, ctx: Context) =>
        tracedFor(traces, ctx, (await lotOf(unit, ctx)).lotNumber, 'UPSTREAM', args.maxDepth),
    },
  };
}
