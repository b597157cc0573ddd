import type { QueryRunner } from 'typeorm';

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
    CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${schema}".${table}
      FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
  await db.query(`
    CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${schema}".${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`);
}
