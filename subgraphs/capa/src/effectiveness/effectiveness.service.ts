import { badInput, type AuditTrail, type StepRequest } from '@lotgraph/server';
import type { CapaEntity, IshikawaCategory } from '../capa/capa.entity';
import type { CapaRepository } from '../capa/capa.repository';
import { latest, type CapaRecordReader } from '../capa/capa-record';
import { assertStatus } from '../capa/capa-status';
import type { EffectivenessCheckRepository } from './effectiveness-check.repository';
import type { TargetComparison } from './effectiveness-check.entity';
import { METRIC_FIELDS, NEEDS_EQUIPMENT_OR_MATERIAL, describeMetric, type EffectivenessMetric } from './effectiveness-metric';
import type { EffectivenessEvaluator } from './effectiveness-evaluator';
import { MetricRefused } from './quality-metric.client';

/** As given: only the fields its kind uses are kept. */
export type EffectivenessMetricInput = EffectivenessMetric;

export interface EffectivenessCheckInput {
  capaNumber: string;
  metric: EffectivenessMetricInput;
  baselineFrom: Date;
  baselineTo: Date;
  verificationFrom?: Date | null;
  verificationTo: Date;
  comparison: TargetComparison;
  target: number;
  minSamples?: number | null;
}


export const DEFAULT_MIN_SAMPLES = 30;

/** The metric as given, with only the fields its kind uses (each it needs present). */
function validMetric(label: string, input: EffectivenessMetricInput): EffectivenessMetric {
  const fields = METRIC_FIELDS[input.kind];
  const metric: EffectivenessMetric = { kind: input.kind };
  for (const name of ['ruleCode', 'equipmentCode', 'parameter', 'testName', 'materialCode', 'decisions', 'rootCauseCategory'] as const) {
    const value = input[name];
    const given = Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.trim() !== '' : value !== null && value !== undefined;
    if (!given) {
      if (fields.needs.includes(name)) throw badInput(label, `metric.${name}`, `${input.kind} needs ${name}`);
      continue;
    }
    if (!fields.needs.includes(name) && !fields.may.includes(name)) throw badInput(label, `metric.${name}`, `${input.kind} does not use ${name}; it takes ${[...fields.needs, ...fields.may].join(', ') || 'no filter'}`);
    // Decisions are the quality domain's vocabulary: it refuses one it does not know when the baseline is measured.
    if (name === 'decisions') metric.decisions = [...new Set(value as string[])];
    else if (name === 'rootCauseCategory') metric.rootCauseCategory = value as IshikawaCategory;
    else metric[name] = (value as string).trim();
  }
  if (NEEDS_EQUIPMENT_OR_MATERIAL.includes(input.kind) && !metric.equipmentCode && !metric.materialCode) {
    throw badInput(label, 'metric.equipmentCode', `${input.kind} is measured on the same equipment or material: give equipmentCode or materialCode`);
  }
  return metric;
}

/**
 * defineEffectivenessCheck: the check is part of the plan (OPEN or INVESTIGATING; a revision is a new version). Its
 * windows are checked, and the metric is asked of the quality domain over the baseline window at once, so a rule,
 * equipment, parameter or test quality does not know, or a baseline without data, is refused before anything is kept.
 */
export class EffectivenessService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly checks: EffectivenessCheckRepository,
    private readonly records: CapaRecordReader,
    private readonly evaluator: EffectivenessEvaluator,
    private readonly audit: AuditTrail,
  ) {}

  async define(request: StepRequest<EffectivenessCheckInput>): Promise<CapaEntity> {
    const { input, actor } = request;
    const number = input.capaNumber.trim();
    const capa = await this.capas.require(number);
    const label = `Capa ${number}`;
    assertStatus(number, capa.status, ['OPEN', 'INVESTIGATING'], 'defining its effectiveness check (part of the plan)');
    const metric = validMetric(label, input.metric);
    const now = new Date();
    const { baselineFrom, baselineTo, verificationTo } = input;
    const verificationFrom = input.verificationFrom ?? null;
    if (!(baselineFrom < baselineTo)) throw badInput(label, 'baselineTo', 'the baseline window must end after it starts');
    if (baselineTo > now) throw badInput(label, 'baselineTo', `the baseline is data from before the change: it ends by now (${now.toISOString()}), not ${baselineTo.toISOString()}`);
    if (verificationFrom && verificationFrom < baselineTo) throw badInput(label, 'verificationFrom', 'verification starts after the baseline ends');
    if (verificationFrom && verificationFrom < now) throw badInput(label, 'verificationFrom', `verification shows data from after the change: it starts after now (${now.toISOString()}), or when every action is done if not given`);
    if (verificationTo <= now) throw badInput(label, 'verificationTo', `the verification window ends after the plan is approved, so after now (${now.toISOString()}), not ${verificationTo.toISOString()}`);
    if (verificationFrom && verificationTo <= verificationFrom) throw badInput(label, 'verificationTo', 'the verification window must end after it starts');
    if (!Number.isFinite(input.target)) throw badInput(label, 'target', 'must be a number');
    const minSamples = input.minSamples ?? DEFAULT_MIN_SAMPLES;
    if (!Number.isInteger(minSamples) || minSamples < 1) throw badInput(label, 'minSamples', `must be a whole number of at least 1, not ${minSamples}`);

    const record = await this.records.read(capa);
    let baseline;
    try {
      baseline = await this.evaluator.measure(record, metric, baselineFrom, baselineTo, request.caller);
    } catch (err) {
      if (err instanceof MetricRefused) throw badInput(label, 'metric', `the quality domain cannot measure it: ${err.message}`);
      throw err;
    }
    if (metric.kind !== 'EXCEPTION_RECURRENCE' && baseline.sampleSize === 0) {
      throw badInput(label, 'baselineFrom', `${describeMetric(metric)}: the quality domain has no data for it from ${baselineFrom.toISOString()} to ${baselineTo.toISOString()}; a baseline needs data`);
    }

    return this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(number, manager))!;
      assertStatus(number, current.status, ['OPEN', 'INVESTIGATING'], 'defining its effectiveness check (part of the plan)');
      const version = (latest(await this.checks.findByCapaIds([current.id], manager))?.version ?? 0) + 1;
      const check = await this.checks.insert({
        capaId: current.id, version, metric, baselineFrom, baselineTo, verificationFrom, verificationTo, comparison: input.comparison, target: input.target, minSamples,
        baselineValue: baseline.value, baselineSampleSize: baseline.sampleSize, definedBy: actor.id,
      }, manager);
      await this.audit.record(manager, {
        actor, action: 'DEFINE_EFFECTIVENESS_CHECK', entityType: 'Capa', entityId: number,
        changes: {
          effectivenessVersion: { new: version }, metric: { new: { ...metric, description: describeMetric(metric) } },
          baselineFrom: { new: baselineFrom }, baselineTo: { new: baselineTo }, verificationFrom: { new: verificationFrom }, verificationTo: { new: verificationTo },
          comparison: { new: input.comparison }, target: { new: input.target }, minSamples: { new: minSamples },
          baselineValue: { new: check.baselineValue }, baselineSampleSize: { new: check.baselineSampleSize },
        },
        requestId: request.requestId,
      });
      return current;
    });
  }
}
