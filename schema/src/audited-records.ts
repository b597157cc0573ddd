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

/** A specification version's limits as its entries record them: by parameter, in the order the repository reads them. */
const SPEC_PARAMETERS = `(SELECT jsonb_agg(jsonb_build_object('parameter', p.parameter, 'unit', p.unit, 'lsl', p.lsl, 'usl', p.usl, 'target', p.target,
  'lowerWarning', p.lower_warning, 'upperWarning', p.upper_warning, 'critical', p.critical) ORDER BY p.parameter)
  FROM quality.spec_parameter p WHERE p.specification_id = specification.id)`;

export const AUDITED_RECORDS: readonly AuditedRecordType[] = [
  // batch
  { schema: 'batch', entityType: 'Lot', table: 'material_lot', key: 'lot_number', fields: { status: 'status', quantity: 'quantity', storageLocation: 'storage_location' } },
  {
    schema: 'batch', entityType: 'ProductionOrder', table: 'production_order', key: 'number',
    fields: { status: 'status', plannedQuantity: 'planned_quantity', material: '(SELECT m.code FROM batch.material m WHERE m.id = production_order.material_id)' },
  },
  {
    schema: 'batch', entityType: 'Shipment', table: 'shipment', key: 'number',
    fields: { customerCode: '(SELECT c.code FROM batch.customer c WHERE c.id = shipment.customer_id)', shippedAt: 'shipped_at' },
  },
  {
    schema: 'batch', entityType: 'Recall', table: 'recall', key: 'number',
    fields: { rootLot: '(SELECT l.lot_number FROM batch.material_lot l WHERE l.id = recall.root_lot_id)', exceptionNumber: 'exception_number' },
  },
  // quality
  {
    schema: 'quality', entityType: 'Inspection', table: 'inspection', key: 'id',
    fields: {
      source: 'source', stage: 'stage', required: 'required', result: 'result', measuredValue: 'measured_value', unit: 'unit', lowerLimit: 'lower_limit', upperLimit: 'upper_limit',
      attributeValue: 'attribute_value', specReference: 'spec_reference', inspectedBy: 'inspected_by', inspectedAt: 'inspected_at', materialCode: 'material_code',
    },
  },
  { schema: 'quality', entityType: 'QualityException', table: 'quality_exception', key: 'number', fields: { status: 'status', severity: 'severity', title: 'title', dueAt: 'due_at' } },
  {
    // Named as its signatures are (dispositionKey): exception number / lot number.
    schema: 'quality', entityType: 'LotDisposition', table: 'lot_disposition',
    key: `(SELECT ex.number FROM quality.quality_exception ex WHERE ex.id = lot_disposition.exception_id) || '/' || lot_disposition.lot_number`,
    fields: { decision: 'decision' },
  },
  {
    schema: 'quality', entityType: 'Specification', table: 'specification', key: `spec_number || '/' || version`,
    fields: {
      status: 'status', approvedBy: 'approved_by', specNumber: 'spec_number', version: 'version', materialCode: 'material_code', operation: 'operation',
      effectiveFrom: 'effective_from', parameters: SPEC_PARAMETERS,
    },
  },
  // capa
  {
    schema: 'capa', entityType: 'Capa', table: 'capa', key: 'number',
    fields: {
      status: 'status', title: 'title', capaType: 'type', problemStatement: 'problem_statement', riskBefore: 'risk_before', riskAfter: 'risk_after', owner: 'owner', dueOn: 'due_on',
      rootCause: 'root_cause', rootCauseCategory: 'root_cause_category', planApprovedAt: 'plan_approved_at', planApprovedBy: 'plan_approved_by',
      effectivenessStartedAt: 'effectiveness_started_at', closingSummary: 'closing_summary', closedAt: 'closed_at', closedBy: 'closed_by',
      cancelReason: 'cancel_reason', cancelledAt: 'cancelled_at', cancelledBy: 'cancelled_by',
    },
  },
  // compliance: users and their roles (a text[], a JSON array in the order given, as entries record it)
  {
    schema: 'compliance', entityType: 'User', table: 'user_account', key: 'id',
    fields: {
      printedName: 'printed_name', roles: 'roles', enabled: 'enabled', disabledReason: 'disabled_reason', failedAttempts: 'failed_attempts', lockedAt: 'locked_at', lockedUntil: 'locked_until',
      passwordChangedAt: 'password_changed_at', tokensValidAfter: 'tokens_valid_after',
    },
  },
];

export function auditedRecordType(entityType: string): AuditedRecordType {
  const type = AUDITED_RECORDS.find((record) => record.entityType === entityType);
  if (!type) throw new Error(`${entityType} is not an audited record type`);
  return type;
}
