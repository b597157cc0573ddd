import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from '../lot/lot.entity';
import type { DossierService } from './dossier.service';
import type { ProductionSegmentEntity } from '../production/production-segment.entity';

type Context = SubgraphContext<BatchLoaders>;

/**
 * A dossier is its lot; every field reads one part of the lot's batch file. The segments that made the lot are
 * read once per dossier, whether the query asks for them, their orders, or both.
 */
type Dossier = { lot: LotEntity; segments?: Promise<ProductionSegmentEntity[]> };

const segmentsOf = (dossier: Dossier, dossiers: DossierService) => (dossier.segments ??= dossiers.productionSegments(dossier.lot));

export function dossierResolvers(dossiers: DossierService) {
  return {
    Lot: {
      dossier: (lot: LotEntity): Dossier => ({ lot }),
    },
    LotDossier: {
      __resolveReference: async (ref: { lotId: string }, ctx: Context): Promise<Dossier | null> => {
        const lot = await ctx.loaders.lotById.load(ref.lotId);
        return lot ? { lot } : null;
      },
      lotId: ({ lot }: Dossier) => lot.id,
      lotNumber: ({ lot }: Dossier) => lot.lotNumber,
      lot: ({ lot }: Dossier) => lot,
      generatedAt: () => new Date(),
      productionOrders: async (dossier: Dossier, _: unknown, ctx: Context) => {
        const orderIds = [...new Set((await segmentsOf(dossier, dossiers)).map((segment) => segment.productionOrderId))];
        return ctx.loaders.orderById.loadMany(orderIds);
      },
      productionSegments: (dossier: Dossier) => segmentsOf(dossier, dossiers),
      consumedLots: ({ lot }: Dossier) => dossiers.directLinks(lot, 'UPSTREAM'),
      producedLots: ({ lot }: Dossier) => dossiers.directLinks(lot, 'DOWNSTREAM'),
      movements: ({ lot }: Dossier, _: unknown, ctx: Context) => ctx.loaders.movementsByLotId.load(lot.id),
      shipments: ({ lot }: Dossier) => dossiers.shipmentsOf(lot),
      statusHistory: ({ lot }: Dossier, _: unknown, ctx: Context) => ctx.loaders.statusChangesByLotId.load(lot.id),
      usageRefusals: ({ lot }: Dossier, _: unknown, ctx: Context) => ctx.loaders.usageRefusalsByLotId.load(lot.id),
      recalls: ({ lot }: Dossier) => dossiers.recallsOf(lot),
    },
  };
}
