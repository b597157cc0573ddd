import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exception event log also carries CAPA events (capa.status-changed, capa.action-overdue) the capa domain
 * publishes through the graph: such an event names its CAPA and the capa outbox message's key (once per key), and
 * may name no single exception. Every event still concerns an exception or a CAPA. Down only works while the log
 * holds no CAPA event (the log is append-only: they cannot be removed).
 */
export class CapaEvents1765410000000 implements MigrationInterface {
  name = 'CapaEvents1765410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE quality.exception_event
      ALTER COLUMN exception_number DROP NOT NULL,
      ADD COLUMN capa_number text,
      ADD COLUMN event_key text,
      ADD CONSTRAINT exception_event_concerns CHECK (exception_number IS NOT NULL OR capa_number IS NOT NULL),
      ADD CONSTRAINT exception_event_capa_keyed CHECK ((capa_number IS NULL) = (event_key IS NULL))`);
    await db.query('CREATE UNIQUE INDEX exception_event_key ON quality.exception_event (event_key) WHERE event_key IS NOT NULL');
    await db.query('CREATE INDEX exception_event_capa_idx ON quality.exception_event (capa_number, id) WHERE capa_number IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX quality.exception_event_capa_idx');
    await db.query('DROP INDEX quality.exception_event_key');
    await db.query(`ALTER TABLE quality.exception_event
      DROP CONSTRAINT exception_event_capa_keyed, DROP CONSTRAINT exception_event_concerns,
      DROP COLUMN event_key, DROP COLUMN capa_number,
      ALTER COLUMN exception_number SET NOT NULL`);
  }
}
