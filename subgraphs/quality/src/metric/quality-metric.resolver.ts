import type { QualityMetricInput } from './quality-metric-input';
import type { QualityMetricService } from './quality-metric.service';

export function qualityMetricResolvers(metrics: QualityMetricService) {
  return {
    Query: {
      qualityMetric: (_: unknown, args: { input: QualityMetricInput }) => metrics.compute(args.input),
    },
  };
}
