import type { QueryRunner } from 'typeorm';
import { makeAppendOnly } from '../database/append-only';

/**
 * Creates a schema's e-signature table. A signature is never changed or removed: a later change to the
 * signed record shows it as no longer valid (its content hash no longer matches), which is its history.
 */
export async function createSignatureTable(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE "${schema}".e_signature (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      meaning text NOT NULL CHECK (meaning IN ('AUTHORED', 'REVIEWED', 'APPROVED', 'VERIFIED', 'RELEASED')),
      signer_id text NOT NULL,
      printed_name text NOT NULL,
      signer_roles jsonb NOT NULL,
      signed_at timestamptz NOT NULL,
      content_hash text NOT NULL,
      reason text,
      request_id text
    )`);
  await db.query(`CREATE INDEX e_signature_entity_idx ON "${schema}".e_signature (entity_type, entity_id, signed_at)`);
  await makeAppendOnly(db, schema, 'e_signature');
}
