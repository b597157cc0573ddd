import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { MaterialService } from './material.service';

type Context = SubgraphContext<BatchLoaders>;

export function materialResolvers(materials: MaterialService) {
  return {
    Query: {
      material: (_: unknown, args: { code: string }) => materials.getByCode(args.code),
      materials: () => materials.list(),
    },
    Material: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.materialById.load(ref.id),
    },
    Supplier: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.supplierById.load(ref.id),
    },
  };
}
