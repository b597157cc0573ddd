import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Column, Entity, PrimaryGeneratedColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createSubgraphDatabase } from '../src/database/data-source';

@Entity({ name: 'counter' })
class CounterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean', default: false })
  active: boolean;
}

class CreateCounter1700000000000 implements MigrationInterface {
  name = 'CreateCounter1700000000000';
  async up(db: QueryRunner) {
    await db.query(`CREATE TABLE probe.counter (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, active boolean NOT NULL DEFAULT false)`);
  }
  async down(db: QueryRunner) {
    await db.query('DROP TABLE probe.counter');
  }
}

const options = (dataDir: string) => ({ dataDir, schema: 'probe', entities: [CounterEntity], migrations: [CreateCounter1700000000000] });

@Entity({ name: 'note' })
class NoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  text: string;
}

class CreateNote1700000000001 implements MigrationInterface {
  name = 'CreateNote1700000000001';
  async up(db: QueryRunner) {
    await db.query(`CREATE TABLE other.note (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), text text NOT NULL)`);
  }
  async down(db: QueryRunner) {
    await db.query('DROP TABLE other.note');
  }
}

describe('the embedded PGlite database', () => {
  it('keeps concurrent transactions apart: a rollback takes back only its own writes', async () => {
    const db = createSubgraphDatabase(options('memory://isolation'));
    await db.migrate();
    const repo = () => db.dataSource.getRepository(CounterEntity);
    const failing = db.dataSource.transaction(async (manager) => {
      await manager.getRepository(CounterEntity).save({ name: 'rolled-back' });
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort');
    });
    const committed = Promise.all(
      Array.from({ length: 5 }, (_, i) => db.dataSource.transaction((manager) => manager.getRepository(CounterEntity).save({ name: `kept-${i}`, active: i % 2 === 0 }))),
    );
    await expect(failing).rejects.toThrow('abort');
    await committed;
    const names = (await repo().find()).map((row) => row.name).sort();
    expect(names).toEqual(['kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4']);
    expect(await repo().countBy({ active: true })).toBe(3);
    await db.close();
  });

  it('keeps two subgraphs sharing one embedded database apart: one\'s rollback never takes the other\'s writes', async () => {
    const first = createSubgraphDatabase(options('memory://shared'));
    const second = createSubgraphDatabase({ dataDir: 'memory://shared', schema: 'other', entities: [NoteEntity], migrations: [CreateNote1700000000001] });
    await first.migrate();
    await second.migrate();
    const failing = first.dataSource.transaction(async (manager) => {
      await manager.getRepository(CounterEntity).save({ name: 'rolled-back' });
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort');
    });
    const written = second.dataSource.getRepository(NoteEntity).save({ text: 'kept' });
    await expect(failing).rejects.toThrow('abort');
    await written;
    expect((await second.dataSource.getRepository(NoteEntity).find()).map((n) => n.text)).toEqual(['kept']);
    expect(await first.dataSource.getRepository(CounterEntity).count()).toBe(0);
    await first.close();
    // The instance stays open for the other subgraph until its last user closes.
    expect(await second.dataSource.getRepository(NoteEntity).count()).toBe(1);
    await second.close();
  });

  it('persists to its data directory and refuses a second process on the same directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-'));
    const dataDir = path.join(dir, 'data');
    try {
      const first = createSubgraphDatabase(options(dataDir));
      await first.migrate();
      await first.dataSource.getRepository(CounterEntity).save({ name: 'durable' });
      await first.close();

      const reopened = createSubgraphDatabase(options(dataDir));
      expect(await reopened.migrate()).toEqual([]);
      expect((await reopened.dataSource.getRepository(CounterEntity).find()).map((r) => r.name)).toEqual(['durable']);
      await reopened.close();

      // A live process (this test's parent) holding the lock: the database is refused with the reason.
      writeFileSync(`${dataDir}.lock`, String(process.ppid));
      const second = createSubgraphDatabase(options(dataDir));
      await expect(second.migrate()).rejects.toThrow(`The embedded database at ${dataDir} is in use by process ${process.ppid}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
