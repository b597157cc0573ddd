import type { QueryRunner } from 'typeorm';
import { makeAppendOnly } from '../database/append-only';

/**
 * Creates a schema's append-only, hash-chained audit table. The database itself refuses UPDATE, DELETE and
 * TRUNCATE (triggers), in PGlite and PostgreSQL alike; someone who disables the triggers still cannot rewrite
 * the chain without `audit verify` naming the first broken entry.
 */
export async function createAuditTable(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE "${schema}".audit_entry (
      seq bigint PRIMARY KEY,
      recorded_at timestamptz NOT NULL,
      actor_id text NOT NULL,
      actor_name text NOT NULL,
      actor_roles jsonb NOT NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      changes jsonb NOT NULL,
      reason text,
      request_id text,
      previous_hash text NOT NULL,
      hash text NOT NULL,
      key_id text,
      signature text
    )`);
  await db.query(`CREATE INDEX audit_entry_entity_idx ON "${schema}".audit_entry (entity_type, entity_id, seq)`);
  await makeAppendOnly(db, schema, 'audit_entry');
}

/**
 * Gives an audit table made before entries were signed the key id and signature columns (a table made since has
 * them already).
 */
export async function addAuditSignatureColumns(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`ALTER TABLE "${schema}".audit_entry ADD COLUMN IF NOT EXISTS key_id text, ADD COLUMN IF NOT EXISTS signature text`);
}
