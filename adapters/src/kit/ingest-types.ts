/** What is wrong with one field of a source record (kept with it in the dead-letter store). */
export interface IngestProblem {
  /** The field as the source named it (a column header), or the canonical field. */
  field: string | null;
  /** The value the source gave. */
  value: string | null;
  /** The rule it broke: required, number, date, vocabulary, or the graph's error code. */
  rule: string;
  reason: string;
}

/** One source record, read and mapped: what to send to the graph, or why it cannot be. */
export interface MappedRecord<TInput> {
  /** Where it is in the source: `line 12`. */
  position: string;
  /** The record as read, field by field. */
  raw: Record<string, string>;
  /** Names the record whatever file carries it again: the same key is the same record. */
  key: string;
  input?: TInput;
  problems?: IngestProblem[];
}

/** What became of one record the graph was sent. */
export type WriteOutcome = { status: 'RECORDED' | 'UNCHANGED' } | { status: 'REFUSED'; problem: IngestProblem };

/** Asks the graph as the ingesting user (an INTEGRATOR): the answer's data, or throws with the graph's errors. */
export type GraphRequest = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** A parser plus a mapping onto the graph: what `npx lotgraph ingest <adapter>` and POST /ingest/<adapter> run. */
export interface Adapter<TInput, TOptions = Record<string, never>> {
  name: string;
  /** Reads and maps the records of one source, streaming; `notes` hears what the reader found (encoding, unknown columns). */
  records(bytes: AsyncIterable<Uint8Array>, options: Partial<TOptions>, notes: IngestNotes): AsyncIterable<MappedRecord<TInput>>;
  /** Maps a record kept in the dead-letter store again (after a fix of the dictionary, the mapping or master data). */
  remap(kept: { position: string; raw: Record<string, string> }, options: Partial<TOptions>): MappedRecord<TInput>;
  /** Sends mapped records through the graph, one outcome per record, in order. */
  write(graph: GraphRequest, inputs: TInput[]): Promise<WriteOutcome[]>;
}

/** What the reader of a source found besides its records. */
export interface IngestNotes {
  encoding?: string;
  delimiter?: string;
  /** Source fields the field dictionary does not know: kept with the record, reported, never dropped silently. */
  unknownFields: string[];
}
