import type { DataSource } from 'typeorm';
import { lockKeyUntilCommit } from './advisory-lock';
import { APPEND_ONLY_TRIGGER } from './append-only';

/**
 * The role the hub runs as (through a LOGIN member of it): it may read and change the application's tables and
 * append to the append-only ones, never rewrite, delete or truncate a row, nor change a table.
 */
export const APP_ROLE = 'lotgraph_app';

const ENSURE_APP_ROLE = `
  DO $$
  BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      BEGIN
        CREATE ROLE ${APP_ROLE} NOLOGIN;
      EXCEPTION
        -- Roles belong to the server: a migration of another database may have made it meanwhile.
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role ${APP_ROLE} does not exist, and % may not create roles: have it created (CREATE ROLE ${APP_ROLE} NOLOGIN) or migrate as a role with CREATEROLE', current_user
            USING ERRCODE = 'insufficient_privilege';
      END;
    END IF;
  END $$`;

/**
 * Grants the application role what the hub needs in one schema, from what the tables are now: SELECT, INSERT
 * and UPDATE on every table, only SELECT and INSERT on the append-only ones (those makeAppendOnly guards: audit
 * entries, signatures, ...), only SELECT on the migrations, USAGE on the sequences; never DELETE or TRUNCATE
 * (the hub deletes nothing). Run after every migration by the schema's owner, so later tables are covered and
 * a privilege granted by hand in between is taken back.
 */
export async function grantAppRole(dataSource: DataSource, schema: string): Promise<void> {
  await dataSource.query(ENSURE_APP_ROLE);
  const s = `"${schema}"`;
  await dataSource.transaction(async (manager) => {
    // Two processes granting on one table at once can fail with "tuple concurrently updated".
    await lockKeyUntilCommit(manager, `${APP_ROLE} grants on ${schema}`);
    const appendOnly: Array<{ relname: string }> = await manager.query(
      `SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND t.tgname = c.relname || $2`,
      [schema, APPEND_ONLY_TRIGGER],
    );
    await manager.query(`GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE}`);
    await manager.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${APP_ROLE}`);
    await manager.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE}`);
    for (const { relname } of appendOnly) await manager.query(`REVOKE UPDATE ON ${s}."${relname}" FROM ${APP_ROLE}`);
    // The hub reads which migrations ran, to start without migrating; only the owner migrates.
    await manager.query(`REVOKE INSERT, UPDATE ON ${s}.migrations FROM ${APP_ROLE}`);
    await manager.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${APP_ROLE}`);
    await manager.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE}`);
  });
}
