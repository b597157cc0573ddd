import type { GraphCaller, GraphClient } from '@lotgraph/server';
import { askGraph, errorsAt, graphUnavailable, isNotFound } from '../graph/ask-graph';
import type { EvidenceRef } from './evidence';

interface Answer {
  readings?: Array<{ id: string }>;
  violations?: { edges: Array<{ node: { id: string } }> };
  inspections?: Array<{ id: string }>;
  [alias: string]: unknown;
}

/** What the graph said of each piece of evidence: whether it exists, and the id of an exception named by number. */
export interface EvidenceCheck {
  missing: EvidenceRef[];
  /** Exception number → its id (an exception is a reference by id). */
  exceptionIds: Map<string, string>;
}

/** Evidence records one request may name (a page of violations). */
export const MAX_EVIDENCE = 500;
const PAGE = MAX_EVIDENCE;

/**
 * Checks evidence ids through the graph, as the caller, in one request: readings, violations and inspections by
 * id from the quality domain, lots by number from the batch domain, exceptions by number from quality.
 */
export class EvidenceCheckClient {
  constructor(private readonly graph: GraphClient) {}

  async check(refs: readonly EvidenceRef[], caller: GraphCaller, doing: string): Promise<EvidenceCheck> {
    const ids = (kind: EvidenceRef['kind']) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
    const [readings, violations, inspections, lots, exceptions] = [ids('READING'), ids('VIOLATION'), ids('INSPECTION'), ids('LOT'), ids('EXCEPTION')];
    if (refs.length === 0) return { missing: [], exceptionIds: new Map() };
    const vars: string[] = [];
    const parts: string[] = [];
    const variables: Record<string, unknown> = {};
    if (readings.length) {
      vars.push('$readings: [ID!]!');
      parts.push('readings: processReadings(ids: $readings) { id }');
      variables.readings = readings;
    }
    if (violations.length) {
      vars.push('$violations: [ID!]');
      parts.push(`violations: ruleViolations(filter: { ids: $violations }, first: ${PAGE}) { edges { node { id } } }`);
      variables.violations = violations;
    }
    if (inspections.length) {
      vars.push('$inspections: [ID!]!');
      parts.push('inspections: inspections(ids: $inspections) { id }');
      variables.inspections = inspections;
    }
    lots.forEach((lotNumber, i) => {
      vars.push(`$l${i}: String!`);
      parts.push(`l${i}: lot(lotNumber: $l${i}) { lotNumber }`);
      variables[`l${i}`] = lotNumber;
    });
    exceptions.forEach((number, i) => {
      vars.push(`$x${i}: String!`);
      parts.push(`x${i}: exception(number: $x${i}) { id number }`);
      variables[`x${i}`] = number;
    });
    const response = await askGraph<Answer>(this.graph, `query CapaEvidence(${vars.join(', ')}) { ${parts.join(' ')} }`, variables, caller, doing);
    const data = response.data ?? {};
    const answered = (alias: string) => {
      const errors = errorsAt(response.errors, alias);
      if (errors.length && !errors.every(isNotFound)) throw graphUnavailable(doing, errors[0].message);
      return data[alias] ?? null;
    };
    const found = new Set<string>();
    for (const reading of (answered('readings') as Answer['readings']) ?? []) found.add(`READING:${reading.id}`);
    for (const edge of (answered('violations') as Answer['violations'])?.edges ?? []) found.add(`VIOLATION:${edge.node.id}`);
    for (const inspection of (answered('inspections') as Answer['inspections']) ?? []) found.add(`INSPECTION:${inspection.id}`);
    lots.forEach((lotNumber, i) => answered(`l${i}`) && found.add(`LOT:${lotNumber}`));
    const exceptionIds = new Map<string, string>();
    exceptions.forEach((number, i) => {
      const exception = answered(`x${i}`) as { id: string } | null;
      if (!exception) return;
      found.add(`EXCEPTION:${number}`);
      exceptionIds.set(number, exception.id);
    });
    return { missing: refs.filter((ref) => !found.has(`${ref.kind}:${ref.id}`)), exceptionIds };
  }
}
