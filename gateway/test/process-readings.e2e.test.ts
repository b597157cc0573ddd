import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { specContentHashOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const APPROVE = `mutation ($spec: String!, $version: Int!, $signature: SignatureInput!) {
  approveSpecificationVersion(specNumber: $spec, version: $version, signature: $signature) { status approvedBy signatures { meaning signerId valid } }
}`;
const RECORD = `mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted rejected results { outcome reason } } }`;
const VIOLATIONS = `{ ruleViolations(filter: { equipmentCode: "IMM-E2E" }) { totalCount edges { node { rule { code kind } parameter detail evidence { readingId value } } } } }`;

describe('process readings through the gateway: specification approval, an excursion, and the violation QA reads', () => {
  let graph: TestGraph;
  const as = (user: string) => ({ token: graph.tokenFor(user) });

  beforeAll(async () => {
    graph = await startTestGraph();
    const setup = [
      `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-E2E", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`,
      `mutation { createSpecificationVersion(input: { specNumber: "SPEC-E2E", materialCode: "SA-BRL-3001", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
        parameters: [{ parameter: "BARREL_TEMP", unit: "°C", lsl: 220, usl: 240, target: 230, lowerWarning: 224, upperWarning: 236, critical: true }] }) { status } }`,
      `mutation { defineQualityRule(input: { code: "R-E2E-OOS", kind: OUT_OF_SPEC, parameter: "BARREL_TEMP" }) { code } }`,
    ];
    for (const mutation of setup) expect((await graph.query(mutation, as('qa.engineer'))).errors).toBeUndefined();
  });

  afterAll(() => graph.stop());

  it('approves a specification only with another QA person’s e-signature', async () => {
    const signature = { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: await specContentHashOf(graph, 'SPEC-E2E', 1) };
    const byAuthor = await graph.query(APPROVE, { variables: { spec: 'SPEC-E2E', version: 1, signature }, ...as('qa.engineer') });
    expect(byAuthor.errors?.[0].extensions?.code).toBe('SEPARATION_OF_DUTIES');
    const wrongPassword = await graph.query(APPROVE, { variables: { spec: 'SPEC-E2E', version: 1, signature: { ...signature, password: 'not it' } }, ...as('qa.manager') });
    expect(wrongPassword.errors).toBeDefined();
    const approved = await graph.query<{ approveSpecificationVersion: unknown }>(APPROVE, { variables: { spec: 'SPEC-E2E', version: 1, signature }, ...as('qa.manager') });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveSpecificationVersion).toEqual({ status: 'APPROVED', approvedBy: 'qa.manager', signatures: [{ meaning: 'APPROVED', signerId: 'qa.manager', valid: true }] });
  });

  it('an integration posts readings with an excursion; QA reads one violation with its evidence; the integration reads no quality data', async () => {
    const readings = [230.1, 241.5, 242.0, 229.8, 'n/a'].map((value, i) => ({
      readingId: `E2E-${i}`, equipmentCode: 'IMM-E2E', parameter: 'BARREL_TEMP', value: String(value), measuredAt: `2026-11-20T09:0${i}:00Z`,
    }));
    const report = await graph.query<{ recordReadings: { accepted: number; rejected: number; results: Array<{ outcome: string; reason: string | null }> } }>(RECORD, { variables: { readings }, ...as('integrator') });
    expect(report.errors).toBeUndefined();
    expect(report.data!.recordReadings).toMatchObject({ accepted: 4, rejected: 1 });
    expect(report.data!.recordReadings.results[4]).toEqual({ outcome: 'REJECTED', reason: 'value: "n/a" is not a plain decimal number (such as 241.5 or -0.25)' });

    const seen = await graph.query<{ ruleViolations: { totalCount: number; edges: Array<{ node: unknown }> } }>(VIOLATIONS, as('qa.engineer'));
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.ruleViolations.totalCount).toBe(1);
    expect(seen.data!.ruleViolations.edges[0].node).toEqual({
      rule: { code: 'R-E2E-OOS', kind: 'OUT_OF_SPEC' },
      parameter: 'BARREL_TEMP',
      detail: '242 is outside the specification 220..240',
      evidence: [{ readingId: 'E2E-1', value: 241.5 }, { readingId: 'E2E-2', value: 242 }],
    });
    const byIntegrator = await graph.query(VIOLATIONS, as('integrator'));
    expect(byIntegrator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("an auditor finds a reading's audit entry by the reading: its call's entry, narrowed to its row", async () => {
    type Entry = { action: string; entityType: string; entityId: string; actor: { id: string }; changes: Array<{ field: string; new: string | null }> };
    const trail = async (entityType: string, entityId: string) => {
      const response = await graph.query<{ auditTrail: Entry[] }>(
        `query ($type: String!, $id: ID!) { auditTrail(entityType: $type, entityId: $id) { action entityType entityId actor { id } changes { field new } } }`,
        { variables: { type: entityType, id: entityId }, ...as('auditor') },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.auditTrail;
    };
    const found = await graph.query<{ ruleViolations: { edges: Array<{ node: { evidence: Array<{ id: string; readingId: string; batchId: string }> } }> } }>(
      `{ ruleViolations(filter: { equipmentCode: "IMM-E2E" }) { edges { node { evidence { id readingId batchId } } } } }`,
      as('qa.engineer'),
    );
    const reading = found.data!.ruleViolations.edges[0].node.evidence[0];
    const [entry] = await trail('ProcessReading', reading.id);
    expect(entry).toMatchObject({ action: 'RECORD_READINGS', entityType: 'ReadingBatch', entityId: reading.batchId, actor: { id: 'integrator' } });
    const field = (e: Entry, name: string) => e.changes.find((c) => c.field === name)!.new!;
    expect(field(entry, 'readingCount')).toBe('4');
    const table = JSON.parse(field(entry, 'readings')) as { columns: string[]; rows: unknown[][] };
    expect(table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])))).toEqual([
      expect.objectContaining({ id: reading.id, readingId: 'E2E-1', equipmentCode: 'IMM-E2E', value: 241.5, measuredAt: '2026-11-20T09:01:00.000Z', specification: 'SPEC-E2E/1' }),
    ]);
    // The call's entry itself, whole; and any key that is no reading finds nothing.
    expect(JSON.parse(field((await trail('ReadingBatch', reading.batchId))[0], 'readings')).rows).toHaveLength(4);
    expect(await trail('ProcessReading', 'not-a-uuid')).toEqual([]);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
