import type { KpiGrouping } from './exception-kpi.repository';
import type { ExceptionKpiService, KpiFilter } from './exception-kpi.service';

export function exceptionKpiResolvers(kpis: ExceptionKpiService) {
  return {
    Query: {
      exceptionKpis: (_: unknown, args: { groupBy: KpiGrouping; filter?: KpiFilter | null }) => kpis.compute(args.groupBy, args.filter),
    },
  };
}
