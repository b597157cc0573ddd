import { auditEntryContent, entryHash } from '@lotgraph/server';
import type { DataSource } from 'typeorm';
import { seedDemoPlant } from '../src/hub/hub';
import { captureCli } from './support/capture-cli';
import { MUTATION_CASES, queryOf } from './support/mutation-cases';
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

/** What someone with database rights does, past the application: a statement with a table's append-only triggers off. */
async function behindTheApplication(database: DataSource, sql: string, params: unknown[] = [], table = 'batch.audit_entry') {
  await database.transaction(async (manager) => {
    await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await manager.query(sql, params);
    await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

/** A record of each audited type changed by SQL in one of its audited fields, and put back. */
interface Tampering {
  schema: string;
  entityType: string;
  entityId: string;
  field: string;
  rowValue: string;
  trailValue: string;
  change: string;
  restore: string;
  /** A table the database keeps append-only: its triggers are switched off for the statement. */
  appendOnly?: string;
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
    await batch.query(`DELETE FROM batch.material_lot WHERE lot_number = 'SYR3-FAKE-0001'`);
    expect((await batchTrail()).ok).toBe(true);
  });

  describe('every audited record type', () => {
    const as = async (user: string, query: string, variables: Record<string, unknown> = {}) => {
      const response = await graph.query(query, { variables, token: graph.tokenFor(user) });
      expect(response.errors).toBeUndefined();
      return response;
    };
    const database = (schema: string) => graph.hub.databases[schema as 'batch']!.dataSource;
    let disposition = '';
    let inspection = '';
    let passed = '';

    beforeAll(async () => {
      // Through the graph, records of the types the demo plant has none of: a recall, a specification, a disposition.
      await as('qa.manager', `mutation { initiateRecall(input: { recallNumber: "RC-TAMPER-1", lotNumber: "GSK-2611-001", reason: "Gasket supplier recall" }) { number } }`);
      for (const name of ['registerEquipmentParameter', 'createSpecificationVersion', 'acknowledgeException', 'dispositionLot']) {
        const c = MUTATION_CASES.find((candidate) => candidate.mutation === name)!;
        await c.prepare?.(graph);
        await as(c.user, await queryOf(c, graph));
      }
      await graph.settle();
      [{ key: disposition }] = await database('quality').query(
        `SELECT ex.number || '/' || d.lot_number AS key FROM quality.lot_disposition d JOIN quality.quality_exception ex ON ex.id = d.exception_id`,
      );
      [{ id: inspection }] = await database('quality').query(`SELECT id FROM quality.inspection WHERE lot_number = 'SYR3-2611-0008' AND sample_id = 'LS-2611-0171'`);
      [{ id: passed }] = await database('quality').query(`SELECT id FROM quality.inspection WHERE lot_number = 'SYR3-2611-0008' AND sample_id = 'LS-2611-0170'`);
    });

    it('verifies every record as written through the graph', async () => {
      for (const chain of await verify()) expect({ schema: chain.schema, ok: chain.ok, mismatches: chain.mismatches }).toEqual({ schema: chain.schema, ok: true, mismatches: [] });
    });

    it('names a record of each type changed by SQL: the record, the field, its value in the row and per its trail', async () => {
      const tamperings: Tampering[] = [
        {
          schema: 'batch', entityType: 'ProductionOrder', entityId: 'PO-2611-0101', field: 'status', rowValue: 'CANCELLED', trailValue: 'COMPLETED',
          change: `UPDATE batch.production_order SET status = 'CANCELLED' WHERE number = 'PO-2611-0101'`,
          restore: `UPDATE batch.production_order SET status = 'COMPLETED' WHERE number = 'PO-2611-0101'`,
        },
        {
          schema: 'batch', entityType: 'Shipment', entityId: 'SH-2611-0031', field: 'customerCode', rowValue: 'CUS-SMD', trailValue: 'CUS-STM',
          change: `UPDATE batch.shipment SET customer_id = (SELECT id FROM batch.customer WHERE code = 'CUS-SMD') WHERE number = 'SH-2611-0031'`,
          restore: `UPDATE batch.shipment SET customer_id = (SELECT id FROM batch.customer WHERE code = 'CUS-STM') WHERE number = 'SH-2611-0031'`,
        },
        {
          schema: 'batch', entityType: 'Recall', entityId: 'RC-TAMPER-1', field: 'rootLot', rowValue: 'RPP-2611-001', trailValue: 'GSK-2611-001',
          change: `UPDATE batch.recall SET root_lot_id = (SELECT id FROM batch.material_lot WHERE lot_number = 'RPP-2611-001') WHERE number = 'RC-TAMPER-1'`,
          restore: `UPDATE batch.recall SET root_lot_id = (SELECT id FROM batch.material_lot WHERE lot_number = 'GSK-2611-001') WHERE number = 'RC-TAMPER-1'`,
        },
        {
          schema: 'quality', entityType: 'Inspection', entityId: passed, field: 'result', rowValue: 'FAIL', trailValue: 'PASS',
          change: `UPDATE quality.inspection SET result = 'FAIL' WHERE id = '${passed}'`,
          restore: `UPDATE quality.inspection SET result = 'PASS' WHERE id = '${passed}'`,
        },
        {
          schema: 'quality', entityType: 'QualityException', entityId: 'EX-2026-0041', field: 'severity', rowValue: 'MINOR', trailValue: 'MAJOR',
          change: `UPDATE quality.quality_exception SET severity = 'MINOR' WHERE number = 'EX-2026-0041'`,
          restore: `UPDATE quality.quality_exception SET severity = 'MAJOR' WHERE number = 'EX-2026-0041'`,
        },
        {
          schema: 'quality', entityType: 'LotDisposition', entityId: disposition, field: 'decision', rowValue: 'SCRAP', trailValue: 'USE_AS_IS', appendOnly: 'quality.lot_disposition',
          change: `UPDATE quality.lot_disposition SET decision = 'SCRAP'`,
          restore: `UPDATE quality.lot_disposition SET decision = 'USE_AS_IS'`,
        },
        {
          schema: 'quality', entityType: 'Specification', entityId: 'SPEC-AUDIT/1', field: 'status', rowValue: 'APPROVED', trailValue: 'DRAFT',
          change: `UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager' WHERE spec_number = 'SPEC-AUDIT'`,
          restore: `UPDATE quality.specification SET status = 'DRAFT', approved_by = NULL WHERE spec_number = 'SPEC-AUDIT'`,
        },
        {
          schema: 'capa', entityType: 'Capa', entityId: 'CAPA-2026-0017', field: 'status', rowValue: 'CLOSED', trailValue: 'INVESTIGATING',
          change: `UPDATE capa.capa SET status = 'CLOSED' WHERE number = 'CAPA-2026-0017'`,
          restore: `UPDATE capa.capa SET status = 'INVESTIGATING' WHERE number = 'CAPA-2026-0017'`,
        },
        {
          schema: 'compliance', entityType: 'User', entityId: 'qa.engineer', field: 'roles', rowValue: 'QA_ENGINEER; QA_MANAGER', trailValue: 'QA_ENGINEER',
          change: `UPDATE compliance.user_account SET roles = ARRAY['QA_ENGINEER', 'QA_MANAGER'] WHERE id = 'qa.engineer'`,
          restore: `UPDATE compliance.user_account SET roles = ARRAY['QA_ENGINEER'] WHERE id = 'qa.engineer'`,
        },
      ];
      const run = (t: Tampering, sql: string) => (t.appendOnly ? behindTheApplication(database(t.schema), sql, [], t.appendOnly) : database(t.schema).query(sql));
      for (const t of tamperings) {
        await run(t, t.change);
        const chain = (await verify()).find((candidate) => candidate.schema === t.schema)!;
        expect({ type: t.entityType, ok: chain.ok, firstBroken: chain.firstBroken, mismatches: chain.mismatches }).toEqual({
          type: t.entityType,
          ok: false,
          firstBroken: null,
          mismatches: [
            {
              entityType: t.entityType, entityId: t.entityId, field: t.field, rowValue: t.rowValue, trailValue: t.trailValue, seq: expect.any(Number),
              reason: `${t.entityType} ${t.entityId}: ${t.field} is ${t.rowValue} in its row, but ${t.trailValue} per its audit trail (entry ${chain.mismatches[0]?.seq}): the row was changed outside LotGraph`,
            },
          ],
        });
        await run(t, t.restore);
      }
      for (const chain of await verify()) expect({ schema: chain.schema, ok: chain.ok }).toEqual({ schema: chain.schema, ok: true });
    });

    it('names a specification whose limits were changed by SQL, limit by limit as its trail records them', async () => {
      const quality = database('quality');
      const limits = `UPDATE quality.spec_parameter SET usl = $1 WHERE specification_id = (SELECT id FROM quality.specification WHERE spec_number = 'SPEC-AUDIT')`;
      await quality.query(limits, [250]);
      const [mismatch] = (await verify()).find((chain) => chain.schema === 'quality')!.mismatches;
      expect(mismatch).toMatchObject({ entityType: 'Specification', entityId: 'SPEC-AUDIT/1', field: 'parameters', rowValue: expect.stringContaining('"usl":250'), trailValue: expect.stringContaining('"usl":240') });
      await quality.query(limits, [240]);
      expect((await verify()).find((chain) => chain.schema === 'quality')!.ok).toBe(true);
    });

    it('verifies the demo plant loaded again over records changed since, and a second load changes nothing', async () => {
      // Demo records changed as people change them: a pending result completed, an account disabled; the recall moved lots.
      await as('qc.inspector', `mutation { recordInspection(input: { lotNumber: "SYR3-2611-0008", sampleId: "LS-2611-0171", stage: FINAL,
        testName: "EO sterilisation, biological indicators (ISO 11135)", result: PASS, attributeValue: "No growth in 10 of 10 indicators" }) { result } }`);
      await as('admin', `mutation { disableUser(userId: "operator", reason: "Left the plant") { enabled } }`);
      await seedDemoPlant(graph.hub.databases);
      for (const chain of await verify()) expect({ schema: chain.schema, ok: chain.ok, mismatches: chain.mismatches }).toEqual({ schema: chain.schema, ok: true, mismatches: [] });
      const [{ result }] = await database('quality').query(`SELECT result FROM quality.inspection WHERE id = $1`, [inspection]);
      expect(result).toBe('PENDING');
      const history = (await graph.query<{ auditTrail: Array<{ action: string; actor: { id: string }; changes: Array<{ field: string; old: string | null; new: string | null }> }> }>(
        `{ auditTrail(entityType: "Inspection", entityId: "${inspection}") { action actor { id } changes { field old new } } }`, { token: graph.tokenFor('auditor') },
      )).data!.auditTrail;
      expect(history.map((entry) => entry.action)).toEqual(['CREATE', 'COMPLETE_INSPECTION', 'DEMO_RESET']);
      expect(history[2]).toMatchObject({ actor: { id: 'lotgraph.demo' } });
      expect(history[2].changes).toContainEqual({ field: 'result', old: 'PASS', new: 'PENDING' });

      const counts = async () => Promise.all((['batch', 'quality', 'capa', 'compliance'] as const).map(async (schema) => (await database(schema).query(`SELECT count(*)::int AS n FROM "${schema}".audit_entry`))[0].n));
      const before = await counts();
      await seedDemoPlant(graph.hub.databases);
      expect(await counts()).toEqual(before);
    });
  });
});
