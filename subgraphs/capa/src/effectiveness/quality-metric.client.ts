import { GraphQLError } from 'graphql';
import type { GraphCaller, GraphClient } from '@lotgraph/server';
import { askGraph } from '../graph/ask-graph';
import type { EffectivenessMetric } from './effectiveness-metric';

/** A metric over one window, as the quality domain computed it. */
export interface MetricFigures {
  value: number | null;
  sampleSize: number;
  exceptionNumbers: string[];
}

/** The quality domain refused to compute the metric (an unknown rule, equipment, parameter or test); its words. */
export class MetricRefused extends Error {}

const QUALITY_METRIC = `query CapaEffectivenessMetric($input: QualityMetricInput!) { qualityMetric(input: $input) { value sampleSize exceptionNumbers } }`;
const CAPABILITY = `query CapaEffectivenessCapability($equipmentCode: String!, $parameter: String!, $from: DateTime!, $to: DateTime!) {
  processCapability(equipmentCode: $equipmentCode, parameter: $parameter, from: $from, to: $to) { sampleSize cpk ppk }
}`;

/**
 * Asks the quality domain, through the graph and as the caller, for an effectiveness metric over a window: the
 * figures come from quality's data; the capa domain never reads quality's tables.
 */
export class QualityMetricClient {
  constructor(private readonly graph: GraphClient) {}

  async measure(metric: EffectivenessMetric, from: Date, to: Date, caller: GraphCaller, doing: string): Promise<MetricFigures> {
    if (metric.kind === 'CPK' || metric.kind === 'PPK') {
      const variables = { equipmentCode: metric.equipmentCode, parameter: metric.parameter, from: from.toISOString(), to: to.toISOString() };
      const response = await askGraph<{ processCapability: { sampleSize: number; cpk: number | null; ppk: number | null } | null }>(this.graph, CAPABILITY, variables, caller, doing);
      const capability = this.answer(response.data?.processCapability, response.errors);
      return { value: metric.kind === 'CPK' ? capability.cpk : capability.ppk, sampleSize: capability.sampleSize, exceptionNumbers: [] };
    }
    const input = {
      kind: metric.kind === 'EXCEPTION_RECURRENCE' ? 'EXCEPTION_COUNT' : metric.kind,
      ruleCode: metric.ruleCode ?? undefined,
      equipmentCode: metric.equipmentCode ?? undefined,
      parameter: metric.kind === 'EXCEPTION_RECURRENCE' ? metric.parameter ?? undefined : undefined,
      testName: metric.testName ?? undefined,
      materialCode: metric.materialCode ?? undefined,
      decisions: metric.decisions ?? undefined,
      from: from.toISOString(),
      to: to.toISOString(),
    };
    const response = await askGraph<{ qualityMetric: MetricFigures | null }>(this.graph, QUALITY_METRIC, { input }, caller, doing);
    return this.answer(response.data?.qualityMetric, response.errors);
  }

  private answer<T>(figures: T | null | undefined, errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | undefined): T {
    if (figures) return figures;
    const error = errors?.[0];
    if (error?.extensions?.code === 'BAD_USER_INPUT' || error?.extensions?.code === 'NOT_FOUND') throw new MetricRefused(error.message);
    throw new GraphQLError(`The quality domain did not answer the effectiveness metric: ${error?.message ?? 'no figures'}`, { extensions: { code: 'GRAPH_UNAVAILABLE' } });
  }
}
