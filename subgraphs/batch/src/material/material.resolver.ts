import { notFound, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { MaterialRepository } from './material.repository';

type Context = SubgraphContext<BatchLoaders>;

export function materialResolvers(materials: MaterialRepository) {
  return {
    Query: {
      material: async (_: unknown, args: { code: string }) =>
        (await materials.findByCode(args.code)) ?? Promise.reject(notFound('Material', 'code', args.code)),
      materials: () => materials.findAll(),
    },
    Material: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.materialById.load(ref.id),
    },
    Supplier: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.supplierById.load(ref.id),
    },
  };
}
