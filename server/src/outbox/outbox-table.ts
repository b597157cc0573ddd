import type { QueryRunner } from 'typeorm';

/**
 * Creates a schema's transactional outbox: messages written in the same transaction as the change that asks for
 * them, delivered afterwards by an OutboxDispatcher. A delivered message is marked, never removed: the database
 * refuses DELETE and TRUNCATE, so the table is also the delivery log (attempts, last error, delivered at).
 */
export async function createOutboxTable(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE "${schema}".outbox_message (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      idempotency_key text NOT NULL UNIQUE,
      subject text,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      last_error text,
      delivered_at timestamptz
    )`);
  await db.query(`CREATE INDEX outbox_message_due_idx ON "${schema}".outbox_message (next_attempt_at, id) WHERE delivered_at IS NULL`);
  await db.query(`CREATE INDEX outbox_message_subject_idx ON "${schema}".outbox_message (subject, id)`);
  const refuse = `"${schema}".outbox_message_is_kept`;
  await db.query(`
    CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'outbox_message is kept: % on %.outbox_message is refused', TG_OP, TG_TABLE_SCHEMA
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await db.query(`CREATE TRIGGER outbox_message_no_delete BEFORE DELETE ON "${schema}".outbox_message FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
  await db.query(`CREATE TRIGGER outbox_message_no_truncate BEFORE TRUNCATE ON "${schema}".outbox_message FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`);
}
