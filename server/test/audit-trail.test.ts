import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditTrail, createAuditTable, createSubgraphDatabase, createTestDatabase, type Identity, type SubgraphDatabase, type TestDatabase } from '../src';

class CreateAudit1764100000000 implements MigrationInterface {
  name = 'CreateAudit1764100000000';
  up(db: QueryRunner) {
    return createAuditTable(db, 'audit_test');
  }
  async down() {}
}

const QA: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

describe('the hash-chained audit trail', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let trail: AuditTrail;

  const write = (n: number) =>
    database.dataSource.transaction(async (manager) => {
      for (let i = 1; i <= n; i += 1) {
        await trail.record(manager, { actor: QA, action: 'UPDATE', entityType: 'Lot', entityId: `lot-${i}`, changes: { status: { old: 'QUARANTINE', new: 'RELEASED' } }, reason: `release ${i}`, requestId: `req-${i}` });
      }
    });

  /** What an attacker with DBA rights does: switch the protection off, change rows, switch it on again. */
  const tamper = (sql: string) =>
    database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_test.audit_entry DISABLE TRIGGER USER');
      await manager.query(sql);
      await manager.query('ALTER TABLE audit_test.audit_entry ENABLE TRIGGER USER');
    });

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = createSubgraphDatabase({ ...testDb, schema: 'audit_test', entities: [], migrations: [CreateAudit1764100000000] });
    await database.migrate();
    trail = new AuditTrail(database.dataSource, 'audit_test');
    await write(6);
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('chains every entry to the one before and verifies a chain nobody touched', async () => {
    const result = await trail.verify();
    expect(result).toMatchObject({ ok: true, count: 6, firstBroken: null });
    const [entry] = await trail.entriesFor('Lot', 'lot-3');
    expect(entry).toMatchObject({ seq: 3, actorId: 'qa.manager', actorRoles: ['QA_MANAGER'], reason: 'release 3', requestId: 'req-3', changes: { status: { old: 'QUARANTINE', new: 'RELEASED' } } });
    expect(result.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('appends many entries in one statement as the same chain, which verifies and reads back entry by entry', async () => {
    const changes = { value: { new: 230.1 }, measuredAt: { new: new Date('2026-11-20T08:00:00Z') }, note: { new: 'quote " and back\\slash' } };
    const written = await database.dataSource.transaction((manager) =>
      trail.recordMany(manager, [1, 2, 3].map((i) => ({ actor: QA, action: 'RECORD_READING', entityType: 'Reading', entityId: `r-${i}`, changes, reason: i === 2 ? null : `bulk ${i}` }))),
    );
    expect(written.map((e) => e.seq)).toEqual([7, 8, 9]);
    await write(1);
    expect(await trail.verify()).toMatchObject({ ok: true, count: 10, firstBroken: null });
    const [entry] = await trail.entriesFor('Reading', 'r-2');
    expect(entry).toMatchObject({ seq: 8, reason: null, changes: { value: { new: 230.1 }, measuredAt: { new: '2026-11-20T08:00:00.000Z' }, note: { new: 'quote " and back\\slash' } } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(database.dataSource.query(`UPDATE audit_test.audit_entry SET reason = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(database.dataSource.query(`DELETE FROM audit_test.audit_entry WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE/);
    await expect(database.dataSource.query(`TRUNCATE audit_test.audit_entry`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await trail.verify()).ok).toBe(true);
  });

  it('names the first entry edited behind its back', async () => {
    await tamper(`UPDATE audit_test.audit_entry SET reason = 'nothing to see' WHERE seq IN (4, 5)`);
    expect((await trail.verify()).firstBroken).toEqual({ seq: 4, reason: 'entry 4 was changed after it was written: its content no longer matches its hash' });
  });

  it('names the first entry missing after a delete', async () => {
    await tamper(`DELETE FROM audit_test.audit_entry WHERE seq = 3`);
    expect((await trail.verify()).firstBroken).toEqual({ seq: 3, reason: 'entry 3 is missing: the entry after 2 is 4' });
  });

  it('names the first entry out of place after two entries are swapped', async () => {
    await tamper(`UPDATE audit_test.audit_entry SET seq = -seq WHERE seq IN (2, 5)`);
    await tamper(`UPDATE audit_test.audit_entry SET seq = CASE seq WHEN -2 THEN 5 ELSE 2 END WHERE seq IN (-2, -5)`);
    expect((await trail.verify()).firstBroken).toEqual({ seq: 2, reason: 'entry 2 does not follow entry 1: entries were removed, inserted or reordered' });
  });

  it('names an entry inserted into the chain', async () => {
    // Make room after entry 3 (in two steps, so no two rows ever share a number), then slip an entry in.
    await tamper(`UPDATE audit_test.audit_entry SET seq = seq + 100 WHERE seq >= 4`);
    await tamper(`UPDATE audit_test.audit_entry SET seq = seq - 99 WHERE seq >= 100`);
    await tamper(`INSERT INTO audit_test.audit_entry SELECT 4, recorded_at, 'intruder', actor_name, actor_roles, action, entity_type, entity_id, changes, reason, request_id, hash, hash FROM audit_test.audit_entry WHERE seq = 3`);
    expect((await trail.verify()).firstBroken).toEqual({ seq: 4, reason: 'entry 4 was changed after it was written: its content no longer matches its hash' });
  });

  it('writes nothing for a change that rolls back, and refuses to write outside a transaction', async () => {
    await expect(
      database.dataSource.transaction(async (manager) => {
        await trail.record(manager, { actor: QA, action: 'UPDATE', entityType: 'Lot', entityId: 'lot-x', changes: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await trail.entriesFor('Lot', 'lot-x')).toEqual([]);
    await expect(trail.record(database.dataSource.manager, { actor: QA, action: 'X', entityType: 'Lot', entityId: 'y', changes: {} })).rejects.toThrow(/inside the transaction/);
    expect((await trail.verify()).count).toBe(6);
  });
});
