import { recordHistory, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';

type Context = SubgraphContext<QualityLoaders>;

/** `history` of every quality record; all of a request's histories in one query. */
export function historyResolvers() {
  return {
    QualityException: {
      history: (exception: { id: string; number: string }, _: unknown, ctx: Context) =>
        recordHistory(ctx.loaders.history, 'QualityException', exception.number, exception.id),
    },
    Inspection: {
      history: (inspection: { id: string }, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Inspection', inspection.id),
    },
  };
}
