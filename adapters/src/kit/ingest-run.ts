import type { Adapter, GraphRequest, IngestNotes, IngestProblem, MappedRecord } from './ingest-types';

/** What one source came to: how many records were imported, already there, or rejected (and kept). */
export interface IngestSummary {
  adapter: string;
  source: string;
  records: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  encoding?: string;
  /** Source fields the dictionary does not know (kept with each rejected record, listed here for all). */
  unknownFields: string[];
}

export interface IngestRunOptions<TOptions> {
  adapter: Adapter<unknown, TOptions>;
  /** The file name, topic or endpoint the records come from. */
  source: string;
  bytes: AsyncIterable<Uint8Array>;
  graph: GraphRequest;
  options?: Partial<TOptions>;
  /** Records per graph call (default 500). */
  batchSize?: number;
  /** Told after each batch, for a progress bar. */
  onProgress?: (summary: IngestSummary) => void;
}

const RECORD_REJECTIONS = `mutation RecordIngestRejections($input: [IngestRejectionInput!]!) {
  recordIngestRejections(input: $input) { id }
}`;

/**
 * Runs one source through an adapter, batch by batch: mapped records go to the graph as the caller (validated,
 * audited and contained as if typed by hand), and every record that could not be mapped or that the graph refused
 * goes to the dead-letter store with its reasons. Nothing is lost: a record is either in the graph or kept as
 * rejected. The same source sent again changes nothing (records and rejections are keyed). Streams: memory
 * holds one batch whatever the source's size.
 */
export async function runIngest<TOptions>(run: IngestRunOptions<TOptions>): Promise<IngestSummary> {
  const notes: IngestNotes = { unknownFields: [] };
  const summary: IngestSummary = { adapter: run.adapter.name, source: run.source, records: 0, accepted: 0, duplicates: 0, rejected: 0, unknownFields: notes.unknownFields };
  const size = run.batchSize ?? 500;
  let batch: Array<MappedRecord<unknown>> = [];
  const flush = async () => {
    const rejections: Array<{ record: MappedRecord<unknown>; problems: IngestProblem[] }> = [];
    const mapped = batch.filter((record) => {
      if (record.problems) rejections.push({ record, problems: record.problems });
      return !record.problems;
    });
    if (mapped.length) {
      const outcomes = await run.adapter.write(run.graph, mapped.map((record) => record.input));
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'RECORDED') summary.accepted += 1;
        else if (outcome.status === 'UNCHANGED') summary.duplicates += 1;
        else if (outcome.status === 'REFUSED') rejections.push({ record: mapped[i], problems: [outcome.problem] });
      });
    }
    if (rejections.length) {
      await run.graph(RECORD_REJECTIONS, {
        input: rejections.map(({ record, problems }) => ({
          adapter: run.adapter.name,
          source: run.source,
          position: record.position,
          record: record.raw,
          problems,
          options: run.options ?? {},
          idempotencyKey: record.key.slice(0, 500),
        })),
      });
      summary.rejected += rejections.length;
    }
    summary.encoding = notes.encoding;
    batch = [];
    run.onProgress?.(summary);
  };
  for await (const record of run.adapter.records(run.bytes, run.options ?? {}, notes)) {
    summary.records += 1;
    batch.push(record);
    if (batch.length >= size) await flush();
  }
  if (batch.length) await flush();
  summary.encoding = notes.encoding;
  return summary;
}
