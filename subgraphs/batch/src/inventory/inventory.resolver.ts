import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from '../lot/lot.entity';
import type { InventoryService, MoveLotRequest, MovementFilter, ReceiveLotRequest } from './inventory.service';
import type { InventoryMovementEntity } from './inventory-movement.entity';

type Context = SubgraphContext<BatchLoaders>;

export function inventoryResolvers(inventory: InventoryService) {
  return {
    Query: {
      movements: (_: unknown, args: { filter?: MovementFilter; first?: number; after?: string }) =>
        inventory.listMovements(args.filter, args.first, args.after),
    },
    Mutation: {
      receiveLot: (_: unknown, args: { input: Omit<ReceiveLotRequest, 'actor' | 'requestId'> }, ctx: Context, info: GraphQLResolveInfo) =>
        inventory.receiveLot({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'receive lots'), requestId: ctx.requestId }),
      moveLot: (_: unknown, args: { input: Omit<MoveLotRequest, 'actor' | 'requestId'> }, ctx: Context, info: GraphQLResolveInfo) =>
        inventory.moveLot({ ...args.input, actor: requireRole(ctx, declaredRoles(info), 'move lots'), requestId: ctx.requestId }),
    },
    Lot: {
      movements: (lot: LotEntity, _: unknown, ctx: Context) => ctx.loaders.movementsByLotId.load(lot.id),
    },
    InventoryMovement: {
      lot: (movement: InventoryMovementEntity, _: unknown, ctx: Context) => ctx.loaders.lotById.load(movement.lotId),
    },
  };
}
