/**
 * What a report says, independent of the medium: each report (lot, CAPA) builds one of these from its data, and
 * the HTML and PDF renderers draw any of them. Every text in it is already in the report's language.
 */
export type Tone = 'good' | 'bad' | 'warn' | 'muted';

/** A text with an optional emphasis (a failed result, a signature no longer valid). */
export interface Styled {
  text: string;
  tone?: Tone;
  strong?: boolean;
}

export type Cell = string | Styled;

export interface Field {
  label: string;
  value: Cell;
}

export interface FishboneCategory {
  label: string;
  causes: Array<{ text: string; chosen: boolean }>;
}

export type Block =
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'table'; columns: string[]; rows: Cell[][]; widths?: number[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; text: string; tone?: Tone }
  | { kind: 'subheading'; text: string }
  | { kind: 'fishbone'; effect: string; categories: FishboneCategory[] };

export interface Section {
  heading: string;
  blocks: Block[];
}

/** Who asked for the report, when, from where, and the hash of the data it shows. */
export interface Provenance {
  generatedAt: string;
  generatedBy: string;
  sourceUrl: string;
  dataSha256: string;
  timeZone: string;
}

export interface ReportDocument {
  /** BCP 47 tag of the report's language. */
  lang: string;
  title: string;
  /** The record the report is about: lot or CAPA number. */
  subject: string;
  provenance: Provenance;
  /** Labels of the provenance fields and the page footer pattern, in the report's language. */
  labels: { provenance: string; generatedAt: string; generatedBy: string; source: string; dataSha256: string; timeZone: string; hashNote: string; page: string };
  sections: Section[];
}
