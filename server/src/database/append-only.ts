import type { QueryRunner } from 'typeorm';

/** Suffix of the trigger that makes `<table>` append-only; the application role's grants are read from it. */
export const APPEND_ONLY_TRIGGER = '_no_update_or_delete';

/**
 * Makes a table append-only: the database itself refuses UPDATE, DELETE and TRUNCATE (triggers), in PGlite and
 * PostgreSQL alike. For records that are corrected by appending, never by rewriting (audit entries, signatures).
 */
export async function makeAppendOnly(db: QueryRunner, schema: string, table: string): Promise<void> {
  const refuse = `"${schema}".${table}_is_append_only`;
  await db.query(`
    CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '${table} is append-only: % on %.${table} is refused', TG_OP, TG_TABLE_SCHEMA
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await db.query(`
    CREATE TRIGGER ${table}${APPEND_ONLY_TRIGGER} BEFORE UPDATE OR DELETE ON "${schema}".${table}
      FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
  await db.query(`
    CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${schema}".${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`);
}

/**
 * Keeps a table's rows: the database refuses DELETE and TRUNCATE (updates stay allowed), with `refusal` as the
 * message (a `%` stands for the operation), which should say what to do instead.
 */
export async function makeUndeletable(db: QueryRunner, schema: string, table: string, refusal: string): Promise<void> {
  const refuse = `"${schema}".${table}_is_kept`;
  await db.query(`
    CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '${refusal.replace(/'/g, "''")}', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await db.query(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${schema}".${table} FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
  await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${schema}".${table} FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`);
}

/** Undoes makeUndeletable (for a migration's down). */
export async function dropUndeletable(db: QueryRunner, schema: string, table: string): Promise<void> {
  await db.query(`DROP TRIGGER ${table}_no_delete ON "${schema}".${table}`);
  await db.query(`DROP TRIGGER ${table}_no_truncate ON "${schema}".${table}`);
  await db.query(`DROP FUNCTION "${schema}".${table}_is_kept()`);
}
