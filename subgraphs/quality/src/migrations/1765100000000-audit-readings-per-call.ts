import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly } from '@lotgraph/server';

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
    await db.query(`
      CREATE FUNCTION quality.specification_is_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'specification versions are kept: % is refused; approve a new version instead', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query('CREATE TRIGGER specification_no_delete BEFORE DELETE ON quality.specification FOR EACH ROW EXECUTE FUNCTION quality.specification_is_kept()');
    await db.query('CREATE TRIGGER specification_no_truncate BEFORE TRUNCATE ON quality.specification FOR EACH STATEMENT EXECUTE FUNCTION quality.specification_is_kept()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER specification_no_delete ON quality.specification');
    await db.query('DROP TRIGGER specification_no_truncate ON quality.specification');
    await db.query('DROP FUNCTION quality.specification_is_kept()');
    await db.query('DROP TRIGGER process_reading_no_update_or_delete ON quality.process_reading');
    await db.query('DROP TRIGGER process_reading_no_truncate ON quality.process_reading');
    await db.query('DROP FUNCTION quality.process_reading_is_append_only()');
    await db.query('ALTER TABLE quality.process_reading ADD CONSTRAINT process_reading_specification_id_fkey FOREIGN KEY (specification_id) REFERENCES quality.specification (id)');
    await db.query('ALTER TABLE quality.process_reading DROP COLUMN batch_id');
  }
}
