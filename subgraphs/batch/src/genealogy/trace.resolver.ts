import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { TraceDirection, TracedLink } from './genealogy.repository';
import type { TraceService } from './trace.service';

type Context = SubgraphContext<BatchLoaders>;

/** Runs a trace and hands its lots to the request's loader, so links resolve their lots without another query. */
export async function tracedFor(traces: TraceService, ctx: Context, lotNumber: string, direction: TraceDirection, maxDepth?: number | null) {
  const result = await traces.trace(lotNumber, direction, maxDepth);
  for (const lot of result.lots) ctx.loaders.lotById.prime(lot.id, lot);
  return result;
}

export function traceResolvers(traces: TraceService) {
  return {
    Query: {
      trace: (_: unknown, args: { lotNumber: string; direction: TraceDirection; maxDepth?: number }, ctx: Context) =>
        tracedFor(traces, ctx, args.lotNumber, args.direction, args.maxDepth),
    },
    GenealogyLink: {
      parent: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.lotById.load(link.parentLotId),
      child: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.lotById.load(link.childLotId),
      segment: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.segmentById.load(link.segmentId),
    },
  };
}
