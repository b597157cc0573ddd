import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropUndeletable, makeAppendOnly, makeUndeletable } from '@lotgraph/server';

/**
 * Readings are audited per ingest call: one hash-chained entry (entity ReadingBatch) holds every reading the call
 * stored, with its values, and each reading names its batch. The readings themselves become append-only, so the
 * entry and the rows it describes can never drift apart. The foreign key to the specification goes: it cost a
 * lookup per stored reading and the id always comes from the approved version the call read; instead the database
 * now refuses to delete a specification version, so no reading can lose the version that judged it (BENCHMARKS.md).
 */
export class AuditReadingsPerCall1765100000000 implements MigrationInterface {
  name = 'AuditReadingsPerCall1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE quality.process_reading ADD COLUMN batch_id uuid');
    await db.query('ALTER TABLE quality.process_reading DROP CONSTRAINT process_reading_specification_id_fkey');
    await makeAppendOnly(db, 'quality', 'process_reading');
    await makeUndeletable(db, 'quality', 'specification', 'specification versions are kept: % is refused; approve a new version instead');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropUndeletable(db, 'quality', 'specification');
    await db.query('DROP TRIGGER process_reading_no_update_or_delete ON quality.process_reading');
    await db.query('DROP TRIGGER process_reading_no_truncate ON quality.process_reading');
    await db.query('DROP FUNCTION quality.process_reading_is_append_only()');
    await db.query('ALTER TABLE quality.process_reading ADD CONSTRAINT process_reading_specification_id_fkey FOREIGN KEY (specification_id) REFERENCES quality.specification (id)');
    await db.query('ALTER TABLE quality.process_reading DROP COLUMN batch_id');
  }
}
