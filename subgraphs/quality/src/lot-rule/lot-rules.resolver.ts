import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import { present, type QualityLoaders } from '../quality.loaders';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { LotFinding } from './lot-finding.repository';
import type { LotUsageRefusal } from './lot-usage-refusal.repository';
import type { LotUsageRefusalInput, LotUsageRefusalService } from './lot-usage-refusal.service';

type Context = SubgraphContext<QualityLoaders>;

export function lotRulesResolvers(refusals: LotUsageRefusalService) {
  return {
    Mutation: {
      recordLotUsageRefusal: (_: unknown, args: { input: LotUsageRefusalInput }, ctx: Context, info: GraphQLResolveInfo) =>
        refusals.record(args.input, requireRole(ctx, declaredRoles(info), 'record refused uses of lots'), ctx.requestId),
    },
    QualityException: {
      findings: (exception: QualityExceptionEntity, _: unknown, ctx: Context) => ctx.loaders.findingsByExceptionId.load(exception.id),
    },
    LotFinding: {
      rule: (finding: LotFinding, _: unknown, ctx: Context) => ctx.loaders.ruleById.load(finding.ruleId),
      lot: (finding: LotFinding) => ({ __typename: 'Lot', id: finding.lotId }),
      inspections: async (finding: LotFinding, _: unknown, ctx: Context) => present(await ctx.loaders.inspectionById.loadMany(finding.inspectionIds)),
      refusals: async (finding: LotFinding, _: unknown, ctx: Context) => present(await ctx.loaders.refusalById.loadMany(finding.refusalIds)),
    },
    RefusedLotUse: {
      lot: (refusal: LotUsageRefusal) => ({ __typename: 'Lot', id: refusal.lotId }),
    },
  };
}
