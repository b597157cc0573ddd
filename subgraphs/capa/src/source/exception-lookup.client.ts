import type { GraphCaller, GraphClient } from '@lotgraph/server';
import { askGraph, errorsAt, graphUnavailable, isNotFound } from '../graph/ask-graph';
import { CallerBatches } from '../graph/caller-batches';

export interface AffectedLotFacts {
  role: string;
  lotNumber: string | null;
  lot: { lotNumber: string; status: string; material: { code: string } | null; supplier: { code: string } | null } | null;
  disposition: { decision: string; appliedAt: string | null } | null;
}

/** What the capa domain reads of a quality exception, through the graph. */
export interface ExceptionFacts {
  id: string;
  number: string;
  title: string;
  severity: string;
  status: string;
  equipmentCode: string | null;
  parameter: string | null;
  impactSummary: string | null;
  affectedLots: AffectedLotFacts[];
}

const FIELDS = `id number title severity status equipmentCode parameter impactSummary
  affectedLots { role lotNumber lot { lotNumber status material { code } supplier { code } } disposition { decision appliedAt } }`;

/**
 * Reads exceptions by number from the quality domain through the graph, as the caller, in one request (an alias
 * each). A number that names no exception answers null; anything else the graph could not answer is an error.
 */
export class ExceptionLookupClient {
  private readonly batches = new CallerBatches<string, ExceptionFacts | null>(async (numbers, caller) => {
    try {
      const found = await this.find(numbers, caller, 'read the exceptions of CAPAs');
      return numbers.map((number) => found.get(number) ?? null);
    } catch (err) {
      return numbers.map(() => err as Error);
    }
  });

  constructor(private readonly graph: GraphClient) {}

  /** One exception, asked together with the others the caller asks for in the same tick (a page of CAPAs). */
  findOne(number: string, caller: GraphCaller): Promise<ExceptionFacts | null> {
    return this.batches.load(number, caller);
  }

  async find(numbers: readonly string[], caller: GraphCaller, doing: string): Promise<Map<string, ExceptionFacts | null>> {
    const unique = [...new Set(numbers)];
    if (unique.length === 0) return new Map();
    const variables = Object.fromEntries(unique.map((number, i) => [`n${i}`, number]));
    const query = `query CapaExceptions(${unique.map((_, i) => `$n${i}: String!`).join(', ')}) { ${unique.map((_, i) => `e${i}: exception(number: $n${i}) { ${FIELDS} }`).join(' ')} }`;
    const response = await askGraph<Record<string, ExceptionFacts | null>>(this.graph, query, variables, caller, doing);
    const found = new Map<string, ExceptionFacts | null>();
    unique.forEach((number, i) => {
      const alias = `e${i}`;
      const errors = errorsAt(response.errors, alias);
      const facts = response.data?.[alias] ?? null;
      if (facts) found.set(number, facts);
      else if (errors.length === 0 || errors.every(isNotFound)) found.set(number, null);
      else throw graphUnavailable(doing, `exception ${number}: ${errors[0].message}`);
    });
    return found;
  }
}
