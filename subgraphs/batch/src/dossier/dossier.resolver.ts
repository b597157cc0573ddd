import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from '../lot/lot.entity';
import type { DossierService } from './dossier.service';

type Context = SubgraphContext<BatchLoaders>;

/** A dossier is its lot; every field reads one part of the lot's batch file. */
type Dossier = { lot: LotEntity };

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
      productionOrders: ({ lot }: Dossier) => dossiers.productionOrders(lot),
      productionSegments: ({ lot }: Dossier) => dossiers.productionSegments(lot),
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
