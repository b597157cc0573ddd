import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, isUuid, requireRole, type SubgraphContext } from '@lotgraph/server';
import { present, type QualityLoaders } from '../quality.loaders';
import type { InspectionEntity } from './inspection.entity';
import type { RecordInspectionInput } from './inspection-input';
import type { InspectionService } from './inspection.service';

type Context = SubgraphContext<QualityLoaders>;

export function inspectionResolvers(inspections: InspectionService) {
  return {
    Mutation: {
      // LIMS results arrive through integrations; QA does not record the results it then releases on.
      recordInspection: (_: unknown, args: { input: RecordInspectionInput }, ctx: Context, info: GraphQLResolveInfo) =>
        inspections.record({
          input: args.input,
          actor: requireRole(ctx, declaredRoles(info), 'record inspections'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
      recordInspections: (_: unknown, args: { input: RecordInspectionInput[] }, ctx: Context, info: GraphQLResolveInfo) =>
        inspections.recordMany({
          inputs: args.input,
          actor: requireRole(ctx, declaredRoles(info), 'record inspections'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
    },
    Query: {
      inspections: async (_: unknown, args: { ids: string[] }, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read inspections');
        return present(await ctx.loaders.inspectionById.loadMany(args.ids.filter(isUuid)));
      },
    },
    Inspection: {
      __resolveReference: (ref: { id: string }, ctx: Context) => (isUuid(ref.id) ? ctx.loaders.inspectionById.load(ref.id) : null),
      lot: (inspection: InspectionEntity) => ({ __typename: 'Lot', id: inspection.lotId }),
    },
    Lot: {
      inspections: (lot: { id: string }, _: unknown, ctx: Context) => ctx.loaders.inspectionsByLotId.load(lot.id),
    },
  };
}
