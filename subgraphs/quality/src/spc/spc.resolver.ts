import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { ControlChartInput } from './control-chart-input';
import type { ChartPoint } from './control-chart';
import type { ControlChartService } from './control-chart.service';
import type { ProcessCapabilityQuery, ProcessCapabilityService } from './process-capability.service';

export function spcResolvers(capability: ProcessCapabilityService, charts: ControlChartService) {
  return {
    Query: {
      processCapability: (_: unknown, args: ProcessCapabilityQuery, ctx: SubgraphContext<QualityLoaders>, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read process capability');
        return capability.compute(args);
      },
      controlChart: (_: unknown, args: { input: ControlChartInput }, ctx: SubgraphContext<QualityLoaders>, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read control charts');
        return charts.chart(args.input);
      },
    },
    ControlChartPoint: {
      failedTests: (p: ChartPoint) => p.signals.map((s) => s.test),
      signals: (p: ChartPoint) => p.signals.map((s) => ({ test: s.test, testName: s.name, points: s.points })),
    },
    AppliedSpcTest: {
      testName: (t: { name: string }) => t.name,
    },
  };
}
