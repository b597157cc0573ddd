import { recordHistory, type AuditEntryView, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { ProcessReading } from '../reading/reading.repository';

type Context = SubgraphContext<QualityLoaders>;

/** `history` of every quality record; all of a request's histories in one query. */
export function historyResolvers() {
  return {
    QualityException: {
      history: (exception: { id: string; number: string }, _: unknown, ctx: Context) =>
        recordHistory(ctx.loaders.history, 'QualityException', exception.number, exception.id),
    },
    Inspection: {
      history: (inspection: { id: string }, _: unknown, ctx: Context) => recordHistory(ctx.loaders.history, 'Inspection', inspection.id),
    },
    ProcessReading: {
      history: async (reading: ProcessReading, _: unknown, ctx: Context) => {
        const [own, batch] = await Promise.all([
          recordHistory(ctx.loaders.history, 'ProcessReading', reading.id),
          reading.batchId ? recordHistory(ctx.loaders.history, 'ReadingBatch', reading.batchId) : [],
        ]);
        return [...own, ...batch.map((entry) => narrowedToReading(entry, reading.id))].sort((a, b) => a.seq - b.seq);
      },
    },
  };
}

/** A batch entry's rows by reading id, read once per request however many of its readings ask. */
const rowsById = new WeakMap<object, { columns: string[]; rows: Map<unknown, unknown[]> }>();

/** A ReadingBatch entry with only the reading's own row under `readings` (a call stores up to 5,000). */
function narrowedToReading(entry: AuditEntryView, readingId: string): AuditEntryView {
  return {
    ...entry,
    changes: entry.changes.map((change) => {
      if (change.field !== 'readings' || change.new === null) return change;
      let table = rowsById.get(change);
      if (!table) {
        const { columns, rows } = JSON.parse(change.new) as { columns: string[]; rows: unknown[][] };
        const id = columns.indexOf('id');
        table = { columns, rows: new Map(rows.map((row) => [row[id], row])) };
        rowsById.set(change, table);
      }
      const row = table.rows.get(readingId);
      return { ...change, new: JSON.stringify({ columns: table.columns, rows: row ? [row] : [] }) };
    }),
  };
}
