import { csvRows } from '../kit/csv-records';
import { decodeText } from '../kit/decode-text';
import type { Adapter } from '../kit/ingest-types';
import { headersOf, limsSettings, mapResult, resolveColumns, type LimsOptions } from './lims-result-mapping';
import { inspectionOutcomes, type InspectionInput } from './record-inspections';

export type LimsCsvOptions = LimsOptions;

/**
 * LIMS result exports as CSV: columns found through the field dictionary's synonyms (English and Chinese headers),
 * comma, semicolon or tab, UTF-8 with or without a byte-order mark or GB18030; results as PASS/FAIL from the
 * words LIMS use (合格/不合格, OK/NG, pass/fail), or judged from the limits when only a value is given.
 */
export const limsCsvAdapter: Adapter<InspectionInput, LimsCsvOptions> = {
  name: 'lims-csv',
  async *records(bytes, options, notes) {
    const settings = limsSettings(options);
    let columns: Map<string, string> | undefined;
    for await (const row of csvRows(decodeText(bytes, (encoding) => (notes.encoding = encoding)))) {
      columns ??= resolveColumns(headersOf(row.cells), notes);
      yield mapResult({ position: `line ${row.line}`, cells: row.cells, problem: row.problem }, columns, settings);
    }
  },
  remap: (kept, options) => mapResult({ position: kept.position, cells: kept.raw }, resolveColumns(headersOf(kept.raw), { unknownFields: [] }), limsSettings(options)),
  write: (graph, inputs) => inspectionOutcomes(graph, inputs),
};
