import { badInput } from '@lotgraph/server';
import type { DispositionDecision } from '../disposition/disposition';

export const METRIC_KINDS = ['VIOLATION_COUNT', 'VIOLATION_RATE', 'INSPECTION_FAILURE_RATE', 'DISPOSITION_RATE', 'EXCEPTION_COUNT'] as const;
export type QualityMetricKind = (typeof METRIC_KINDS)[number];

/** The GraphQL QualityMetricInput. */
export interface QualityMetricInput {
  kind: QualityMetricKind;
  ruleCode?: string | null;
  equipmentCode?: string | null;
  parameter?: string | null;
  testName?: string | null;
  materialCode?: string | null;
  decisions?: DispositionDecision[] | null;
  from: Date;
  to: Date;
}

type Filter = 'ruleCode' | 'equipmentCode' | 'parameter' | 'testName' | 'materialCode' | 'decisions';
const TEXT_FILTERS = ['ruleCode', 'equipmentCode', 'parameter', 'testName', 'materialCode'] as const;

/** The fields each kind takes, the needed ones first. */
const TAKES: Record<QualityMetricKind, { needs: Filter[]; may: Filter[] }> = {
  VIOLATION_COUNT: { needs: ['ruleCode'], may: ['equipmentCode'] },
  VIOLATION_RATE: { needs: ['ruleCode'], may: ['equipmentCode'] },
  INSPECTION_FAILURE_RATE: { needs: ['testName'], may: ['materialCode'] },
  DISPOSITION_RATE: { needs: [], may: ['decisions', 'equipmentCode'] },
  EXCEPTION_COUNT: { needs: [], may: ['equipmentCode', 'parameter', 'materialCode'] },
};

const NEEDED_FOR: Partial<Record<Filter, string>> = {
  ruleCode: 'the reading rule whose violations are measured',
  testName: 'the test whose inspections are measured',
};

export const DEFAULT_DECISIONS: readonly DispositionDecision[] = ['REWORK', 'SCRAP'];

/** A metric's input once checked: text trimmed, the fields it does not take absent. */
export interface MetricRequest {
  kind: QualityMetricKind;
  ruleCode?: string;
  equipmentCode?: string;
  parameter?: string;
  testName?: string;
  materialCode?: string;
  decisions: readonly DispositionDecision[];
  from: Date;
  to: Date;
}

const list = (fields: readonly string[]) => (fields.length === 0 ? 'no filter' : fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}`);

/**
 * Checks what can be checked without the database: a window that is not empty, the fields the kind needs and
 * none it does not use. BAD_USER_INPUT naming QualityMetric and the field otherwise.
 */
export function validateMetricInput(input: QualityMetricInput): MetricRequest {
  if (input.from.getTime() >= input.to.getTime()) {
    throw badInput('QualityMetric', 'to', `${input.to.toISOString()} is not after from ${input.from.toISOString()}: the window [from, to) would be empty`);
  }
  const { needs, may } = TAKES[input.kind];
  const given = (field: Filter) => input[field] !== null && input[field] !== undefined;
  for (const field of ['ruleCode', 'equipmentCode', 'parameter', 'testName', 'materialCode', 'decisions'] as const) {
    if (given(field) && !needs.includes(field) && !may.includes(field)) {
      throw badInput('QualityMetric', field, `${input.kind} does not use ${field}; it takes ${list([...needs, ...may])}`);
    }
  }
  for (const field of needs) if (!given(field)) throw badInput('QualityMetric', field, `${input.kind} needs ${field}: ${NEEDED_FOR[field]}`);
  const request: MetricRequest = { kind: input.kind, decisions: input.decisions ?? DEFAULT_DECISIONS, from: input.from, to: input.to };
  for (const field of TEXT_FILTERS) {
    if (!given(field)) continue;
    const value = (input[field] as string).trim();
    if (!value) throw badInput('QualityMetric', field, 'must not be empty');
    request[field] = value;
  }
  if (input.decisions && input.decisions.length === 0) {
    throw badInput('QualityMetric', 'decisions', `name at least one decision, or leave decisions out to count ${DEFAULT_DECISIONS.join(' and ')}`);
  }
  request.decisions = [...new Set(request.decisions)];
  return request;
}
