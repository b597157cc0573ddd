import { assertMeasurement, badInput } from '@lotgraph/server';
import type { InspectionResult, InspectionSource, InspectionStage } from './inspection.entity';

/** What an inspector or the LIMS reports (the GraphQL RecordInspectionInput). */
export interface RecordInspectionInput {
  lotNumber: string;
  sampleId: string;
  stage: InspectionStage;
  testName: string;
  required?: boolean | null;
  result: InspectionResult;
  measuredValue?: number | null;
  unit?: string | null;
  attributeValue?: string | null;
  specReference?: string | null;
  source?: InspectionSource | null;
  lowerLimit?: number | null;
  upperLimit?: number | null;
  inspectedBy?: string | null;
  inspectedAt?: Date | null;
  sourceAttributes?: unknown;
}

/** The input checked and trimmed; inspectedAt stays null when not given (a resend then matches the first). */
export interface InspectionFields {
  lotNumber: string;
  sampleId: string;
  stage: InspectionStage;
  testName: string;
  required: boolean;
  result: InspectionResult;
  measuredValue: number | null;
  unit: string | null;
  attributeValue: string | null;
  specReference: string | null;
  source: InspectionSource;
  lowerLimit: number | null;
  upperLimit: number | null;
  inspectedBy: string;
  inspectedAt: Date | null;
  sourceAttributes: Record<string, string> | null;
}

const MAX_SOURCE_ATTRIBUTES = 50;

/** The source's own fields: an object of at most 50 names (100 characters) to text values (1,000 characters). */
function sourceAttributes(value: unknown): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('Inspection', 'sourceAttributes', 'must be an object of names to text values, e.g. { "Instrument": "MFI-2" }');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_SOURCE_ATTRIBUTES) throw badInput('Inspection', 'sourceAttributes', `has ${entries.length} names; at most ${MAX_SOURCE_ATTRIBUTES} are kept`);
  for (const [name, text] of entries) {
    if (!name.trim() || name.length > 100) throw badInput('Inspection', 'sourceAttributes', `"${name.slice(0, 100)}" is not a name of 1 to 100 characters`);
    if (typeof text !== 'string' || text.length > 1000) throw badInput('Inspection', 'sourceAttributes', `${name}: give the value as text of at most 1,000 characters`);
  }
  return entries.length ? Object.fromEntries(entries) as Record<string, string> : null;
}

/** Clocks of the LIMS and the server may disagree a little; a result from the future is a typo. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function text(field: string, value: string | null | undefined, max: number, required: true): string;
function text(field: string, value: string | null | undefined, max: number, required: false): string | null;
function text(field: string, value: string | null | undefined, max: number, required: boolean): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw badInput('Inspection', field, 'must not be empty');
    if (value != null) throw badInput('Inspection', field, 'must not be blank: leave it out instead');
    return null;
  }
  if (trimmed.length > max) throw badInput('Inspection', field, `is ${trimmed.length} characters long; at most ${max} are allowed`);
  return trimmed;
}

export function validateInspectionInput(input: RecordInspectionInput, recordedBy: string, now = new Date()): InspectionFields {
  const fields: InspectionFields = {
    lotNumber: text('lotNumber', input.lotNumber, 100, true),
    sampleId: text('sampleId', input.sampleId, 100, true),
    stage: input.stage,
    testName: text('testName', input.testName, 200, true),
    required: input.required ?? true,
    result: input.result,
    measuredValue: input.measuredValue ?? null,
    unit: text('unit', input.unit, 30, false),
    attributeValue: text('attributeValue', input.attributeValue, 500, false),
    specReference: text('specReference', input.specReference, 500, false),
    source: input.source ?? 'OWN',
    lowerLimit: input.lowerLimit ?? null,
    upperLimit: input.upperLimit ?? null,
    inspectedBy: text('inspectedBy', input.inspectedBy, 100, false) ?? recordedBy,
    inspectedAt: input.inspectedAt ?? null,
    sourceAttributes: sourceAttributes(input.sourceAttributes),
  };
  for (const name of ['measuredValue', 'lowerLimit', 'upperLimit'] as const) {
    const value = fields[name];
    if (value !== null) assertMeasurement('Inspection', name, value);
  }
  const where = `"${fields.testName}" on sample ${fields.sampleId} of lot ${fields.lotNumber}`;
  if (fields.result === 'PENDING') {
    if (fields.measuredValue !== null) throw badInput('Inspection', 'measuredValue', `${where} is PENDING: it has no measured value yet`);
    if (fields.attributeValue !== null) throw badInput('Inspection', 'attributeValue', `${where} is PENDING: it has no observed attribute yet`);
  } else {
    if (fields.measuredValue === null && fields.attributeValue === null) {
      throw badInput('Inspection', 'measuredValue', `${where} is ${fields.result}: give what was measured (measuredValue with unit) or observed (attributeValue)`);
    }
    if (fields.measuredValue !== null && fields.attributeValue !== null) {
      throw badInput('Inspection', 'attributeValue', `${where}: give a measured value or an observed attribute, not both`);
    }
  }
  if (fields.measuredValue !== null && fields.unit === null) throw badInput('Inspection', 'unit', `${where}: the measured value ${fields.measuredValue} needs its unit`);
  if (fields.measuredValue === null && fields.unit !== null) throw badInput('Inspection', 'unit', `${where}: a unit is only given with a measured value`);
  if ((fields.lowerLimit !== null || fields.upperLimit !== null) && fields.measuredValue === null && fields.result !== 'PENDING') {
    throw badInput('Inspection', fields.lowerLimit !== null ? 'lowerLimit' : 'upperLimit', `${where}: limits are given only with a measured value`);
  }
  if (fields.lowerLimit !== null && fields.upperLimit !== null && fields.lowerLimit > fields.upperLimit) {
    throw badInput('Inspection', 'upperLimit', `${where}: the upper limit ${fields.upperLimit} is below the lower limit ${fields.lowerLimit}`);
  }
  if (fields.source === 'SUPPLIER_COA' && fields.stage !== 'INCOMING') {
    throw badInput('Inspection', 'stage', `${where}: a supplier's certificate of analysis comes with purchased material, at the INCOMING stage, not ${fields.stage}`);
  }
  if (fields.inspectedAt && fields.inspectedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw badInput('Inspection', 'inspectedAt', `${fields.inspectedAt.toISOString()} is in the future`);
  }
  return fields;
}
