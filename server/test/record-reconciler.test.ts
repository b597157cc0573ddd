import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { AuditedRecordType } from '@lotgraph/schema';
import { AuditTrail, auditLoadedRecord, createAuditTable, createSubgraphDatabase, createTestDatabase, reconcileAll, reconcileRecords, recordStates, sameValue, type SubgraphDatabase, type TestDatabase } from '../src';
import { writeEntry } from './support/audit-trails';

// A test schema rather than a subgraph's: the reconciler takes any schema its declarations name.
const type = { schema: 'reconcile_test', entityType: 'Gadget', table: 'gadget', key: 'code', fields: { status: 'status', quantity: 'quantity', checkedAt: 'checked_at' } } as unknown as AuditedRecordType;
// A record keyed and described by expressions over its own and another table (as a disposition, a user's roles).
const OWNER_CODE = '(SELECT o.code FROM reconcile_test.owner o WHERE o.id = assignment.owner_id)';
const assignment = {
  schema: 'reconcile_test', entityType: 'Assignment', table: 'assignment', key: `${OWNER_CODE} || '/' || assignment.slot`, fields: { owner: OWNER_CODE, roles: 'roles' },
} as unknown as AuditedRecordType;

class CreateGadgets1764100000000 implements MigrationInterface {
  name = 'CreateGadgets1764100000000';
  async up(db: QueryRunner) {
    await createAuditTable(db, 'reconcile_test');
    await db.query(`CREATE TABLE reconcile_test.gadget (code text PRIMARY KEY, status text NOT NULL, quantity numeric(18, 6) NOT NULL, checked_at timestamptz)`);
    await db.query(`CREATE TABLE reconcile_test.owner (id int PRIMARY KEY, code text NOT NULL)`);
    await db.query(`CREATE TABLE reconcile_test.assignment (owner_id int NOT NULL, slot int NOT NULL, roles text[] NOT NULL)`);
  }
  async down() {}
}

describe('records reconciled with their audit trail', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;

  const create = async (code: string, status: string, quantity: number, checkedAt: string | null = null) => {
    await database.dataSource.query(`INSERT INTO reconcile_test.gadget VALUES ($1, $2, $3, $4)`, [code, status, quantity, checkedAt]);
    await writeEntry(database, 'reconcile_test', { action: 'CREATE', entityType: 'Gadget', entityId: code, changes: { status: { new: status }, quantity: { new: quantity }, checkedAt: { new: checkedAt } } });
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = createSubgraphDatabase({ ...testDb, schema: 'reconcile_test', entities: [], migrations: [CreateGadgets1764100000000] });
    await database.migrate();
    await create('G-1', 'ACTIVE', 48000, '2026-11-20T08:00:00.000Z');
    await create('G-2', 'ACTIVE', 12.5);
    await writeEntry(database, 'reconcile_test', { action: 'UPDATE', entityType: 'Gadget', entityId: 'G-2', changes: { status: { old: 'ACTIVE', new: 'RETIRED' } } });
    await database.dataSource.query(`UPDATE reconcile_test.gadget SET status = 'RETIRED' WHERE code = 'G-2'`);
    // An entry that only names a field's old value (a refusal) says nothing about what the record became.
    await writeEntry(database, 'reconcile_test', { action: 'USE_REFUSED', entityType: 'Gadget', entityId: 'G-2', changes: { status: { old: 'ACTIVE' } } });
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('finds nothing when every row says what its last entries set: numbers by value, instants by time', async () => {
    expect(await reconcileAll(database.dataSource, type)).toEqual({ mismatches: [], total: 0 });
    expect(sameValue(48000, '48000.000000')).toBe(true);
    expect(sameValue('2026-11-20T08:00:00+00:00', '2026-11-20T08:00:00.000Z')).toBe(true);
    expect(sameValue('ON_HOLD', 'RELEASED')).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
  });

  it('names the record, field, both values and the entry for a row changed behind the trail', async () => {
    await database.dataSource.query(`UPDATE reconcile_test.gadget SET quantity = 47000, checked_at = '2026-11-21T08:00:00Z' WHERE code = 'G-1'`);
    const found = await reconcileRecords(database.dataSource, type, ['G-1', 'G-2']);
    expect(found).toEqual([
      { entityType: 'Gadget', entityId: 'G-1', field: 'quantity', rowValue: '47000', trailValue: '48000', seq: 1, reason: 'Gadget G-1: quantity is 47000 in its row, but 48000 per its audit trail (entry 1): the row was changed outside LotGraph' },
      expect.objectContaining({ entityId: 'G-1', field: 'checkedAt', rowValue: expect.stringMatching(/^2026-11-21T08:00:00/), trailValue: '2026-11-20T08:00:00.000Z', seq: 1 }),
    ]);
  });

  it('names a row without entries and entries without a row, and counts past the listed limit', async () => {
    await database.dataSource.query(`INSERT INTO reconcile_test.gadget VALUES ('G-3', 'ACTIVE', 1, NULL)`);
    await database.dataSource.query(`DELETE FROM reconcile_test.gadget WHERE code = 'G-2'`);
    const all = await reconcileAll(database.dataSource, type);
    expect(all).toEqual({
      total: 2,
      mismatches: [
        { entityType: 'Gadget', entityId: 'G-3', field: null, rowValue: null, trailValue: null, seq: null, reason: 'Gadget G-3 has no audit entry: it was written outside LotGraph' },
        { entityType: 'Gadget', entityId: 'G-2', field: null, rowValue: null, trailValue: null, seq: null, reason: 'Gadget G-2 has audit entries but no row: it was deleted outside LotGraph' },
      ],
    });
    expect(await reconcileAll(database.dataSource, type, 1)).toEqual({ total: 2, mismatches: [all.mismatches[0]] });
  });

  it('takes no entry that sets none of the fields for the record written: refusals name records that need not exist', async () => {
    await writeEntry(database, 'reconcile_test', { action: 'LOGIN_FAILED', entityType: 'Gadget', entityId: 'G-9', changes: {} });
    expect(await reconcileAll(database.dataSource, type)).toEqual({ mismatches: [], total: 0 });
    await database.dataSource.query(`INSERT INTO reconcile_test.gadget VALUES ('G-9', 'ACTIVE', 1, NULL)`);
    expect((await reconcileAll(database.dataSource, type)).mismatches).toEqual([
      expect.objectContaining({ entityId: 'G-9', field: null, reason: 'Gadget G-9 has no audit entry that set its fields: it was written outside LotGraph' }),
    ]);
  });

  it('keys and reads a record by SQL expressions over other tables, lists by their text', async () => {
    await database.dataSource.query(`INSERT INTO reconcile_test.owner VALUES (1, 'A'), (2, 'B')`);
    await database.dataSource.query(`INSERT INTO reconcile_test.assignment VALUES (1, 1, ARRAY['QA_ENGINEER', 'ADMIN'])`);
    await writeEntry(database, 'reconcile_test', { action: 'CREATE', entityType: 'Assignment', entityId: 'A/1', changes: { owner: { new: 'A' }, roles: { new: ['QA_ENGINEER', 'ADMIN'] } } });
    expect(await reconcileAll(database.dataSource, assignment)).toEqual({ mismatches: [], total: 0 });
    expect(await recordStates(database.dataSource, assignment, ['A/1'])).toEqual(new Map([['A/1', { owner: 'A', roles: ['QA_ENGINEER', 'ADMIN'] }]]));

    await database.dataSource.query(`UPDATE reconcile_test.assignment SET roles = ARRAY['ADMIN', 'QA_ENGINEER']`);
    expect((await reconcileAll(database.dataSource, assignment)).mismatches).toEqual([
      expect.objectContaining({ entityId: 'A/1', field: 'roles', rowValue: 'ADMIN; QA_ENGINEER', trailValue: 'QA_ENGINEER; ADMIN' }),
    ]);
    await database.dataSource.query(`UPDATE reconcile_test.assignment SET owner_id = 2`);
    expect((await reconcileAll(database.dataSource, assignment)).mismatches.map((m) => [m.entityId, m.reason])).toEqual([
      ['B/1', 'Assignment B/1 has no audit entry: it was written outside LotGraph'],
      ['A/1', 'Assignment A/1 has audit entries but no row: it was deleted outside LotGraph'],
    ]);
  });

  it('audits what a loader wrote: every field of a new record, only what a reload changed back, and refuses a loader that audits another value', async () => {
    const trail = new AuditTrail(database.dataSource, 'reconcile_test');
    const entries = async () => (await database.dataSource.query(`SELECT action, entity_id, changes FROM reconcile_test.audit_entry WHERE entity_id = 'G-5' ORDER BY seq`)) as Array<{ action: string; changes: unknown }>;
    const load = (status: string, quantity: number, audited = { status, quantity }) =>
      database.dataSource.transaction(async (manager) => {
        const before = (await recordStates(manager, type, ['G-5'])).get('G-5') ?? null;
        await manager.query(`INSERT INTO reconcile_test.gadget VALUES ('G-5', $1, $2, NULL) ON CONFLICT (code) DO UPDATE SET status = $1, quantity = $2`, [status, quantity]);
        await auditLoadedRecord(trail, manager, type, { entityId: 'G-5', values: audited, before });
      });
    await load('ACTIVE', 10);
    await load('ACTIVE', 10);
    // Changed as the application changes it, then put back by a reload: what it was and what it became.
    await writeEntry(database, 'reconcile_test', { action: 'CONSUME', entityType: 'Gadget', entityId: 'G-5', changes: { quantity: { old: 10, new: 7 } } });
    await database.dataSource.query(`UPDATE reconcile_test.gadget SET quantity = 7 WHERE code = 'G-5'`);
    await load('ACTIVE', 10);
    // Changed behind the trail: the reload puts back what the trail says, nothing to add to it.
    await database.dataSource.query(`UPDATE reconcile_test.gadget SET quantity = 3 WHERE code = 'G-5'`);
    await load('ACTIVE', 10);
    expect(await entries()).toEqual([
      { action: 'CREATE', entity_id: 'G-5', changes: { status: { new: 'ACTIVE' }, quantity: { new: 10 } } },
      { action: 'CONSUME', entity_id: 'G-5', changes: { quantity: { old: 10, new: 7 } } },
      { action: 'DEMO_RESET', entity_id: 'G-5', changes: { quantity: { old: 7, new: 10 } } },
    ]);
    await expect(load('RETIRED', 10, { status: 'ACTIVE', quantity: 10 })).rejects.toThrow(/^the demo loader wrote Gadget G-5 other than it audited it: Gadget G-5: status is RETIRED in its row, but ACTIVE per its audit trail/);
    expect(await reconcileAll(database.dataSource, type)).toEqual({ mismatches: [], total: 0 });
  });

  it('walks a table larger than a page', async () => {
    await database.dataSource.query(`INSERT INTO reconcile_test.gadget SELECT 'P-' || lpad(n::text, 4, '0'), 'ACTIVE', n, NULL FROM generate_series(1, 1200) n`);
    const { mismatches, total } = await reconcileAll(database.dataSource, type, 5);
    expect(total).toBe(1200);
    expect(mismatches.map((m) => m.entityId)).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005']);
  });
});
