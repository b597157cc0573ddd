import { auditEntryContent, entryHash } from '@lotgraph/server';
import type { DataSource } from 'typeorm';
import { captureCli } from './support/capture-cli';
import { startTestGraph, type TestGraph } from './support/test-graph';

const VERIFY = `{ verifyAuditTrail { schema ok count firstBroken { seq reason } mismatchCount mismatches { entityType entityId field rowValue trailValue seq reason } } }`;
const SHIP = `mutation { shipLot(input: { shipmentNumber: "SH-FORGED-1", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0008", quantity: 100, uom: "pcs" }) { number } }`;
const MOVE = `mutation { moveLot(input: { transferNumber: "TR-FORGED-1", lotNumber: "SYR3-2611-0008", toLocation: "SZ1-WH-FG-02" }) { lotNumber } }`;
const HISTORY = `{ auditTrail(entityType: "Lot", entityId: "SYR3-2611-0008") { seq action reason changes { field new } } }`;

type Verification = {
  schema: string;
  ok: boolean;
  count: number;
  firstBroken: { seq: number; reason: string } | null;
  mismatchCount: number;
  mismatches: Array<{ entityType: string; entityId: string; field: string | null; rowValue: string | null; trailValue: string | null; seq: number | null; reason: string }>;
};

/** What someone with database rights does, past the application: a statement with the append-only triggers off. */
async function behindTheApplication(batch: DataSource, sql: string, params: unknown[] = []) {
  await batch.transaction(async (manager) => {
    await manager.query('ALTER TABLE batch.audit_entry DISABLE TRIGGER USER');
    await manager.query(sql, params);
    await manager.query('ALTER TABLE batch.audit_entry ENABLE TRIGGER USER');
  });
}

/** An entry appended by SQL with a correctly computed hash and no key: the forgery the hash chain alone let through. */
async function appendForgedEntry(batch: DataSource, lotNumber: string, changes: Record<string, { old?: unknown; new?: unknown }>): Promise<number> {
  const [head] = await batch.query(`SELECT seq, hash FROM batch.audit_entry ORDER BY seq DESC LIMIT 1`);
  const content = {
    seq: Number(head.seq) + 1, recordedAt: new Date(), actorId: 'qa.manager', actorName: 'Wang Qiang (QA manager)', actorRoles: ['QA_MANAGER'],
    action: 'STATUS_CHANGE', entityType: 'Lot', entityId: lotNumber, changes, reason: 'Released after review', requestId: null,
  };
  await batch.query(
    `INSERT INTO batch.audit_entry (seq, recorded_at, actor_id, actor_name, actor_roles, action, entity_type, entity_id, changes, reason, request_id, previous_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12)`,
    [content.seq, content.recordedAt, content.actorId, content.actorName, JSON.stringify(content.actorRoles), content.action, content.entityType, content.entityId,
      JSON.stringify(changes), content.reason, head.hash, entryHash(auditEntryContent(content), head.hash)],
  );
  return content.seq;
}

describe('records an inspector can trust: signed entries, rows reconciled with their trail', () => {
  let graph: TestGraph;
  let batch: DataSource;

  const verify = async () => (await graph.query<{ verifyAuditTrail: Verification[] }>(VERIFY, { token: graph.tokenFor('auditor') })).data!.verifyAuditTrail;
  const batchTrail = async () => (await verify()).find((chain) => chain.schema === 'batch')!;
  /** `npx lotgraph audit verify` on the graph's database, with its key. */
  const auditVerify = async () => {
    const { databaseUrl, dataDir, auditKey } = graph.config;
    const report = await captureCli(['audit', 'verify'], { DATABASE_URL: databaseUrl ?? '', LOTGRAPH_DATA_DIR: dataDir, LOTGRAPH_AUDIT_KEY: auditKey?.path ?? '', LOTGRAPH_JWT_SECRET: 'x'.repeat(32), LOTGRAPH_GATEWAY_SECRET: 'y'.repeat(32) });
    const failed = process.exitCode === 1;
    process.exitCode = 0;
    return { report, failed };
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    batch = graph.hub.databases.batch!.dataSource;
  });
  afterAll(() => graph?.stop());

  it('verifies the demo plant as loaded: every entry signed, every audited record agreeing with its trail', async () => {
    for (const chain of await verify()) {
      expect({ schema: chain.schema, ok: chain.ok, firstBroken: chain.firstBroken, mismatches: chain.mismatches }).toEqual({ schema: chain.schema, ok: true, firstBroken: null, mismatches: [] });
    }
  });

  it('names a held lot released by a direct UPDATE, and refuses to ship or move it, auditing each refusal', async () => {
    await batch.query(`UPDATE batch.material_lot SET status = 'RELEASED' WHERE lot_number = 'SYR3-2611-0008'`);
    const trail = await batchTrail();
    expect(trail.ok).toBe(false);
    expect(trail.firstBroken).toBeNull();
    expect(trail.mismatches).toEqual([
      {
        entityType: 'Lot',
        entityId: 'SYR3-2611-0008',
        field: 'status',
        rowValue: 'RELEASED',
        trailValue: 'ON_HOLD',
        seq: expect.any(Number),
        reason: expect.stringMatching(/^Lot SYR3-2611-0008: status is RELEASED in its row, but ON_HOLD per its audit trail \(entry \d+\): the row was changed outside LotGraph$/),
      },
    ]);

    const cli = await auditVerify();
    expect(cli.failed).toBe(true);
    expect(cli.report).toContain('batch: 1 record field(s) disagree with the trail:\n  Lot SYR3-2611-0008: status is RELEASED in its row, but ON_HOLD per its audit trail');

    const operator = graph.tokenFor('operator');
    for (const [mutation, words] of [[SHIP, 'shipped'], [MOVE, 'moved']] as const) {
      const refused = await graph.query(mutation, { token: operator });
      expect(refused.errors![0]).toMatchObject({
        message: expect.stringContaining(`Lot SYR3-2611-0008 cannot be ${words}: Lot SYR3-2611-0008: status is RELEASED in its row, but ON_HOLD per its audit trail`),
        extensions: { code: 'RECORD_DISAGREES_WITH_TRAIL', lotNumber: 'SYR3-2611-0008', field: 'status', rowValue: 'RELEASED', trailValue: 'ON_HOLD' },
      });
    }
    const [{ count }] = await batch.query(`SELECT count(*)::int AS count FROM batch.shipment WHERE number = 'SH-FORGED-1'`);
    expect(count).toBe(0);

    const history = (await graph.query<{ auditTrail: Array<{ action: string; reason: string; changes: Array<{ field: string; new: string }> }> }>(HISTORY, { token: graph.tokenFor('qa.manager') })).data!.auditTrail;
    const refusals = history.filter((entry) => entry.action === 'USE_REFUSED').slice(-2);
    expect(refusals.map((entry) => entry.changes.find((change) => change.field === 'attemptedUse')!.new)).toEqual(['SHIP', 'MOVE']);
    expect(refusals[0].reason).toMatch(/status is RELEASED in its row, but ON_HOLD per its audit trail/);

    // Put right the way it went wrong, for the next test: the row back as its trail says.
    await batch.query(`UPDATE batch.material_lot SET status = 'ON_HOLD' WHERE lot_number = 'SYR3-2611-0008'`);
    expect((await batchTrail()).ok).toBe(true);
  });

  it('names an entry appended by SQL with a correct hash as forged, and a row changed with a matching forged entry', async () => {
    await batch.query(`UPDATE batch.material_lot SET status = 'RELEASED' WHERE lot_number = 'SYR3-2611-0008'`);
    const seq = await appendForgedEntry(batch, 'SYR3-2611-0008', { status: { old: 'ON_HOLD', new: 'RELEASED' } });
    const trail = await batchTrail();
    expect(trail).toMatchObject({ ok: false, count: seq - 1, firstBroken: { seq, reason: `entry ${seq} is not signed: it was not written by LotGraph (forged)` } });
    // The row agrees with the forged entry, but not with what LotGraph signed: the forged entry is the one named.
    expect(trail.mismatches).toEqual([]);
    const cli = await auditVerify();
    expect(cli.failed).toBe(true);
    expect(cli.report).toContain(`batch: BROKEN at entry ${seq}: entry ${seq} is not signed: it was not written by LotGraph (forged) (${seq - 1} entries before it hold)`);
    await behindTheApplication(batch, `DELETE FROM batch.audit_entry WHERE seq = $1`, [seq]);
    await batch.query(`UPDATE batch.material_lot SET status = 'ON_HOLD' WHERE lot_number = 'SYR3-2611-0008'`);
    expect((await batchTrail()).ok).toBe(true);
  });

  it('names a lot whose row was inserted by SQL, with no audit entry', async () => {
    await batch.query(
      `INSERT INTO batch.material_lot (id, lot_number, material_id, status, quantity, uom, storage_location)
       SELECT gen_random_uuid(), 'SYR3-FAKE-0001', material_id, 'RELEASED', 5000, uom, storage_location FROM batch.material_lot WHERE lot_number = 'SYR3-2611-0008'`,
    );
    const trail = await batchTrail();
    expect(trail.mismatches).toEqual([expect.objectContaining({ entityId: 'SYR3-FAKE-0001', field: null, reason: 'Lot SYR3-FAKE-0001 has no audit entry: it was written outside LotGraph' })]);
  });
});
