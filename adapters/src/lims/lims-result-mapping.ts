import { canonicalField } from '@lotgraph/schema';
import type { IngestNotes, IngestProblem, MappedRecord } from '../kit/ingest-types';
import { parseDateTime } from '../kit/parse-date-time';
import { verdictOf } from '../kit/verdict-words';
import type { InspectionInput } from './record-inspections';

export interface LimsOptions {
  /** The plant's time zone, for times written without an offset (IANA name; default UTC). */
  timeZone: string;
  /** The stage of results whose file has no stage column (default FINAL). */
  stage: InspectionInput['stage'];
}

const STAGE_WORDS: Record<InspectionInput['stage'], readonly string[]> = {
  INCOMING: ['incoming', 'iqc', 'receiving', 'goods receipt', '来料', '来料检验', '进料检验', '进货检验'],
  IN_PROCESS: ['in_process', 'in-process', 'in process', 'ipqc', 'process', '过程', '过程检验', '制程检验', '工序检验'],
  FINAL: ['final', 'fqc', 'oqc', 'release', '成品', '成品检验', '最终检验', '出货检验', '出厂检验'],
};
const SUPPLIER_WORDS = ['supplier_coa', 'supplier', 'coa', 'vendor', '供应商', '供方', '供应商coa'];
const OWN_WORDS = ['own', 'lab', 'qc', 'internal', '自检', '本厂', '实验室'];

function stageOf(word: string): InspectionInput['stage'] | undefined {
  const key = word.trim().toLowerCase();
  return (Object.entries(STAGE_WORDS) as Array<[InspectionInput['stage'], readonly string[]]>).find(([, words]) => words.includes(key))?.[0];
}

/** A plain decimal, with a decimal comma as European exports write it (12,5). */
function numberOf(text: string): number | undefined {
  return /^[+-]?\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : undefined;
}

/** The canonical field each column stands for, from the header, once per file; columns it does not know are listed. */
export function resolveColumns(headers: string[], notes: IngestNotes): Map<string, string> {
  const columns = new Map<string, string>();
  for (const header of headers) {
    const field = canonicalField(header);
    if (field && ![...columns.values()].includes(field.name)) columns.set(header, field.name);
    else notes.unknownFields.push(header);
  }
  return columns;
}

/** The canonical fields a result is made of; a column the dictionary knows as another field (a quantity) is kept as the source's own. */
const RESULT_FIELDS = new Set([
  'lotNumber', 'sampleId', 'testName', 'value', 'result', 'attributeValue', 'uom', 'lowerLimit', 'upperLimit',
  'stage', 'source', 'required', 'inspectedAt', 'measuredAt', 'inspectedBy', 'specReference',
]);

/** A result as read from a source, before mapping: where it is, its fields by the source's names, what is wrong with its form. */
export interface SourceResult {
  position: string;
  cells: Record<string, string>;
  problem?: string;
}

/** One result (a CSV row, a JSON object) as an inspection result, or every reason it is not one. */
export function mapResult(row: SourceResult, columns: Map<string, string>, options: LimsOptions): MappedRecord<InspectionInput> {
  const fallbackKey = `${row.position}|${JSON.stringify(row.cells)}`;
  if (row.problem) return { position: row.position, raw: row.cells, key: fallbackKey, problems: [{ field: null, value: null, rule: 'format', reason: row.problem }] };
  const problems: IngestProblem[] = [];
  const given: Record<string, { column: string; text: string }> = {};
  for (const [column, field] of columns) {
    const text = row.cells[column] ?? '';
    if (text !== '') given[field] = { column, text };
  }
  const problem = (field: string, rule: string, reason: string) => problems.push({ field: given[field]?.column ?? field, value: given[field]?.text ?? null, rule, reason });
  const text = (field: string) => given[field]?.text;
  for (const field of ['lotNumber', 'sampleId', 'testName']) if (!text(field)) problem(field, 'required', `${field} is required (a column such as ${exampleColumn(field)})`);

  const input: Partial<InspectionInput> = { lotNumber: text('lotNumber'), sampleId: text('sampleId'), testName: text('testName') };
  // The value column may hold a number (measured) or a word (observed, or the verdict itself: 合格, OK, NG).
  const valueText = text('value');
  const measured = valueText === undefined ? undefined : numberOf(valueText);
  if (measured !== undefined) input.measuredValue = measured;
  for (const limit of ['lowerLimit', 'upperLimit'] as const) {
    const limitText = text(limit);
    if (limitText === undefined) continue;
    const value = numberOf(limitText);
    if (value === undefined) problem(limit, 'number', `${limit}: "${limitText}" is not a number`);
    else input[limit] = value;
  }
  const resultText = text('result') ?? (measured === undefined ? valueText : undefined);
  if (resultText !== undefined) {
    const verdict = verdictOf(resultText);
    if (verdict) input.result = verdict;
    else problem(text('result') !== undefined ? 'result' : 'value', 'vocabulary', `result: "${resultText}" is not a result LotGraph knows (PASS/FAIL, OK/NG, 合格/不合格, pending/待检)`);
  } else if (measured !== undefined && (input.lowerLimit !== undefined || input.upperLimit !== undefined)) {
    input.result = (input.lowerLimit === undefined || measured >= input.lowerLimit) && (input.upperLimit === undefined || measured <= input.upperLimit) ? 'PASS' : 'FAIL';
  } else if (!problems.some((p) => p.rule === 'vocabulary')) {
    problem('result', 'required', 'result: give a result column (PASS/FAIL, OK/NG, 合格/不合格) or limits to judge the measured value by');
  }
  // Without a number, what was observed is the word given (无毛刺), or the verdict itself for a go/no-go check (合格).
  if (measured === undefined && input.result && input.result !== 'PENDING') input.attributeValue = text('attributeValue') ?? valueText ?? resultText;
  if (measured !== undefined) {
    if (text('uom')) input.unit = text('uom');
    else problem('uom', 'required', `unit: the measured value ${measured} needs its unit (a column such as 单位 or UOM)`);
  }
  const stageText = text('stage');
  input.stage = stageText === undefined ? options.stage : stageOf(stageText);
  if (!input.stage) problem('stage', 'vocabulary', `stage: "${stageText}" is not a stage LotGraph knows (incoming/来料检验, in-process/过程检验, final/成品检验)`);
  const sourceText = text('source')?.toLowerCase();
  if (sourceText !== undefined) {
    if (SUPPLIER_WORDS.includes(sourceText)) input.source = 'SUPPLIER_COA';
    else if (OWN_WORDS.includes(sourceText)) input.source = 'OWN';
    else problem('source', 'vocabulary', `source: "${text('source')}" is neither own (自检) nor supplier CoA (供应商)`);
  }
  const requiredText = text('required');
  if (requiredText !== undefined) {
    const yes = ['true', 'yes', 'y', '1', 'x', '是'].includes(requiredText.toLowerCase());
    const no = ['false', 'no', 'n', '0', '否'].includes(requiredText.toLowerCase());
    if (yes || no) input.required = yes;
    else problem('required', 'vocabulary', `required: "${requiredText}" is not yes or no`);
  }
  const at = text('inspectedAt') ?? text('measuredAt');
  if (at !== undefined) {
    const instant = parseDateTime(at, options.timeZone);
    if (instant) input.inspectedAt = instant.toISOString();
    else problem(text('inspectedAt') !== undefined ? 'inspectedAt' : 'measuredAt', 'date', `inspectedAt: "${at}" is not a date-time (2026-12-03 08:30, 2026/12/03, 03.12.2026, 2026年12月3日)`);
  }
  if (text('inspectedBy')) input.inspectedBy = text('inspectedBy');
  if (text('specReference')) input.specReference = text('specReference');
  // Columns the dictionary does not know travel with the result, never dropped.
  const own = Object.entries(row.cells).filter(([name, value]) => !RESULT_FIELDS.has(columns.get(name) ?? '') && !name.startsWith('#') && value !== '');
  if (own.length) input.sourceAttributes = Object.fromEntries(own.slice(0, 50));

  const key = input.lotNumber && input.sampleId && input.testName ? `${input.lotNumber}|${input.sampleId}|${input.testName}` : fallbackKey;
  const base = { position: row.position, raw: row.cells, key };
  return problems.length ? { ...base, problems } : { ...base, input: input as InspectionInput };
}

export function limsSettings(options: Partial<LimsOptions>): LimsOptions {
  return { timeZone: options.timeZone ?? 'UTC', stage: options.stage ?? 'FINAL' };
}

/** The header's columns, without the cells a row had beyond them (kept as #<n>). */
export function headersOf(cells: Record<string, string>): string[] {
  return Object.keys(cells).filter((name) => !name.startsWith('#'));
}

function exampleColumn(field: string): string {
  return { lotNumber: '批号, Batch or LOT_NO', sampleId: '样品编号 or SampleID', testName: '检验项目 or Test' }[field] ?? field;
}
