import type { SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import { checkRelease } from './release-check';

type Context = SubgraphContext<QualityLoaders>;

export function releaseCheckResolvers() {
  return {
    Lot: {
      releaseCheck: async (lot: { id: string }, _: unknown, ctx: Context) => {
        const [exceptions, inspections] = await Promise.all([
          ctx.loaders.exceptionsByLotId.load(lot.id),
          ctx.loaders.inspectionsByLotId.load(lot.id),
        ]);
        return checkRelease(exceptions, inspections);
      },
    },
  };
}
