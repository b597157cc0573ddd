import type { IshikawaCategory } from '../capa/capa.entity';

export const METRIC_KINDS = ['VIOLATION_COUNT', 'VIOLATION_RATE', 'CPK', 'PPK', 'INSPECTION_FAILURE_RATE', 'DISPOSITION_RATE', 'EXCEPTION_RECURRENCE'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/** What an effectiveness check measures over quality's data. */
export interface EffectivenessMetric {
  kind: MetricKind;
  ruleCode?: string | null;
  equipmentCode?: string | null;
  parameter?: string | null;
  testName?: string | null;
  materialCode?: string | null;
  decisions?: string[] | null;
  rootCauseCategory?: IshikawaCategory | null;
}

/** The fields each kind needs, and those it may take; any other is refused. */
export const METRIC_FIELDS: Readonly<Record<MetricKind, { needs: readonly (keyof EffectivenessMetric)[]; may: readonly (keyof EffectivenessMetric)[] }>> = {
  VIOLATION_COUNT: { needs: ['ruleCode'], may: ['equipmentCode'] },
  VIOLATION_RATE: { needs: ['ruleCode'], may: ['equipmentCode'] },
  CPK: { needs: ['equipmentCode', 'parameter'], may: [] },
  PPK: { needs: ['equipmentCode', 'parameter'], may: [] },
  INSPECTION_FAILURE_RATE: { needs: ['testName'], may: ['materialCode'] },
  DISPOSITION_RATE: { needs: [], may: ['decisions', 'equipmentCode'] },
  EXCEPTION_RECURRENCE: { needs: [], may: ['equipmentCode', 'parameter', 'materialCode', 'rootCauseCategory'] },
};

/** Kinds that must be narrowed to an equipment or a material: a recurrence is of the same cause on the same thing. */
export const NEEDS_EQUIPMENT_OR_MATERIAL: readonly MetricKind[] = ['EXCEPTION_RECURRENCE'];

/** Counts only grow as data arrives: once over an AT_MOST target, the check has failed for good. */
export const isGrowingCount = (kind: MetricKind): boolean => kind === 'VIOLATION_COUNT' || kind === 'EXCEPTION_RECURRENCE';

/**
 * Judged as soon as the window holds enough samples: a violation count that must stay at most a target (more
 * samples can only make it FAIL). Rates and capability rise and fall with the data, and a recurrence is counted over
 * the whole window, so those are judged once the window has ended: no verdict is taken at a favourable moment.
 */
export const isJudgedOnSamples = (metric: EffectivenessMetric, comparison: 'AT_MOST' | 'AT_LEAST'): boolean => metric.kind === 'VIOLATION_COUNT' && comparison === 'AT_MOST';

/** Whether the metric counts samples that must reach minSamples (an exception recurrence counts exceptions, not samples). */
export const needsSamples = (kind: MetricKind): boolean => kind !== 'EXCEPTION_RECURRENCE';

export function describeMetric(metric: EffectivenessMetric): string {
  const on = [metric.equipmentCode && `on ${metric.equipmentCode}`, metric.parameter, metric.materialCode && `material ${metric.materialCode}`].filter(Boolean).join(' ');
  const where = on ? ` ${on}` : '';
  switch (metric.kind) {
    case 'VIOLATION_COUNT':
      return `Violations of rule ${metric.ruleCode}${where}`;
    case 'VIOLATION_RATE':
      return `Share of readings that violate rule ${metric.ruleCode}${where}`;
    case 'CPK':
      return `Process capability Cpk of ${metric.parameter} on ${metric.equipmentCode}`;
    case 'PPK':
      return `Process performance Ppk of ${metric.parameter} on ${metric.equipmentCode}`;
    case 'INSPECTION_FAILURE_RATE':
      return `Failure rate of the inspection "${metric.testName}"${metric.materialCode ? ` on material ${metric.materialCode}` : ''}`;
    case 'DISPOSITION_RATE':
      return `Share of dispositioned lots sent to ${(metric.decisions?.length ? metric.decisions : ['REWORK', 'SCRAP']).join(' or ')}${where}`;
    case 'EXCEPTION_RECURRENCE':
      return `Recurring exceptions${where}${metric.rootCauseCategory ? ` with a ${metric.rootCauseCategory} root cause (or not yet investigated)` : ''}`;
  }
}
