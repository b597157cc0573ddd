import type { QueryRunner } from 'typeorm';

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
      hash text NOT NULL
    )`);
  await db.query(`CREATE INDEX audit_entry_entity_idx ON "${schema}".audit_entry (entity_type, entity_id, seq)`);
  await db.query(`
    CREATE FUNCTION "${schema}".audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit trail is append-only: % on %.audit_entry is refused', TG_OP, TG_TABLE_SCHEMA
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await db.query(`
    CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON "${schema}".audit_entry
      FOR EACH ROW EXECUTE FUNCTION "${schema}".audit_entry_is_append_only()`);
  await db.query(`
    CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "${schema}".audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".audit_entry_is_append_only()`);
}
