import type { MessageKey } from '@lotgraph/schema';
import type { Provenance, ReportDocument } from './report-document';
import type { ReportFormat } from './report-format';
import type { RunOperation } from './report-graph';
import { partOf, type GraphAnswer, type Part } from './report-parts';
import type { ReportKind } from './report-request';
import { LOT_REPORT_DOCUMENT, type LotHeaderData, type LotRecordData } from './lot-report.query';
import { lotReport } from './lot-report';
import { CAPA_REPORT_DOCUMENT, type CapaReportData } from './capa-report.query';
import { capaReport } from './capa-report';

/** A report's data as read from the graph, ready to render. */
export interface LoadedReport {
  /** Every answer the report is rendered from (what its SHA-256 covers). */
  answers: unknown;
  /** The record the report is about: missing (404) or refused (403) means there is no report to render. */
  root: Part<unknown>;
  notFound: MessageKey;
  build(format: ReportFormat, provenance: Provenance): ReportDocument;
}

async function readLotReport(run: RunOperation, lotNumber: string): Promise<LoadedReport> {
  const header = await run<LotHeaderData>(LOT_REPORT_DOCUMENT, 'LotReportHeader', { lotNumber });
  // The record is read only for a lot that exists and the caller may see.
  const record: GraphAnswer<LotRecordData> = header.data?.lot ? await run<LotRecordData>(LOT_REPORT_DOCUMENT, 'LotReportRecord', { lotNumber }) : {};
  return {
    answers: { header, record },
    root: partOf(header, ['lot']),
    notFound: 'error.lotNotFound',
    build: (format, provenance) => lotReport(format, { header, record }, provenance),
  };
}

async function readCapaReport(run: RunOperation, number: string): Promise<LoadedReport> {
  const answer = await run<CapaReportData>(CAPA_REPORT_DOCUMENT, 'CapaReport', { number });
  return {
    answers: answer,
    root: partOf(answer, ['capa']),
    notFound: 'error.capaNotFound',
    build: (format, provenance) => capaReport(format, answer, provenance),
  };
}

export const READ_REPORT: Record<ReportKind, (run: RunOperation, id: string) => Promise<LoadedReport>> = {
  lot: readLotReport,
  capa: readCapaReport,
};
