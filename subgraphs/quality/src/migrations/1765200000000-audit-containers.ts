import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the audit trail finds a reading: in its call's ReadingBatch entry. `Query.auditTrail(entityType:
 * "ProcessReading", entityId)` asks each trail's `audit_containers` for the entries holding a record.
 */
export class AuditContainers1765200000000 implements MigrationInterface {
  name = 'AuditContainers1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION quality.audit_containers(kind text, key text) RETURNS TABLE (entity_type text, entity_id text)
      LANGUAGE plpgsql STABLE AS $$
      BEGIN
        -- The key is checked before it is cast: any text may be asked for.
        IF kind = 'ProcessReading' AND key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
          RETURN QUERY SELECT 'ReadingBatch'::text, r.batch_id::text FROM quality.process_reading r WHERE r.id = key::uuid AND r.batch_id IS NOT NULL;
        END IF;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION quality.audit_containers(text, text)');
  }
}
