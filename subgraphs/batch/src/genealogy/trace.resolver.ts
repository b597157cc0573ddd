import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { TraceDirection, TracedLink } from './genealogy.repository';
import type { TraceService } from './trace.service';

type Context = SubgraphContext<BatchLoaders>;

export function traceResolvers(traces: TraceService) {
  return {
    Query: {
      trace: async (_: unknown, args: { lotNumber: string; direction: TraceDirection; maxDepth?: number }, ctx: Context) => {
        const result = await traces.trace(args.lotNumber, args.direction, args.maxDepth);
        // The trace already read every lot it names; links resolve their lots from here, not with another query.
        for (const lot of result.lots) ctx.loaders.lotById.prime(lot.id, lot);
        return result;
      },
    },
    GenealogyLink: {
      parent: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.lotById.load(link.parentLotId),
      child: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.lotById.load(link.childLotId),
      segment: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.segmentById.load(link.segmentId),
    },
  };
}
