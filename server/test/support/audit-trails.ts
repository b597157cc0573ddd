import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTable, createSubgraphDatabase, type DatabaseOptions, type Identity, type SubgraphDatabase } from '../../src';
import { AuditTrail, type FieldChanges } from '../../src/audit/audit-trail';

export const QA: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };
export const OPERATOR: Identity = { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] };

/** A database holding the audit tables of the schemas named, the way each subgraph's migration makes its own. */
export function auditTablesDatabase(options: DatabaseOptions, ownSchema: string, trailSchemas: readonly string[]): SubgraphDatabase {
  class CreateAuditTables1764100000000 implements MigrationInterface {
    name = 'CreateAuditTables1764100000000';
    async up(db: QueryRunner) {
      for (const schema of trailSchemas) {
        await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await createAuditTable(db, schema);
      }
    }
    async down() {}
  }
  return createSubgraphDatabase({ ...options, schema: ownSchema, entities: [], migrations: [CreateAuditTables1764100000000] });
}

/** Writes one entry in its own transaction, as a mutation does. */
export function writeEntry(database: SubgraphDatabase, schema: string, entry: { actor?: Identity; action: string; entityType: string; entityId: string; changes: FieldChanges; reason?: string }) {
  const trail = new AuditTrail(database.dataSource, schema);
  return database.dataSource.transaction((manager) => trail.record(manager, { actor: QA, requestId: `req-${entry.action}`, ...entry }));
}

/** A few milliseconds, so entries in different trails have different times. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
