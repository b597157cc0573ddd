import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import {
  Outbox,
  OutboxDispatcher,
  createOutboxTable,
  createSubgraphDatabase,
  createTestDatabase,
  type OutboxDelivery,
  type OutboxMessage,
  type SubgraphDatabase,
  type TestDatabase,
} from '../src';

class CreateOutbox1764500000000 implements MigrationInterface {
  name = 'CreateOutbox1764500000000';
  async up(db: QueryRunner) {
    await createOutboxTable(db, 'outbox_test');
    // What the receiving domain keeps: one row per hold, whatever number of times it is asked.
    await db.query(`CREATE TABLE outbox_test.hold (lot text PRIMARY KEY, times_asked int NOT NULL)`);
    await db.query(`CREATE TABLE outbox_test.note (text text NOT NULL)`);
  }
  async down() {}
}

describe('transactional outbox', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let outbox: Outbox;
  const dispatchers: OutboxDispatcher[] = [];

  /** The receiving side: holding a held lot changes nothing but the count of times it was asked. */
  const hold = async (message: OutboxMessage) => {
    await database.dataSource.query(
      `INSERT INTO outbox_test.hold (lot, times_asked) VALUES ($1, 1) ON CONFLICT (lot) DO UPDATE SET times_asked = outbox_test.hold.times_asked + 1`,
      [message.payload.lot],
    );
  };
  const holds = async () =>
    ((await database.dataSource.query(`SELECT lot, times_asked FROM outbox_test.hold ORDER BY lot`)) as Array<{ lot: string; times_asked: number }>).map(
      (row) => [row.lot, Number(row.times_asked)],
    );
  const dispatcher = (delivery: OutboxDelivery, options = {}) => {
    const created = new OutboxDispatcher(outbox, delivery, { backoffMs: () => 0, ...options });
    dispatchers.push(created);
    return created;
  };
  const enqueueHolds = (lots: string[], manager: EntityManager) =>
    Promise.all(lots.map((lot) => outbox.enqueue(manager, { topic: 'hold', key: `hold:EX-1:${lot}`, subject: 'EX-1', payload: { lot } })));

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = createSubgraphDatabase({ ...testDb, schema: 'outbox_test', entities: [], migrations: [CreateOutbox1764500000000] });
    await database.migrate();
    outbox = new Outbox(database.dataSource, 'outbox_test');
  });

  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop();
    await database.close();
    await testDb.drop();
  });

  it('keeps a message only when the transaction that wrote it commits, and a key once', async () => {
    await expect(
      database.dataSource.transaction(async (manager) => {
        await enqueueHolds(['L1'], manager);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox.countUndelivered()).toBe(0);

    const added = await database.dataSource.transaction(async (manager) => [
      await outbox.enqueue(manager, { topic: 'hold', key: 'hold:EX-1:L1', payload: { lot: 'L1' } }),
      await outbox.enqueue(manager, { topic: 'hold', key: 'hold:EX-1:L1', payload: { lot: 'L1' } }),
    ]);
    expect(added).toEqual([true, false]);
    expect(await outbox.countUndelivered()).toBe(1);
  });

  it('delivers due messages in order, marks them delivered together with what the delivery completes', async () => {
    await database.dataSource.transaction((manager) => enqueueHolds(['L1', 'L2', 'L3'], manager));
    const d = dispatcher({
      deliver: hold,
      delivered: async (manager, message) => {
        await manager.query(`INSERT INTO outbox_test.note (text) VALUES ($1)`, [`delivered ${String(message.payload.lot)}`]);
      },
    });
    expect(await d.runOnce()).toBe(3);
    expect(await holds()).toEqual([['L1', 1], ['L2', 1], ['L3', 1]]);
    const messages = await outbox.findBySubject(['EX-1']);
    expect(messages.map((m) => [m.key, m.attempts, m.deliveredAt !== null, m.lastError])).toEqual([
      ['hold:EX-1:L1', 1, true, null],
      ['hold:EX-1:L2', 1, true, null],
      ['hold:EX-1:L3', 1, true, null],
    ]);
    expect(await database.dataSource.query(`SELECT text FROM outbox_test.note ORDER BY text`)).toEqual([
      { text: 'delivered L1' },
      { text: 'delivered L2' },
      { text: 'delivered L3' },
    ]);
    expect(await d.runOnce()).toBe(0);
  });

  it('keeps attempts, the last error and the next attempt time while the receiver is down, and delivers once it is back', async () => {
    await database.dataSource.transaction((manager) => enqueueHolds(['L1'], manager));
    let receiverUp = false;
    const d = dispatcher(
      { deliver: async (message) => (receiverUp ? hold(message) : Promise.reject(new Error('batch did not answer: ECONNREFUSED'))) },
      { backoffMs: (attempts: number) => (attempts >= 2 ? 60_000 : 0) },
    );
    expect(await d.runOnce()).toBe(0);
    expect(await d.runOnce()).toBe(0);
    const failed = (await outbox.findByKey('hold:EX-1:L1'))!;
    expect(failed).toMatchObject({ attempts: 2, lastError: 'batch did not answer: ECONNREFUSED', deliveredAt: null });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    receiverUp = true;
    expect(await d.runOnce()).toBe(0); // not due yet: the backoff is kept
    await database.dataSource.query(`UPDATE outbox_test.outbox_message SET next_attempt_at = now()`);
    expect(await d.runOnce()).toBe(1);
    expect(await holds()).toEqual([['L1', 1]]);
    expect((await outbox.findByKey('hold:EX-1:L1'))!).toMatchObject({ attempts: 3, lastError: null });
  });

  it('a crash between delivering and marking delivered loses nothing: a new dispatcher delivers again, and an idempotent receiver changes once', async () => {
    await database.dataSource.transaction((manager) => enqueueHolds(['L1', 'L2', 'L3'], manager));
    let delivered = 0;
    const crashing = dispatcher(
      {
        deliver: async (message) => {
          await hold(message);
          delivered += 1;
          if (delivered === 2) throw new Error('process killed before the delivery was marked');
        },
      },
      { leaseMs: 0 },
    );
    await crashing.runOnce();
    await crashing.stop();
    expect((await outbox.findBySubject(['EX-1'])).map((m) => m.deliveredAt !== null)).toEqual([true, false, true]);

    const restarted = dispatcher({ deliver: hold });
    expect(await restarted.runOnce()).toBe(1);
    expect(await outbox.countUndelivered()).toBe(0);
    // L2 was asked twice; a held lot held again is still held once.
    expect(await holds()).toEqual([['L1', 1], ['L2', 2], ['L3', 1]]);
  });

  it('leaves a claimed message to its dispatcher until the lease runs out, then any dispatcher takes it', async () => {
    await database.dataSource.transaction((manager) => enqueueHolds(['L1'], manager));
    const [claimed] = await outbox.claimDue(10, 60_000); // a dispatcher that died right after claiming
    expect(claimed.attempts).toBe(1);
    const d = dispatcher({ deliver: hold });
    expect(await d.runOnce()).toBe(0);
    await database.dataSource.query(`UPDATE outbox_test.outbox_message SET next_attempt_at = now()`);
    expect(await d.runOnce()).toBe(1);
  });

  it('two dispatchers at once deliver each message once', async () => {
    const lots = Array.from({ length: 12 }, (_, i) => `L${String(i).padStart(2, '0')}`);
    await database.dataSource.transaction((manager) => enqueueHolds(lots, manager));
    const a = dispatcher({ deliver: hold }, { batchSize: 3 });
    const b = dispatcher({ deliver: hold }, { batchSize: 3 });
    const [fromA, fromB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(fromA + fromB).toBe(12);
    expect(await holds()).toEqual(lots.map((lot) => [lot, 1]));
  });

  it('a dispatcher for some topics leaves the other topics to theirs', async () => {
    await database.dataSource.transaction(async (manager) => {
      await enqueueHolds(['L1', 'L2'], manager);
      await outbox.enqueue(manager, { topic: 'note', key: 'note:1', subject: 'N-1', payload: { text: 'slow receiver' } });
    });
    const notes: string[] = [];
    const holding = dispatcher({ deliver: hold }, { topics: ['hold'] });
    expect(await holding.runOnce()).toBe(2);
    expect((await outbox.findBySubject(['EX-1'])).every((m) => m.deliveredAt !== null)).toBe(true);
    expect((await outbox.findBySubject(['N-1']))[0]).toMatchObject({ attempts: 0, deliveredAt: null });
    const noting = dispatcher({ deliver: (m) => Promise.resolve(void notes.push(String(m.payload.text))) }, { topics: ['note'] });
    expect(await noting.runOnce()).toBe(1);
    expect(notes).toEqual(['slow receiver']);
    expect(await holds()).toEqual([['L1', 1], ['L2', 1]]);
  });

  it('started, delivers what is enqueued when woken, and stops', async () => {
    const d = dispatcher({ deliver: hold }, { pollMs: 60_000 });
    d.start();
    await database.dataSource.transaction((manager) => enqueueHolds(['L1'], manager));
    d.wake();
    for (let i = 0; i < 100 && (await outbox.countUndelivered()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await holds()).toEqual([['L1', 1]]);
    await d.stop();
  });

  it('refuses to delete or truncate messages', async () => {
    await database.dataSource.transaction((manager) => enqueueHolds(['L1'], manager));
    await expect(database.dataSource.query(`DELETE FROM outbox_test.outbox_message`)).rejects.toThrow(/outbox_message is kept: DELETE/);
    await expect(database.dataSource.query(`TRUNCATE outbox_test.outbox_message`)).rejects.toThrow(/outbox_message is kept: TRUNCATE/);
  });
});
