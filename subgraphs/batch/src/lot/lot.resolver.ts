import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from './lot.entity';
import type { LotFilter, LotService } from './lot.service';
import type { LotStatusService } from './lot-status.service';
import type { LotStatusChangeEntity } from './lot-status-change.entity';
import { udiOf } from './udi';

type Context = SubgraphContext<BatchLoaders>;

type StatusInput = { input: { lotNumber: string; reason: string; exceptionNumber?: string | null } };

export function lotResolvers(lots: LotService, statuses: LotStatusService) {
  const request = (args: StatusInput, ctx: Context, info: GraphQLResolveInfo, action: string) => ({
    ...args.input,
    actor: requireRole(ctx, declaredRoles(info), action),
    requestId: ctx.requestId,
  });
  return {
    Query: {
      lot: (_: unknown, args: { lotNumber: string }) => lots.getByLotNumber(args.lotNumber),
      lots: (_: unknown, args: { filter?: LotFilter; first?: number; after?: string }) =>
        lots.list(args.filter, args.first, args.after),
    },
    Mutation: {
      holdLot: (_: unknown, args: StatusInput, ctx: Context, info: GraphQLResolveInfo) => statuses.hold(request(args, ctx, info, 'hold lots')),
      unholdLot: (_: unknown, args: StatusInput, ctx: Context, info: GraphQLResolveInfo) => statuses.unhold(request(args, ctx, info, 'lift holds')),
      rejectLot: (_: unknown, args: StatusInput, ctx: Context, info: GraphQLResolveInfo) => statuses.reject(request(args, ctx, info, 'reject lots')),
    },
    LotStatusChange: {
      from: (change: LotStatusChangeEntity) => change.fromStatus,
      to: (change: LotStatusChangeEntity) => change.toStatus,
    },
    Lot: {
      statusHistory: (lot: LotEntity, _: unknown, ctx: Context) => ctx.loaders.statusChangesByLotId.load(lot.id),
      usageRefusals: (lot: LotEntity, _: unknown, ctx: Context) => ctx.loaders.usageRefusalsByLotId.load(lot.id),
      __resolveReference: (ref: { id?: string; lotNumber?: string }, ctx: Context) =>
        ref.id ? ctx.loaders.lotById.load(ref.id) : ctx.loaders.lotByNumber.load(ref.lotNumber ?? ''),
      material: (lot: LotEntity, _: unknown, ctx: Context) => ctx.loaders.materialById.load(lot.materialId),
      supplier: (lot: LotEntity, _: unknown, ctx: Context) =>
        lot.supplierId ? ctx.loaders.supplierById.load(lot.supplierId) : null,
      udi: async (lot: LotEntity, _: unknown, ctx: Context) => udiOf(lot, await ctx.loaders.materialById.load(lot.materialId)),
      producedOn: (lot: LotEntity, _: unknown, ctx: Context) =>
        lot.producedOnEquipmentId ? ctx.loaders.equipmentById.load(lot.producedOnEquipmentId) : null,
    },
  };
}
