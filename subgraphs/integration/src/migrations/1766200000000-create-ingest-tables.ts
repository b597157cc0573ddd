import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditSignatureColumns, createAuditTable } from '@lotgraph/server';

/** The dead-letter store of the adapters, and the integration domain's audit trail. */
export class CreateIngestTables1766200000000 implements MigrationInterface {
  name = 'CreateIngestTables1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE integration.ingest_rejection (
        id uuid PRIMARY KEY,
        adapter text NOT NULL,
        source text NOT NULL,
        position text NOT NULL,
        record jsonb NOT NULL,
        problems jsonb NOT NULL,
        options jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REPLAYED')),
        idempotency_key text NOT NULL,
        received_by text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz,
        replayed_by text,
        request_id text,
        UNIQUE (adapter, idempotency_key)
      )`);
    await db.query(`CREATE INDEX ingest_rejection_open_idx ON integration.ingest_rejection (status, adapter, received_at DESC)`);
    await createAuditTable(db, 'integration');
    await addAuditSignatureColumns(db, 'integration');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE integration.audit_entry');
    await db.query('DROP FUNCTION integration.audit_entry_is_append_only()');
    await db.query('DROP TABLE integration.ingest_rejection');
  }
}
