/**
 * What a field costs to answer beyond the 1 every field counts, when it does far more work than reading a row or a
 * page: `weight` is added to the query's estimated cost each time the field is answered (times the page or list
 * sizes it is nested in); `once` allows it only once per operation, whatever the cost limit.
 */
export interface FieldCost {
  weight: number;
  once?: boolean;
}

/** The costly fields, by schema coordinate. A test checks that each one is a field of the supergraph. */
export const COSTLY_FIELDS: Readonly<Record<string, FieldCost>> = {
  // Reads and re-hashes every entry of every subgraph's trail.
  'Query.verifyAuditTrail': { weight: 1000, once: true },
  // One record's entries, searched for in every subgraph's trail.
  'Query.auditTrail': { weight: 100 },
  // Recursive walks of the genealogy (up to 100 steps), and what they reach.
  'Query.trace': { weight: 200 },
  'Query.epcisExport': { weight: 300 },
  'Query.recallImpact': { weight: 300 },
  // Aggregates over a window of records: the reports of the graph.
  'Query.capaKpis': { weight: 200 },
  'Query.exceptionKpis': { weight: 200 },
  'Query.qualityMetric': { weight: 100 },
  'Query.processCapability': { weight: 100 },
  'Query.controlChart': { weight: 100 },
  'Query.equipmentRuns': { weight: 50 },
  'Query.similarCapas': { weight: 50 },
};
