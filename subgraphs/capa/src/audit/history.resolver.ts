import { recordHistory, type SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';

type Context = SubgraphContext<CapaLoaders>;

/** `Capa.history`; all of a request's histories in one query. */
export function historyResolvers() {
  return {
    Capa: {
      history: (capa: { id: string; number: string }, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Capa', capa.number, capa.id),
    },
  };
}
