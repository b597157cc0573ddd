import type { SubgraphName } from './supergraph';

/**
 * A kind of GxP record whose current row must say what its audit entries say it became. `fields` maps each
 * audited field (its name in the entries' changes, from the field dictionary) to the SQL expression of the column
 * that holds it; `key` is the SQL expression of the record's key as its entries name it (entity id).
 * Kept in code, not in the database: someone who can change the database must not be able to change the check.
 */
export interface AuditedRecordType {
  schema: SubgraphName;
  entityType: string;
  table: string;
  key: string;
  fields: Readonly<Record<string, string>>;
}

export const AUDITED_RECORDS: readonly AuditedRecordType[] = [
  { schema: 'batch', entityType: 'Lot', table: 'material_lot', key: 'lot_number', fields: { status: 'status', quantity: 'quantity', storageLocation: 'storage_location' } },
];

export function auditedRecordType(entityType: string): AuditedRecordType {
  const type = AUDITED_RECORDS.find((record) => record.entityType === entityType);
  if (!type) throw new Error(`${entityType} is not an audited record type`);
  return type;
}
