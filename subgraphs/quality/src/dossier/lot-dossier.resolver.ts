import type { SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import { releaseCheckOf } from '../release/release-check.resolver';

type Context = SubgraphContext<QualityLoaders>;
type DossierRef = { lotId: string };

/** The quality part of a lot's batch file: the same records as on Lot, batched by the same loaders. */
export function lotDossierResolvers() {
  return {
    LotDossier: {
      __resolveReference: (ref: DossierRef) => ref,
      inspections: (dossier: DossierRef, _: unknown, ctx: Context) => ctx.loaders.inspectionsByLotId.load(dossier.lotId),
      exceptions: (dossier: DossierRef, _: unknown, ctx: Context) => ctx.loaders.exceptionsByLotId.load(dossier.lotId),
      releaseCheck: (dossier: DossierRef, _: unknown, ctx: Context) => releaseCheckOf(dossier.lotId, ctx),
    },
  };
}
