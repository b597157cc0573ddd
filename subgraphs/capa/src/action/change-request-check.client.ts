import type { GraphCaller, GraphClient } from '@lotgraph/server';
import { askGraph, errorsAt, graphUnavailable, isNotFound } from '../graph/ask-graph';

/** Which of these equipment codes the batch domain does not know (asked through the graph, as the caller). */
export class EquipmentCheckClient {
  constructor(private readonly graph: GraphClient) {}

  async unknown(codes: readonly string[], caller: GraphCaller, doing: string): Promise<string[]> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return [];
    const query = `query CapaEquipment(${unique.map((_, i) => `$c${i}: String!`).join(', ')}) { ${unique.map((_, i) => `c${i}: equipment(code: $c${i}) { code }`).join(' ')} }`;
    const response = await askGraph<Record<string, { code: string } | null>>(this.graph, query, Object.fromEntries(unique.map((code, i) => [`c${i}`, code])), caller, doing);
    return unique.filter((_, i) => {
      const errors = errorsAt(response.errors, `c${i}`);
      if (errors.length && !errors.every(isNotFound)) throw graphUnavailable(doing, errors[0].message);
      return !response.data?.[`c${i}`];
    });
  }
}
