import { rewriteAuditTrail } from '@lotgraph/server';
import { startTestGraph, type TestGraph } from './support/test-graph';

const HOLD = `mutation ($lot: String!) { holdLot(input: { lotNumber: $lot, reason: "Suspect resin", exceptionNumber: "EX-2026-0041" }) { status } }`;
const MOVE = `mutation ($lot: String!) { moveLot(input: { transferNumber: "TR-AUDIT-1", lotNumber: $lot, toLocation: "SZ1-WH-RM-02" }) { lotNumber } }`;
const TRAIL = `query ($type: String!, $id: ID!) {
  auditTrail(entityType: $type, entityId: $id) { chain seq action reason actor { id roles } changes { field label labelZh old new } }
}`;
const VERIFY = `{ verifyAuditTrail { schema ok count firstBroken { seq reason } } }`;

describe('the audit trail through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it("shows a record's changes from every trail, with labels, to an auditor; an integrator may not read it", async () => {
    expect((await graph.query(HOLD, { variables: { lot: 'PLG-2611-010' }, token: graph.tokenFor('qc.inspector') })).errors).toBeUndefined();
    const trail = await graph.query<{ auditTrail: Array<{ chain: string; action: string; actor: { id: string }; changes: Array<Record<string, string>> }> }>(TRAIL, {
      variables: { type: 'Lot', id: 'PLG-2611-010' },
      token: graph.tokenFor('auditor'),
    });
    expect(trail.errors).toBeUndefined();
    const hold = trail.data!.auditTrail.find((entry) => entry.action === 'STATUS_CHANGE')!;
    expect(hold).toMatchObject({ chain: 'batch', reason: 'Suspect resin', actor: { id: 'qc.inspector', roles: ['QC_INSPECTOR'] } });
    expect(hold.changes).toContainEqual({ field: 'status', label: 'Status', labelZh: '状态', old: 'RELEASED', new: 'ON_HOLD' });

    const refused = await graph.query(TRAIL, { variables: { type: 'Lot', id: 'PLG-2611-010' }, token: graph.tokenFor('integrator') });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('verifies every subgraph\'s chain, and names the first broken entry after a rewrite past the triggers', async () => {
    const intact = await graph.query<{ verifyAuditTrail: Array<{ schema: string; ok: boolean }> }>(VERIFY, { token: graph.tokenFor('auditor') });
    expect(intact.data!.verifyAuditTrail.map((chain) => [chain.schema, chain.ok])).toEqual([
      ['batch', true],
      ['quality', true],
      ['capa', true],
      ['compliance', true],
      ['integration', true],
    ]);

    expect((await graph.query(MOVE, { variables: { lot: 'RPP-2611-001' }, token: graph.tokenFor('operator') })).errors).toBeUndefined();
    const batch = graph.hub.databases.batch!.dataSource;
    const [{ seq, reason }]: Array<{ seq: string; reason: string | null }> = await batch.query(`SELECT seq, reason FROM batch.audit_entry ORDER BY seq DESC LIMIT 1`);
    // An edit that is not re-hashed: the chain itself shows it.
    await batch.transaction(async (manager) => {
      await manager.query('ALTER TABLE batch.audit_entry DISABLE TRIGGER USER');
      await manager.query(`UPDATE batch.audit_entry SET reason = 'nothing happened' WHERE seq = $1`, [seq]);
      await manager.query('ALTER TABLE batch.audit_entry ENABLE TRIGGER USER');
    });
    const broken = await graph.query<{ verifyAuditTrail: Array<{ schema: string; ok: boolean; firstBroken: { seq: number; reason: string } | null }> }>(VERIFY, {
      token: graph.tokenFor('auditor'),
    });
    const chain = broken.data!.verifyAuditTrail.find((c) => c.schema === 'batch')!;
    expect(chain.ok).toBe(false);
    expect(chain.firstBroken).toEqual({ seq: Number(seq), reason: expect.stringMatching(/changed after it was written/) });
    // Put the entry back as it was, for any later test in this file: its hash, and so its signature, hold again.
    await rewriteAuditTrail(batch, 'batch', Number(seq), { reason });
  });
});
