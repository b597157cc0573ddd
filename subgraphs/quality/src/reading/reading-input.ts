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
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Readings may carry a clock a little ahead of ours; beyond this they are taken as a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));

/** The reading, or why it cannot be taken (field first, as a person reads it). */
export function parseReadingInput(input: ReadingInput, index: number, now = Date.now()): ParsedReading | { reason: string } {
  // PostgreSQL text cannot hold NUL, nor JSON a lone UTF-16 surrogate: refused here, one reading, rather than
  // failing the whole batch's insert and audit entry.
  for (const field of ['readingId', 'equipmentCode', 'parameter', 'value', 'measuredAt', 'productionOrder', 'lotNumber'] as const) {
    if (text(input[field]).includes('\u0000')) return { reason: `${field}: contains a NUL character` };
    if (LONE_SURROGATE.test(text(input[field]))) return { reason: `${field}: contains a lone UTF-16 surrogate (not text)` };
  }
  const equipmentCode = text(input.equipmentCode).trim();
  const parameter = text(input.parameter).trim();
  const rawValue = text(input.value);
  const rawTime = text(input.measuredAt);
  if (!equipmentCode) return { reason: 'equipmentCode: required' };
  if (!parameter) return { reason: 'parameter: required' };
  const value = rawValue.trim() === '' ? NaN : Number(rawValue);
  if (!Number.isFinite(value)) return { reason: `value: "${rawValue}" is not a number` };
  const measuredAt = new Date(rawTime);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(rawTime) || Number.isNaN(measuredAt.getTime())) {
    return { reason: `measuredAt: "${rawTime}" is not an ISO-8601 date and time` };
  }
  // Without Z or an offset the instant would depend on the server's time zone.
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(rawTime.trim())) {
    return { reason: `measuredAt: "${rawTime}" has no time zone; end it with Z (UTC) or an offset such as +08:00` };
  }
  if (measuredAt.getTime() > now + FUTURE_TOLERANCE_MS) return { reason: `measuredAt: ${rawTime} is in the future` };
  return {
    index, input, readingId: text(input.readingId).trim() || null, equipmentCode, parameter, value, measuredAt,
    productionOrder: text(input.productionOrder).trim() || null, lotNumber: text(input.lotNumber).trim() || null,
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
