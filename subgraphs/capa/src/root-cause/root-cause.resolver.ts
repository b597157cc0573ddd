import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';
import type { RootCauseAnalysisEntity, Why } from './root-cause-analysis.entity';
import type { RootCauseAnalysisInput, RootCauseService } from './root-cause.service';

type Context = SubgraphContext<CapaLoaders>;

export function rootCauseResolvers(rootCauses: RootCauseService) {
  return {
    Mutation: {
      recordRootCauseAnalysis: (_: unknown, args: { input: RootCauseAnalysisInput }, ctx: Context, info: GraphQLResolveInfo) =>
        rootCauses.record({
          input: args.input,
          actor: requireRole(ctx, declaredRoles(info), 'record root-cause analyses'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
    },
    RootCauseAnalysis: {
      fiveWhys: (analysis: RootCauseAnalysisEntity) => analysis.fiveWhys.map((why: Why, i) => ({ ...why, position: i + 1 })),
      rootCause: (analysis: RootCauseAnalysisEntity) => analysis.causes.find((cause) => cause.key === analysis.rootCauseKey),
    },
  };
}
