import type { GraphQLResolveInfo } from 'graphql';
import { stepRequest, type SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';
import type { RootCauseAnalysisEntity, Why } from './root-cause-analysis.entity';
import type { RootCauseService } from './root-cause.service';
import type { RootCauseAnalysisInput } from './root-cause-input';

type Context = SubgraphContext<CapaLoaders>;

export function rootCauseResolvers(rootCauses: RootCauseService) {
  return {
    Mutation: {
      recordRootCauseAnalysis: (_: unknown, args: { input: RootCauseAnalysisInput }, ctx: Context, info: GraphQLResolveInfo) =>
        rootCauses.record(stepRequest(args.input, ctx, info, 'record root-cause analyses')),
    },
    RootCauseAnalysis: {
      fiveWhys: (analysis: RootCauseAnalysisEntity) => analysis.fiveWhys.map((why: Why, i) => ({ ...why, position: i + 1 })),
      rootCause: (analysis: RootCauseAnalysisEntity) => analysis.causes.find((cause) => cause.key === analysis.rootCauseKey),
    },
  };
}
