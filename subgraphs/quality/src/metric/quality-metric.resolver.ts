import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { QualityMetricInput } from './quality-metric-input';
import type { QualityMetricService } from './quality-metric.service';

export function qualityMetricResolvers(metrics: QualityMetricService) {
  return {
    Query: {
      qualityMetric: (_: unknown, args: { input: QualityMetricInput }, ctx: SubgraphContext<QualityLoaders>, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read quality metrics');
        return metrics.compute(args.input);
      },
    },
  };
}
