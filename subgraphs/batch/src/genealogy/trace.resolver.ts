import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from '../lot/lot.entity';
import type { TraceDirection, TracedLink } from './genealogy.repository';
import type { TraceService } from './trace.service';

type Context = SubgraphContext<BatchLoaders>;
type TraceLink = TracedLink & { parent?: LotEntity; child?: LotEntity };

/**
 * Runs a trace. It already read every lot it names: links carry theirs (a plain value resolves faster than a
 * loader's promise, hundreds of times per trace), and the loaders know them, and the shipments' customers,
 * for any other field.
 */
export async function tracedFor(traces: TraceService, ctx: Context, lotNumber: string, direction: TraceDirection, maxDepth?: number | null) {
  const result = await traces.trace(lotNumber, direction, maxDepth);
  const byId = new Map<string, LotEntity>();
  for (const lot of result.lots) {
    byId.set(lot.id, lot);
    ctx.loaders.lotById.prime(lot.id, lot);
  }
  for (const customer of result.customers) ctx.loaders.customerById.prime(customer.id, customer);
  for (const link of result.links as TraceLink[]) {
    link.parent = byId.get(link.parentLotId);
    link.child = byId.get(link.childLotId);
  }
  return result;
}

export function traceResolvers(traces: TraceService) {
  return {
    Query: {
      trace: (_: unknown, args: { lotNumber: string; direction: TraceDirection; maxDepth?: number }, ctx: Context) =>
        tracedFor(traces, ctx, args.lotNumber, args.direction, args.maxDepth),
    },
    GenealogyLink: {
      parent: (link: TraceLink, _: unknown, ctx: Context) => link.parent ?? ctx.loaders.lotById.load(link.parentLotId),
      child: (link: TraceLink, _: unknown, ctx: Context) => link.child ?? ctx.loaders.lotById.load(link.childLotId),
      segment: (link: TracedLink, _: unknown, ctx: Context) => ctx.loaders.segmentById.load(link.segmentId),
    },
  };
}
