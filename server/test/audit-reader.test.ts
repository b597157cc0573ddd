import { AuditReader, createTestDatabase, type SubgraphDatabase, type TestDatabase } from '../src';
import { OPERATOR, auditTablesDatabase, tick, writeEntry } from './support/audit-trails';

describe('reading every subgraph\'s audit trail from one database', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let reader: AuditReader;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = auditTablesDatabase(testDb, 'reader_test', ['alpha', 'beta']);
    await database.migrate();
    reader = new AuditReader(database.dataSource, ['alpha', 'beta']);
    await writeEntry(database, 'beta', { action: 'RECEIVE', entityType: 'Lot', entityId: 'L-1', changes: { quantity: { new: 100 } } });
    await tick();
    await writeEntry(database, 'alpha', { actor: OPERATOR, action: 'MOVE', entityType: 'Lot', entityId: 'L-1', changes: { storageLocation: { old: 'A', new: 'B' } } });
    await writeEntry(database, 'alpha', { action: 'MOVE', entityType: 'Lot', entityId: 'L-2', changes: { storageLocation: { old: 'A', new: 'C' } } });
    await tick();
    await writeEntry(database, 'beta', { action: 'HOLD', entityType: 'Lot', entityId: 'L-1', changes: { status: { old: 'RELEASED', new: 'ON_HOLD' } }, reason: 'EX-1' });
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('gives a record\'s entries from every trail in the order they were recorded', async () => {
    const entries = await reader.entriesFor('Lot', 'L-1');
    expect(entries.map((e) => [e.chain, e.seq, e.action, e.actorId])).toEqual([
      ['beta', 1, 'RECEIVE', 'qa.manager'],
      ['alpha', 1, 'MOVE', 'operator'],
      ['beta', 2, 'HOLD', 'qa.manager'],
    ]);
    expect(await reader.entriesFor('Lot', 'L-9')).toEqual([]);
  });

  it('verifies every chain and names the first broken entry of the one someone edited', async () => {
    expect(await reader.verifyAll()).toEqual([
      expect.objectContaining({ schema: 'alpha', ok: true, count: 2, headSeq: 2, firstBroken: null }),
      expect.objectContaining({ schema: 'beta', ok: true, count: 2, headSeq: 2, firstBroken: null }),
    ]);
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE beta.audit_entry DISABLE TRIGGER USER');
      await manager.query(`UPDATE beta.audit_entry SET reason = NULL WHERE seq = 2`);
      await manager.query('ALTER TABLE beta.audit_entry ENABLE TRIGGER USER');
    });
    const [alpha, beta] = await reader.verifyAll();
    expect(alpha.ok).toBe(true);
    expect(beta).toMatchObject({ schema: 'beta', ok: false, count: 1, headSeq: 1, firstBroken: { seq: 2, reason: 'entry 2 was changed after it was written: its content no longer matches its hash' } });
  });

  it('reports a trail whose table is gone instead of skipping it', async () => {
    await database.dataSource.query('DROP TABLE alpha.audit_entry');
    const [alpha, beta] = await reader.verifyAll();
    expect(alpha).toMatchObject({ schema: 'alpha', ok: false, count: 0, firstBroken: { seq: 1, reason: 'the audit table alpha.audit_entry does not exist' } });
    expect(beta.ok).toBe(true);
    expect((await reader.entriesFor('Lot', 'L-1')).map((e) => e.chain)).toEqual(['beta', 'beta']);
  });
});
