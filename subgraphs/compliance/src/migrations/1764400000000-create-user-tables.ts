import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUserTables1764400000000 implements MigrationInterface {
  name = 'CreateUserTables1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE compliance.user_account (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        printed_name text NOT NULL CHECK (btrim(printed_name) <> ''),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash text NOT NULL,
        password_changed_at timestamptz NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        failed_attempts int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_at timestamptz,
        tokens_valid_after timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per token login issued, and per other token revoked at logout; kept, never deleted.
    await db.query(`
      CREATE TABLE compliance.user_session (
        token_id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES compliance.user_account(id),
        issued_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX user_session_user_idx ON compliance.user_session (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE compliance.user_session`);
    await db.query(`DROP TABLE compliance.user_account`);
  }
}
