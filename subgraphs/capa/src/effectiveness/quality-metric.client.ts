import { GraphQLError } from 'graphql';
import type { GraphCaller, GraphClient, GraphError } from '@lotgraph/server';
import { askGraph, errorsAt } from '../graph/ask-graph';
import { CallerBatches } from '../graph/caller-batches';
import type { EffectivenessMetric } from './effectiveness-metric';

/** A metric over one window, as the quality domain computed it. */
export interface MetricFigures {
  value: number | null;
  sampleSize: number;
  exceptionNumbers: string[];
}

/** The quality domain refused to compute the metric (an unknown rule, equipment, parameter or test); its words. */
export class MetricRefused extends Error {}

interface MetricRequest {
  metric: EffectivenessMetric;
  from: Date;
  to: Date;
}

/** One aliased field of the batch's query: its variables' types and values, and how to read its answer. */
interface Part {
  variables: Record<string, [type: string, value: unknown]>;
  field: string;
  figures: (answer: Record<string, unknown>) => MetricFigures;
}

function part(request: MetricRequest, i: number): Part {
  const { metric, from, to } = request;
  if (metric.kind === 'CPK' || metric.kind === 'PPK') {
    return {
      variables: { [`e${i}`]: ['String!', metric.equipmentCode], [`p${i}`]: ['String!', metric.parameter], [`f${i}`]: ['DateTime!', from.toISOString()], [`t${i}`]: ['DateTime!', to.toISOString()] },
      field: `m${i}: processCapability(equipmentCode: $e${i}, parameter: $p${i}, from: $f${i}, to: $t${i}) { sampleSize cpk ppk }`,
      figures: (answer) => ({ value: (metric.kind === 'CPK' ? answer.cpk : answer.ppk) as number | null, sampleSize: answer.sampleSize as number, exceptionNumbers: [] }),
    };
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
  return { variables: { [`i${i}`]: ['QualityMetricInput!', input] }, field: `m${i}: qualityMetric(input: $i${i}) { value sampleSize exceptionNumbers }`, figures: (answer) => answer as unknown as MetricFigures };
}

function refusalOrUnavailable(errors: readonly GraphError[]): Error {
  const error = errors[0];
  if (error?.extensions?.code === 'BAD_USER_INPUT' || error?.extensions?.code === 'NOT_FOUND') return new MetricRefused(error.message);
  return new GraphQLError(`The quality domain did not answer the effectiveness metric: ${error?.message ?? 'no figures'}`, { extensions: { code: 'GRAPH_UNAVAILABLE' } });
}

/**
 * Asks the quality domain, through the graph and as the caller, for effectiveness metrics over windows: the figures
 * come from quality's data; the capa domain never reads quality's tables. What one caller asks in the same tick (a
 * page of CAPAs) goes in one request (qualityMetric or processCapability, an alias each).
 */
export class QualityMetricClient {
  private readonly batches = new CallerBatches<MetricRequest, MetricFigures>((requests, caller) => this.measureAll(requests, caller));

  constructor(private readonly graph: GraphClient) {}

  measure(metric: EffectivenessMetric, from: Date, to: Date, caller: GraphCaller): Promise<MetricFigures> {
    return this.batches.load({ metric, from, to }, caller);
  }

  private async measureAll(requests: readonly MetricRequest[], caller: GraphCaller): Promise<Array<MetricFigures | Error>> {
    const parts = requests.map(part);
    const variables = parts.flatMap((p) => Object.entries(p.variables));
    const query = `query CapaEffectivenessMetrics(${variables.map(([name, [type]]) => `$${name}: ${type}`).join(', ')}) { ${parts.map((p) => p.field).join(' ')} }`;
    try {
      const response = await askGraph<Record<string, Record<string, unknown> | null>>(
        this.graph, query, Object.fromEntries(variables.map(([name, [, value]]) => [name, value])), caller, 'measure effectiveness',
      );
      return parts.map((p, i) => {
        const answer = response.data?.[`m${i}`];
        return answer ? p.figures(answer) : refusalOrUnavailable(errorsAt(response.errors, `m${i}`));
      });
    } catch (err) {
      return parts.map(() => err as Error);
    }
  }
}
