import { decodeText } from '../kit/decode-text';
import type { Adapter } from '../kit/ingest-types';
import { cellsOf, jsonRecords } from '../kit/json-records';
import { headersOf, limsSettings, mapResult, resolveColumns, type LimsOptions } from './lims-result-mapping';
import { inspectionOutcomes, type InspectionInput } from './record-inspections';

/**
 * LIMS results as JSON: an array of result objects (or an object holding one, `{"results": [...]}`), or one object
 * a line (NDJSON). Each object's names go through the field dictionary as a CSV header's do (`batchNo`, `批号`,
 * `result`, `判定`, ...), and are mapped by the same rules as `lims-csv`; names it does not know are listed.
 */
export const limsJsonAdapter: Adapter<InspectionInput, LimsOptions> = {
  name: 'lims-json',
  async *records(bytes, options, notes) {
    const settings = limsSettings(options);
    const known = new Map<string, Map<string, string>>();
    for await (const record of jsonRecords(decodeText(bytes, (encoding) => (notes.encoding = encoding)))) {
      const position = `record ${record.index}`;
      if (!record.value) {
        yield mapResult({ position, cells: {}, problem: record.problem }, new Map(), settings);
        continue;
      }
      const cells = cellsOf(record.value);
      // Objects of one export share their names: resolve each set of names once, listing the unknown ones once.
      const names = headersOf(cells).join('\u0000');
      let columns = known.get(names);
      if (!columns) {
        const seen = new Set(notes.unknownFields);
        const found = { unknownFields: [] as string[] };
        columns = resolveColumns(headersOf(cells), found);
        for (const name of found.unknownFields) if (!seen.has(name)) notes.unknownFields.push(name);
        known.set(names, columns);
      }
      yield mapResult({ position, cells }, columns, settings);
    }
  },
  remap: (kept, options) => mapResult({ position: kept.position, cells: kept.raw }, resolveColumns(headersOf(kept.raw), { unknownFields: [] }), limsSettings(options)),
  write: (graph, inputs) => inspectionOutcomes(graph, inputs),
};
