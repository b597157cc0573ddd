import { badInput, type GraphCaller } from '@lotgraph/server';
import { latest, verdictOf, type CapaRecord } from '../capa/capa-record';
import type { EffectivenessCheckEntity } from './effectiveness-check.entity';
import { isGrowingCount, isJudgedOnSamples, needsSamples, type EffectivenessMetric } from './effectiveness-metric';
import type { EffectivenessResult, EffectivenessStatus } from './effectiveness-result';
import { MetricRefused, type MetricFigures, type QualityMetricClient } from './quality-metric.client';
import type { RecurrenceRepository } from './recurrence.repository';

/** A check and its result now (or as it was kept: closed on, or failed before a new investigation). */
export interface Evaluation {
  check: EffectivenessCheckEntity;
  result: EffectivenessResult;
  /** Where its verification window starts: as defined, else when every action was done; null until then. */
  verificationFrom: Date | null;
}

const figure = (value: number | null) => (value === null ? 'no value' : String(Math.round(value * 10_000) / 10_000));

/** The verdict on what the verification window shows so far. */
export function judge(check: Pick<EffectivenessCheckEntity, 'metric' | 'comparison' | 'target' | 'minSamples' | 'verificationTo'>, figures: MetricFigures, now: Date): { status: EffectivenessStatus; detail: string } {
  const { value, sampleSize } = figures;
  const target = `${check.comparison === 'AT_MOST' ? 'at most' : 'at least'} ${check.target}`;
  const shown = needsSamples(check.metric.kind) ? `${figure(value)} over ${sampleSize} sample(s)` : `${figure(value)}`;
  const meets = value !== null && (check.comparison === 'AT_MOST' ? value <= check.target : value >= check.target);
  const ended = now >= check.verificationTo;
  const enough = !needsSamples(check.metric.kind) || sampleSize >= check.minSamples;
  if (isGrowingCount(check.metric.kind) && check.comparison === 'AT_MOST' && value !== null && value > check.target) {
    return { status: 'FAIL', detail: `${shown} already exceeds the target (${target}); a count only grows` };
  }
  if (isJudgedOnSamples(check.metric, check.comparison) && enough) {
    return { status: 'PASS', detail: `${shown} (${check.minSamples} needed): meets the target (${target})` };
  }
  if (!ended) {
    const waiting = isJudgedOnSamples(check.metric, check.comparison) ? `${check.minSamples} needed before it is judged` : `judged when the window ends at ${check.verificationTo.toISOString()}`;
    return { status: 'PENDING', detail: `${shown} so far; ${waiting} (target ${target})` };
  }
  if (!enough) return { status: 'FAIL', detail: `the window ended with ${shown}; ${check.minSamples} sample(s) are needed to show effectiveness` };
  if (value === null) return { status: 'FAIL', detail: `the window ended with ${shown}: the metric cannot be computed from it` };
  return { status: meets ? 'PASS' : 'FAIL', detail: `${shown} in the window: ${meets ? 'meets' : 'misses'} the target (${target})` };
}

/**
 * Computes an effectiveness check's result from quality's data through the graph, as the caller. Verification starts
 * once every action is done (EFFECTIVENESS_CHECK), at the window's defined start or that moment. A closed CAPA shows
 * the result it was closed on, and a check that failed before a new investigation its failure, as kept.
 */
export class EffectivenessEvaluator {
  constructor(
    private readonly metrics: QualityMetricClient,
    private readonly recurrence: RecurrenceRepository,
  ) {}

  async evaluate(record: CapaRecord, caller: GraphCaller, now = new Date()): Promise<Evaluation | null> {
    const check = latest(record.checks);
    if (!check) return null;
    const { capa } = record;
    const verificationFrom = check.verificationFrom ?? capa.effectivenessStartedAt;
    const kept = verdictOf(record, check.version);
    if (kept) return { check, result: kept, verificationFrom };
    const result = (status: EffectivenessStatus, detail: string, figures?: MetricFigures): Evaluation => ({
      check, verificationFrom,
      result: { version: check.version, status, detail, verificationValue: figures?.value ?? null, verificationSampleSize: figures?.sampleSize ?? null, evaluatedAt: now.toISOString() },
    });
    if (capa.status !== 'EFFECTIVENESS_CHECK' || !verificationFrom) return result('PENDING', 'verification starts when every action is done');
    if (now < verificationFrom) return result('PENDING', `verification starts at ${verificationFrom.toISOString()}`);
    let figures: MetricFigures;
    try {
      figures = await this.measure(record, check.metric, verificationFrom, check.verificationTo, caller);
    } catch (err) {
      if (err instanceof MetricRefused) throw badInput(`Capa ${capa.number}`, 'effectiveness.metric', `the quality domain cannot measure it now: ${err.message}`);
      throw err;
    }
    const verdict = judge(check, figures, now);
    return result(verdict.status, verdict.detail, figures);
  }

  /** The metric over a window; a recurrence counts other exceptions than the CAPA's own, of the same root-cause category. */
  async measure(record: CapaRecord, metric: EffectivenessMetric, from: Date, to: Date, caller: GraphCaller): Promise<MetricFigures> {
    const figures = await this.metrics.measure(metric, from, to, caller);
    if (metric.kind !== 'EXCEPTION_RECURRENCE') return figures;
    const own = new Set(record.sources.flatMap((s) => (s.exceptionNumber ? [s.exceptionNumber] : [])));
    const recurring = await this.recurrence.recurring(figures.exceptionNumbers.filter((n) => !own.has(n)), metric.rootCauseCategory ?? null);
    return { value: recurring.length, sampleSize: recurring.length, exceptionNumbers: recurring };
  }
}
