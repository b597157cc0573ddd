import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { AuditedRecordType } from '@lotgraph/schema';
import { createAuditTable, createSubgraphDatabase, createTestDatabase, reconcileAll, reconcileRecords, sameValue, type SubgraphDatabase, type TestDatabase } from '../src';
import { writeEntry } from './support/audit-trails';

// A test schema rather than a subgraph's: the reconciler takes any schema its declarations name.
const type = { schema: 'reconcile_test', entityType: 'Gadget', table: 'gadget', key: 'code', fields: { status: 'status', quantity: 'quantity', checkedAt: 'checked_at' } } as unknown as AuditedRecordType;

class CreateGadgets1764100000000 implements MigrationInterface {
  name = 'CreateGadgets1764100000000';
  async up(db: QueryRunner) {
    await createAuditTable(db, 'reconcile_test');
    await db.query(`CREATE TABLE reconcile_test.gadget (code text PRIMARY KEY, status text NOT NULL, quantity numeric(18, 6) NOT NULL, checked_at timestamptz)`);
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

  it('walks a table larger than a page', async () => {
    await database.dataSource.query(`INSERT INTO reconcile_test.gadget SELECT 'P-' || lpad(n::text, 4, '0'), 'ACTIVE', n, NULL FROM generate_series(1, 1200) n`);
    const { mismatches, total } = await reconcileAll(database.dataSource, type, 5);
    expect(total).toBe(1200);
    expect(mismatches.map((m) => m.entityId)).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005']);
  });
});
