import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeAppendOnly, makeUndeletable } from '@lotgraph/server';

/**
 * Exception events (append-only: the webhooks' and the live stream's source, resumable by id) and the webhook
 * endpoints they are delivered to (kept when disabled, never deleted).
 */
export class CreateNotifications1764520000000 implements MigrationInterface {
  name = 'CreateNotifications1764520000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quality.exception_event (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        exception_number text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX exception_event_exception_idx ON quality.exception_event (exception_number, id)`);
    await makeAppendOnly(db, 'quality', 'exception_event');
    await db.query(`
      CREATE TABLE quality.webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        url text NOT NULL,
        secret text NOT NULL,
        events text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await makeUndeletable(db, 'quality', 'webhook_endpoint', 'webhook_endpoint is kept: % is refused; disable the webhook instead');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE quality.webhook_endpoint');
    await db.query('DROP FUNCTION quality.webhook_endpoint_is_kept()');
    await db.query('DROP TABLE quality.exception_event');
    await db.query('DROP FUNCTION quality.exception_event_is_append_only()');
  }
}
