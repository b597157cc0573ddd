import type { SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import { checkRelease } from './release-check';

type Context = SubgraphContext<QualityLoaders>;

/** The release check of one lot, from the request's batched exception and inspection loaders. */
export async function releaseCheckOf(lotId: string, ctx: Context) {
  const [exceptions, inspections] = await Promise.all([ctx.loaders.exceptionsByLotId.load(lotId), ctx.loaders.inspectionsByLotId.load(lotId)]);
  return checkRelease(exceptions, inspections);
}

export function releaseCheckResolvers() {
  return {
    Lot: {
      releaseCheck: (lot: { id: string }, _: unknown, ctx: Context) => releaseCheckOf(lot.id, ctx),
    },
  };
}
