import { badInput } from '@lotgraph/server';
import type { InspectionRepository } from '../inspection/inspection.repository';
import type { EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import { isLotRuleKind } from '../rule/rule-kind';
import type { MetricCounts, QualityMetricRepository } from './quality-metric.repository';
import { validateMetricInput, type MetricRequest, type QualityMetricInput, type QualityMetricKind } from './quality-metric-input';

/** The GraphQL QualityMetric. */
export interface QualityMetric {
  kind: QualityMetricKind;
  value: number | null;
  sampleSize: number;
  count: number;
  from: Date;
  to: Date;
  description: string;
  exceptionNumbers: string[];
  /** Records of the window that cannot be placed (inspections without a material, when one is asked for). */
  notCounted: number;
}

const rate = (counts: MetricCounts) => (counts.sampleSize === 0 ? null : counts.count / counts.sampleSize);
const quoted = (text: string) => `"${text}"`;

/**
 * Quality metrics over a window [from, to), from the quality domain's own records as they are now (a window still
 * running counts what exists so far). Other domains (a CAPA's effectiveness check) read them through the graph.
 */
export class QualityMetricService {
  constructor(
    private readonly metrics: QualityMetricRepository,
    private readonly rules: QualityRuleRepository,
    private readonly catalogue: EquipmentParameterRepository,
    private readonly inspections: InspectionRepository,
  ) {}

  async compute(input: QualityMetricInput, now = new Date()): Promise<QualityMetric> {
    const request = validateMetricInput(input);
    const window = { from: request.from, to: request.to };
    const running = request.to.getTime() > now.getTime() ? ' (a window still running: so far)' : '';
    const span = `from ${request.from.toISOString()} to ${request.to.toISOString()}${running}`;
    const result = (counts: MetricCounts, value: number | null, description: string, notCounted = 0): QualityMetric => ({
      kind: request.kind, value, sampleSize: counts.sampleSize, count: counts.count, from: request.from, to: request.to, description, exceptionNumbers: counts.exceptionNumbers, notCounted,
    });
    switch (request.kind) {
      case 'VIOLATION_COUNT':
      case 'VIOLATION_RATE': {
        const rule = await this.readingRule(request);
        const equipment = request.equipmentCode ?? null;
        const series = `${equipment ?? 'any equipment'} ${rule.parameter}`;
        if (request.kind === 'VIOLATION_COUNT') {
          const counts = await this.metrics.violationCount(rule, equipment, window);
          return result(counts, counts.count, `Violations of ${rule.code} on ${series} ${span}, by their first evidence`);
        }
        const counts = await this.metrics.violationRate(rule, equipment, window);
        return result(counts, rate(counts), `Share of the readings of ${series} measured ${span} that are evidence of ${rule.code} violations`);
      }
      case 'INSPECTION_FAILURE_RATE': {
        const testName = request.testName!;
        const material = request.materialCode ?? null;
        const recorded = await this.inspections.testRecorded(testName, material);
        if (!recorded.recorded) throw badInput('QualityMetric', 'testName', `no inspection of ours records the test ${quoted(testName)}`);
        if (material && !recorded.onMaterial) {
          throw badInput('QualityMetric', 'materialCode', `no inspection of ours records the test ${quoted(testName)} on a lot of material ${material}`);
        }
        const counts = await this.metrics.inspectionFailures(testName, material, window);
        return result(counts, rate(counts), `Share of our own completed ${quoted(testName)} inspections${material ? ` of lots of ${material}` : ''} inspected ${span} that failed`, counts.withoutMaterial);
      }
      case 'DISPOSITION_RATE': {
        const equipment = request.equipmentCode ?? null;
        if (equipment) await this.assertInCatalogue(request, ['equipmentCode']);
        const counts = await this.metrics.dispositions(request.decisions, equipment, window);
        const of = equipment ? ` of exceptions raised on ${equipment}` : '';
        return result(counts, rate(counts), `Share of the lot dispositions${of} decided ${span} that were ${request.decisions.join(' or ')}`);
      }
      case 'EXCEPTION_COUNT': {
        await this.assertInCatalogue(request, ['equipmentCode', 'parameter', 'materialCode']);
        const numbers = await this.metrics.exceptionNumbers(
          { equipmentCode: request.equipmentCode ?? null, parameter: request.parameter ?? null, materialCode: request.materialCode ?? null },
          window,
        );
        const counts = { sampleSize: numbers.length, count: numbers.length, exceptionNumbers: numbers };
        return result(counts, numbers.length, `Exceptions detected${whereRaised(request)} ${span}`);
      }
    }
  }

  /** The reading rule a VIOLATION_* metric names, with its equipment registered for the rule's parameter. */
  private async readingRule(request: MetricRequest): Promise<QualityRule> {
    const rule = await this.rules.findByCode(request.ruleCode!);
    if (!rule) throw badInput('QualityMetric', 'ruleCode', `no rule has the code ${quoted(request.ruleCode!)}`);
    if (isLotRuleKind(rule.kind)) {
      throw badInput('QualityMetric', 'ruleCode', `${rule.code} is a ${rule.kind} rule: it judges lots, not process readings; count the exceptions it raised instead (EXCEPTION_COUNT)`);
    }
    if (request.equipmentCode && !(await this.catalogue.find(request.equipmentCode, rule.parameter))) {
      throw badInput('QualityMetric', 'equipmentCode', `${request.equipmentCode} is not registered for ${rule.parameter} (the parameter of ${rule.code}) in the equipment-parameter catalogue`);
    }
    return rule;
  }

  /** Each filter given is in the equipment-parameter catalogue, and so are they together: one query. */
  private async assertInCatalogue(request: MetricRequest, fields: ReadonlyArray<'equipmentCode' | 'parameter' | 'materialCode'>): Promise<void> {
    const given = fields.filter((field) => request[field] !== undefined);
    if (given.length === 0) return;
    const what = { equipmentCode: 'equipment', parameter: 'parameter', materialCode: 'material' };
    const found = await this.catalogue.registers(Object.fromEntries(given.map((field) => [field, request[field]])));
    for (const field of given) {
      if (!found[field]) throw badInput('QualityMetric', field, `${what[field]} ${quoted(request[field]!)} is not in the equipment-parameter catalogue`);
    }
    if (given.length > 1 && !found.together) {
      const together = given.map((field) => `${what[field]} ${quoted(request[field]!)}`).join(' with ');
      throw badInput('QualityMetric', given.at(-1)!, `the equipment-parameter catalogue registers no ${together}`);
    }
  }
}

/** Where the counted exceptions were raised, as the description says it. */
function whereRaised(request: MetricRequest): string {
  const series = [request.equipmentCode, request.parameter].filter(Boolean).join(' ');
  const on = series ? ` on ${series}` : '';
  return request.materialCode ? `${on} on an equipment parameter the catalogue registers for material ${request.materialCode}` : on;
}
