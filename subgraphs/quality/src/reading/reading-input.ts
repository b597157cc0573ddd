import { MEASUREMENT, decimalProblem, isDateProblem, normalIdentifier, parseInstant, parsePlainDecimal, textProblem } from '@lotgraph/server';

/** A reading as an integration sends it: value and time as text, so a bad one is reported, not the whole call. */
export interface ReadingInput {
  readingId?: string | null;
  equipmentCode: string;
  parameter: string;
  value: string;
  measuredAt: string;
  productionOrder?: string | null;
  lotNumber?: string | null;
}

/** A reading that is well formed; whether the quality domain knows what it measures is checked afterwards. */
export interface ParsedReading {
  index: number;
  input: ReadingInput;
  readingId: string | null;
  equipmentCode: string;
  parameter: string;
  value: number;
  measuredAt: Date;
  productionOrder: string | null;
  lotNumber: string | null;
}

/** The most readings one call takes: a batch is judged and written whole, so its size bounds a call's memory and time. */
export const MAX_READINGS_PER_CALL = 5000;

/** Half of a UTF-16 surrogate pair without its other half: not text (JSON and PostgreSQL refuse it). */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Readings may carry a clock a little ahead of ours; beyond this they are taken as a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));

/** The fields that name something (the reading, its series, order and lot): identifiers, checked as every identifier is. */
const IDENTIFIERS = ['readingId', 'equipmentCode', 'parameter', 'productionOrder', 'lotNumber'] as const;

/** The reading, or why it cannot be taken (field first, as a person reads it). */
export function parseReadingInput(input: ReadingInput, index: number, now = Date.now()): ParsedReading | { reason: string } {
  // PostgreSQL text cannot hold NUL, nor JSON a lone UTF-16 surrogate: refused here, one reading, rather than
  // failing the whole batch's insert and audit entry.
  for (const field of ['readingId', 'equipmentCode', 'parameter', 'value', 'measuredAt', 'productionOrder', 'lotNumber'] as const) {
    const problem = textProblem(text(input[field]));
    if (problem) return { reason: `${field}: ${problem}` };
  }
  const names: Partial<Record<(typeof IDENTIFIERS)[number], string | null>> = {};
  for (const field of IDENTIFIERS) {
    const normal = normalIdentifier(text(input[field]));
    if ('reason' in normal) return { reason: `${field}: ${normal.reason}` };
    names[field] = normal.value.trim() || null;
  }
  const rawValue = text(input.value);
  const rawTime = text(input.measuredAt);
  if (!names.equipmentCode) return { reason: 'equipmentCode: required' };
  if (!names.parameter) return { reason: 'parameter: required' };
  const value = parsePlainDecimal(rawValue);
  if (value === undefined) return { reason: `value: "${rawValue}" is not a plain decimal number (such as 241.5 or -0.25)` };
  const precision = decimalProblem(value, MEASUREMENT);
  if (precision) return { reason: `value: ${precision}` };
  const measuredAt = parseInstant(rawTime.trim());
  if (isDateProblem(measuredAt)) return { reason: `measuredAt: ${measuredAt.reason}` };
  if (measuredAt.getTime() > now + FUTURE_TOLERANCE_MS) return { reason: `measuredAt: ${rawTime} is in the future` };
  return {
    index, input, readingId: names.readingId ?? null, equipmentCode: names.equipmentCode, parameter: names.parameter, value, measuredAt,
    productionOrder: names.productionOrder ?? null, lotNumber: names.lotNumber ?? null,
  };
}

/** Whether two readings say the same thing: what a retry of one reading looks like. */
export const sameContent = (a: { equipmentCode: string; parameter: string; value: number; measuredAt: Date }, b: typeof a): boolean =>
  a.equipmentCode === b.equipmentCode && a.parameter === b.parameter && a.value === b.value && a.measuredAt.getTime() === b.measuredAt.getTime();

/** Why a reading cannot take a readingId an earlier reading already has. */
export function readingIdTaken(readingId: string, earlier: { equipmentCode: string; parameter: string; value: number; measuredAt: Date }, reading: { equipmentCode: string; parameter: string }): string {
  const what = `${earlier.equipmentCode} ${earlier.parameter} ${earlier.value} at ${earlier.measuredAt.toISOString()}`;
  if (earlier.equipmentCode !== reading.equipmentCode || earlier.parameter !== reading.parameter) {
    return `readingId: ${readingId} is already the id of a reading of another series (${what}); a readingId names one reading`;
  }
  return `readingId: ${readingId} was already recorded with different content (${what})`;
}

/** Text as it can be kept: a NUL or a lone surrogate (which PostgreSQL text and JSON cannot hold) shown as U+FFFD. */
export const storable = (value: string | null): string | null => (value === null ? null : value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD'));
