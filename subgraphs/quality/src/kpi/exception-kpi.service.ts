import { assertRange } from '@lotgraph/server';
import type { Severity } from '../exception/quality-exception.entity';
import type { ExceptionKpiRepository, ExceptionKpis, KpiGrouping } from './exception-kpi.repository';

export interface KpiFilter {
  from?: Date | null;
  to?: Date | null;
  severity?: Severity[] | null;
  equipmentCode?: string | null;
  line?: string | null;
}

/** Exception KPIs per group, over the exceptions detected in the filter's period, as of now. */
export class ExceptionKpiService {
  constructor(private readonly kpis: ExceptionKpiRepository) {}

  async compute(groupBy: KpiGrouping, filter?: KpiFilter | null): Promise<ExceptionKpis[]> {
    assertRange('KpiFilter', ['from', 'to'], filter?.from, filter?.to);
    return this.kpis.compute({
      groupBy,
      from: filter?.from ?? undefined,
      to: filter?.to ?? undefined,
      severities: filter?.severity ?? undefined,
      equipmentCode: filter?.equipmentCode?.trim() || undefined,
      line: filter?.line?.trim() || undefined,
      now: new Date(),
    });
  }
}
