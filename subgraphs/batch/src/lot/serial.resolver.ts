import DataLoader from 'dataloader';
import type { Connection, SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { TraceService } from '../genealogy/trace.service';
import { tracedFor } from '../genealogy/trace.resolver';
import type { LotEntity } from './lot.entity';
import type { MaterialSubLotEntity } from './material-sublot.entity';
import type { SerialService } from './serial.service';
import { udiOf } from './udi';

type Context = SubgraphContext<BatchLoaders>;
type PageKey = { lotId: string; first?: number | null; after?: string | null };

/** Per request: each lot's page of serials, the lots asking for the same page read together in one query. */
const serialPages = new WeakMap<Context, DataLoader<PageKey, Connection<MaterialSubLotEntity>, string>>();
/** Per request: a lot's upstream trace, read once however many of its units ask for their components. */
const upstreamTraces = new WeakMap<Context, Map<string, ReturnType<typeof tracedFor>>>();

export function serialResolvers(serials: SerialService, tracesService: TraceService) {
  const lotOf = async (unit: MaterialSubLotEntity, ctx: Context) => (await ctx.loaders.lotById.load(unit.lotId))!;
  const pagesOf = (ctx: Context) => {
    let loader = serialPages.get(ctx);
    if (!loader) {
      loader = new DataLoader<PageKey, Connection<MaterialSubLotEntity>, string>(
        async (keys) => {
          const answers = new Map<string, Connection<MaterialSubLotEntity> | Error>();
          const groups = new Map<string, PageKey[]>();
          for (const key of keys) {
            const page = JSON.stringify([key.first ?? null, key.after ?? null]);
            groups.set(page, [...(groups.get(page) ?? []), key]);
          }
          for (const group of groups.values()) {
            const { first, after } = group[0];
            try {
              const pages = await serials.listForLots([...new Set(group.map((key) => key.lotId))], first, after);
              for (const key of group) answers.set(JSON.stringify(key), pages.get(key.lotId)!);
            } catch (err) {
              for (const key of group) answers.set(JSON.stringify(key), err as Error);
            }
          }
          return keys.map((key) => answers.get(JSON.stringify(key))!);
        },
        { cacheKeyFn: (key) => JSON.stringify(key) },
      );
      serialPages.set(ctx, loader);
    }
    return loader;
  };
  const componentsOf = (lotNumber: string, maxDepth: number | undefined, ctx: Context) => {
    let traces = upstreamTraces.get(ctx);
    if (!traces) upstreamTraces.set(ctx, (traces = new Map()));
    const key = `${lotNumber}@${maxDepth ?? ''}`;
    if (!traces.has(key)) traces.set(key, tracedFor(tracesService, ctx, lotNumber, 'UPSTREAM', maxDepth));
    return traces.get(key)!;
  };
  return {
    Query: {
      serialUnit: (_: unknown, args: { serialNumber: string; materialCode?: string | null }) => serials.getBySerial(args.serialNumber, args.materialCode),
    },
    Lot: {
      serials: (lot: LotEntity, args: { first?: number; after?: string }, ctx: Context) =>
        pagesOf(ctx).load({ lotId: lot.id, first: args.first, after: args.after }),
    },
    SerialUnit: {
      lot: (unit: MaterialSubLotEntity, _: unknown, ctx: Context) => lotOf(unit, ctx),
      material: (unit: MaterialSubLotEntity, _: unknown, ctx: Context) => ctx.loaders.materialById.load(unit.materialId),
      udi: async (unit: MaterialSubLotEntity, _: unknown, ctx: Context) =>
        udiOf(await lotOf(unit, ctx), await ctx.loaders.materialById.load(unit.materialId), unit.serialNumber),
      components: async (unit: MaterialSubLotEntity, args: { maxDepth?: number }, ctx: Context) =>
        componentsOf((await lotOf(unit, ctx)).lotNumber, args.maxDepth, ctx),
    },
  };
}
