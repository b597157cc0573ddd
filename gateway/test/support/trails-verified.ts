import type { TestGraph } from './test-graph';

const VERIFY = `{ verifyAuditTrail { schema ok firstBroken { seq reason } mismatches { entityType entityId field rowValue trailValue reason } } }`;

/**
 * Every trail holds, and every audited record (docs/audit-and-signatures.md) says in its row what its trail says:
 * what the end of a flow through the graph must leave behind, as an auditor would check it.
 */
export async function expectTrailsVerified(graph: TestGraph): Promise<void> {
  const response = await graph.query<{ verifyAuditTrail: Array<{ schema: string; ok: boolean; firstBroken: unknown; mismatches: unknown[] }> }>(VERIFY, { token: graph.tokenFor('auditor') });
  expect(response.errors).toBeUndefined();
  for (const chain of response.data!.verifyAuditTrail) {
    expect({ schema: chain.schema, ok: chain.ok, firstBroken: chain.firstBroken, mismatches: chain.mismatches }).toEqual({ schema: chain.schema, ok: true, firstBroken: null, mismatches: [] });
  }
}
