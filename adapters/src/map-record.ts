import { canonicalField, type FieldType } from '@lotgraph/schema';

export type CanonicalRecord = Record<string, string | number>;

export interface FieldProblem {
  field: string;
  reason: string;
}

export type MappingResult =
  | { ok: true; record: CanonicalRecord; ignored: string[] }
  | { ok: false; problems: FieldProblem[] };

function convert(type: FieldType, raw: unknown): { value: string | number } | { reason: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case 'number': {
      const value = typeof text === 'number' ? text : Number(String(text).replace(',', '.'));
      return Number.isFinite(value) && String(text) !== '' ? { value } : { reason: `"${String(raw)}" is not a number` };
    }
    case 'boolean': {
      const value = String(text).toLowerCase();
      if (['true', 'yes', 'y', '1', 'x'].includes(value)) return { value: 'true' };
      if (['false', 'no', 'n', '0'].includes(value)) return { value: 'false' };
      return { reason: `"${String(raw)}" is not yes or no` };
    }
    case 'gtin':
      return /^\d{8}$|^\d{12,14}$/.test(String(text)) ? { value: String(text).padStart(14, '0') } : { reason: `"${String(raw)}" is not a GTIN` };
    case 'date': {
      const value = String(text);
      const iso = /^\d{6}$/.test(value) ? `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}` : value.slice(0, 10);
      return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? { value: iso } : { reason: `"${value}" is not a date` };
    }
    case 'datetime': {
      const time = Date.parse(String(text));
      return Number.isNaN(time) ? { reason: `"${String(raw)}" is not a date-time` } : { value: new Date(time).toISOString() };
    }
    default:
      return String(text) === '' ? { reason: 'is empty' } : { value: String(text) };
  }
}

/**
 * Maps one source record (any system's field names: LOT_NO, Charge, 批号 ...) to canonical fields through
 * the field dictionary. Every problem is reported with the source field and the reason, so a rejected
 * record can be kept and explained; fields the dictionary does not know are listed, not silently dropped.
 */
export function mapRecord(source: Record<string, unknown>, required: readonly string[] = []): MappingResult {
  const record: CanonicalRecord = {};
  const origin: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(source)) {
    const field = canonicalField(name);
    if (!field) {
      ignored.push(name);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    if (origin[field.name] !== undefined) {
      problems.push({ field: name, reason: `names ${field.name} again (already given as ${origin[field.name]})` });
      continue;
    }
    const converted = convert(field.type, raw);
    if ('reason' in converted) problems.push({ field: name, reason: `${field.name}: ${converted.reason}` });
    else {
      record[field.name] = converted.value;
      origin[field.name] = name;
    }
  }
  for (const name of required) {
    if (record[name] === undefined && !problems.some((p) => p.reason.startsWith(`${name}:`))) {
      problems.push({ field: name, reason: `${name} is required` });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, record, ignored };
}
