import type { SubgraphDatabase } from '@lotgraph/server';

export interface LatencyFigures {
  p50: number;
  p99: number;
  samples: number;
}

/**
 * The hook for "detection-to-hold latency": from a violating reading's ingest to its lot ON_HOLD. It needs
 * automatic exceptions from violations (raised in the ViolationSink, lots held through the outbox), which are
 * not built yet; until then it measures nothing and the report says so rather than print a figure.
 */
export function detectionToHoldLatency(database: SubgraphDatabase): Promise<LatencyFigures | null> {
  void database;
  return Promise.resolve(null);
}
