import { notFound, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { EquipmentEntity } from './equipment.entity';
import type { EquipmentRepository } from './equipment.repository';

type Context = SubgraphContext<BatchLoaders>;

export function equipmentResolvers(equipment: EquipmentRepository) {
  return {
    Query: {
      equipment: async (_: unknown, args: { code: string }) =>
        (await equipment.findByCode(args.code)) ?? Promise.reject(notFound('Equipment', 'code', args.code)),
    },
    Equipment: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.equipmentById.load(ref.id),
      parent: (unit: EquipmentEntity, _: unknown, ctx: Context) =>
        unit.parentId ? ctx.loaders.equipmentById.load(unit.parentId) : null,
    },
  };
}
