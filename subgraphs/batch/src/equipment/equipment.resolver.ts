import type { SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { EquipmentEntity } from './equipment.entity';
import type { EquipmentService } from './equipment.service';

type Context = SubgraphContext<BatchLoaders>;

export function equipmentResolvers(equipment: EquipmentService) {
  return {
    Query: {
      equipment: (_: unknown, args: { code: string }) => equipment.getByCode(args.code),
    },
    Equipment: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.equipmentById.load(ref.id),
      parent: (unit: EquipmentEntity, _: unknown, ctx: Context) =>
        unit.parentId ? ctx.loaders.equipmentById.load(unit.parentId) : null,
    },
  };
}
