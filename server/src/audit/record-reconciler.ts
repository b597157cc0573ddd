import type { EntityManager } from 'typeorm';
import type { AuditedRecordType } from '@lotgraph/schema';
import { auditValueText } from './audit-entry-view';

/** A record whose row does not say what its audit entries say it became. */
export interface RecordMismatch {
  entityType: string;
  entityId: string;
  /** The audited field; null when the whole record disagrees (a row without entries, entries without a row). */
  field: string | null;
  rowValue: string | null;
  trailValue: string | null;
  /** The entry that last set the field (null when no entry did). */
  seq: number | null;
  reason: string;
}

type Runner = Pick<EntityManager, 'query'>;

const PAGE = 500;
const SQL_NAME = /^[a-z_][a-z0-9_]*$/;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Equal as stored values: numbers by value (48000 = "48000.000"), instants by time, the rest as written. */
export function sameValue(row: unknown, trail: unknown): boolean {
  if (row === null || row === undefined || trail === null || trail === undefined) return (row ?? null) === (trail ?? null);
  const asText = (value: unknown) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null);
  const [a, b] = [asText(row), asText(trail)];
  if (a !== null && b !== null) {
    if (DECIMAL.test(a) && DECIMAL.test(b)) return Number(a) === Number(b);
    if (TIMESTAMP.test(a) && TIMESTAMP.test(b)) return new Date(a).getTime() === new Date(b).getTime();
    return a === b;
  }
  return auditValueText(row) === auditValueText(trail);
}

function checkedType(type: AuditedRecordType): AuditedRecordType {
  if (![type.schema, type.table].every((name) => SQL_NAME.test(name))) throw new Error(`not a table: ${type.schema}.${type.table}`);
  return type;
}

/**
 * The rows of a page (keyset on the key), each as { entity_id, state } with the audited fields by their names. The
 * table is not aliased: a declaration's key and fields may name it (`shipment.customer_id`) in a subquery.
 */
function rowsQuery(type: AuditedRecordType, filter: 'page' | 'ids'): string {
  const state = Object.entries(type.fields).map(([field, column]) => `'${field}', ${column}`).join(', ');
  const key = `(${type.key})::text`;
  const where = filter === 'page' ? `${key} > $1` : `${key} = ANY($1::text[])`;
  return `SELECT ${key} AS entity_id, jsonb_build_object(${state}) AS state FROM "${type.schema}".${type.table}
          WHERE ${where} ORDER BY ${key} ${filter === 'page' ? `LIMIT ${PAGE}` : ''}`;
}

/** Whether an entry (aliased e) sets one of the type's audited fields (`$n` holds their names). */
const setsAField = (param: string) =>
  `EXISTS (SELECT 1 FROM jsonb_each(e.changes) c WHERE c.key = ANY(${param}::text[]) AND jsonb_typeof(c.value) = 'object' AND c.value ? 'new')`;

/** What the trail says each record became: the last value each audited field was set to, and by which entry. */
export async function trailStates(runner: Runner, type: AuditedRecordType, ids: readonly string[]) {
  const rows: Array<{ entity_id: string; field: string | null; value: unknown; seq: string | null }> = await runner.query(
    `SELECT e.entity_id, c.key AS field, (array_agg(c.value -> 'new' ORDER BY e.seq DESC))[1] AS value, max(e.seq) AS seq
       FROM "${type.schema}".audit_entry e
       LEFT JOIN LATERAL jsonb_each(e.changes) c ON c.key = ANY($3::text[]) AND jsonb_typeof(c.value) = 'object' AND c.value ? 'new'
      WHERE e.entity_type = $1 AND e.entity_id = ANY($2::text[])
      GROUP BY e.entity_id, c.key`,
    [type.entityType, ids, Object.keys(type.fields)],
  );
  const states = new Map<string, Map<string, { value: unknown; seq: number }>>();
  for (const row of rows) {
    const state = states.get(row.entity_id) ?? new Map<string, { value: unknown; seq: number }>();
    states.set(row.entity_id, state);
    if (row.field !== null) state.set(row.field, { value: row.value, seq: Number(row.seq) });
  }
  return states;
}

function compare(type: AuditedRecordType, rows: Array<{ entity_id: string; state: Record<string, unknown> }>, states: Awaited<ReturnType<typeof trailStates>>): RecordMismatch[] {
  const mismatches: RecordMismatch[] = [];
  for (const { entity_id: entityId, state } of rows) {
    const trail = states.get(entityId);
    // Entries that set none of its fields (refused attempts, signatures) do not say the record was written by LotGraph.
    if (!trail || trail.size === 0) {
      const none = trail ? 'no audit entry that set its fields' : 'no audit entry';
      mismatches.push({ entityType: type.entityType, entityId, field: null, rowValue: null, trailValue: null, seq: null, reason: `${type.entityType} ${entityId} has ${none}: it was written outside LotGraph` });
      continue;
    }
    for (const field of Object.keys(type.fields)) {
      const set = trail.get(field);
      if (!set || sameValue(state[field], set.value)) continue;
      const [rowValue, trailValue] = [auditValueText(state[field]), auditValueText(set.value)];
      mismatches.push({
        entityType: type.entityType, entityId, field, rowValue, trailValue, seq: set.seq,
        reason: `${type.entityType} ${entityId}: ${field} is ${rowValue ?? 'empty'} in its row, but ${trailValue ?? 'empty'} per its audit trail (entry ${set.seq}): the row was changed outside LotGraph`,
      });
    }
  }
  return mismatches;
}

/** The audited fields of the records named, as their rows hold them now (by entity id). */
export async function recordStates(runner: Runner, recordType: AuditedRecordType, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const rows: Array<{ entity_id: string; state: Record<string, unknown> }> = await runner.query(rowsQuery(checkedType(recordType), 'ids'), [ids]);
  return new Map(rows.map((row) => [row.entity_id, row.state]));
}

/** Checks the records named (inside the caller's transaction, as a guard does before using them). */
export async function reconcileRecords(runner: Runner, recordType: AuditedRecordType, ids: readonly string[]): Promise<RecordMismatch[]> {
  const type = checkedType(recordType);
  const rows: Array<{ entity_id: string; state: Record<string, unknown> }> = await runner.query(rowsQuery(type, 'ids'), [ids]);
  return compare(type, rows, await trailStates(runner, type, ids));
}

/**
 * Checks every record of a type, a page at a time (bounded memory whatever the table's size), and the records its
 * trail names that no longer have a row. Stops collecting after `limit` mismatches; `total` counts them all.
 */
export async function reconcileAll(runner: Runner, recordType: AuditedRecordType, limit = 100): Promise<{ mismatches: RecordMismatch[]; total: number }> {
  const type = checkedType(recordType);
  const mismatches: RecordMismatch[] = [];
  let total = 0;
  const keep = (found: RecordMismatch[]) => {
    total += found.length;
    mismatches.push(...found.slice(0, Math.max(0, limit - mismatches.length)));
  };
  for (let after = ''; ; ) {
    const rows: Array<{ entity_id: string; state: Record<string, unknown> }> = await runner.query(rowsQuery(type, 'page'), [after]);
    if (rows.length === 0) break;
    keep(compare(type, rows, await trailStates(runner, type, rows.map((row) => row.entity_id))));
    after = rows[rows.length - 1].entity_id;
    if (rows.length < PAGE) break;
  }
  // Records the trail says were written (an entry set their fields), less those with a row: one pass over each.
  const gone: Array<{ entity_id: string }> = await runner.query(
    `SELECT entity_id FROM (
       SELECT e.entity_id FROM "${type.schema}".audit_entry e WHERE e.entity_type = $1 AND ${setsAField('$2')}
       EXCEPT SELECT (${type.key})::text FROM "${type.schema}".${type.table}
     ) gone ORDER BY entity_id`,
    [type.entityType, Object.keys(type.fields)],
  );
  keep(gone.map(({ entity_id: entityId }) => ({
    entityType: type.entityType, entityId, field: null, rowValue: null, trailValue: null, seq: null,
    reason: `${type.entityType} ${entityId} has audit entries but no row: it was deleted outside LotGraph`,
  })));
  return { mismatches, total };
}
