import type { ReportDocument } from './report-document';
import { cssString } from './html-escape';

/** "Page {page} of {pages}" as CSS content: the page counters where the catalogue's parameters are. */
function pageCounterContent(pattern: string): string {
  return pattern
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean)
    .map((piece) => (piece === '{page}' ? 'counter(page)' : piece === '{pages}' ? 'counter(pages)' : cssString(piece)))
    .join(' ');
}

/**
 * The report's stylesheet: A4 pages whose margin boxes carry the title, the record, the generation time, the data's
 * hash and page numbers when printed; system fonts only (CJK first for Chinese), nothing fetched.
 */
export function reportStyles(doc: ReportDocument): string {
  const cjkFirst = doc.lang === 'zh-CN';
  const fonts = cjkFirst
    ? '"Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
    : '"Noto Sans", "Segoe UI", Helvetica, Arial, "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  return `
@page {
  size: A4;
  margin: 18mm 14mm 18mm 14mm;
  @top-left { content: ${cssString(`${doc.title} · ${doc.subject}`)}; font-size: 8pt; color: #555; }
  @top-right { content: ${cssString(`${doc.labels.generatedAt}: ${doc.provenance.generatedAt}`)}; font-size: 8pt; color: #555; }
  @bottom-left { content: ${cssString(`SHA-256 ${doc.provenance.dataSha256.slice(0, 16)}…`)}; font-size: 8pt; color: #555; }
  @bottom-right { content: ${pageCounterContent(doc.labels.page)}; font-size: 8pt; color: #555; }
}
* { box-sizing: border-box; }
body { font-family: ${fonts}; font-size: 10pt; line-height: 1.4; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
header.report-title { border-bottom: 2px solid #1f3a5f; margin-bottom: 4mm; }
header.report-title h1 { font-size: 17pt; margin: 0; color: #1f3a5f; }
header.report-title .subject { font-size: 14pt; font-weight: bold; }
section { margin-top: 5mm; }
h2 { font-size: 12pt; color: #1f3a5f; border-bottom: 1px solid #c8d1dc; padding-bottom: 1mm; margin: 0 0 2mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; }
dl.fields { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0; }
dl.fields dt { color: #555; font-size: 8.5pt; padding-top: 0.5mm; }
dl.fields dd { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
thead { display: table-header-group; }
th { background: #e8edf3; text-align: left; font-weight: bold; }
th, td { border: 1px solid #c8d1dc; padding: 1mm 1.5mm; vertical-align: top; white-space: pre-line; overflow-wrap: anywhere; }
tr { break-inside: avoid; }
tbody tr:nth-child(even) td { background: #f7f9fb; }
p { margin: 0 0 1.5mm; white-space: pre-line; }
.notice { color: #555; font-style: italic; }
.strong { font-weight: bold; }
.tone-good { color: #1d6b2f; }
.tone-bad { color: #b3261e; }
.tone-warn { color: #8a5300; }
.tone-muted { color: #666; }
.provenance { border: 1px solid #c8d1dc; background: #f7f9fb; padding: 2mm 3mm; margin-bottom: 2mm; }
.provenance .hash { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 8pt; }
.provenance .note { color: #555; font-size: 8pt; margin-top: 1mm; }
svg.fishbone { width: 100%; height: auto; margin: 2mm 0; break-inside: avoid; }
svg.fishbone .bones line { stroke: #1f3a5f; }
svg.fishbone rect.head { fill: #e8edf3; stroke: #1f3a5f; }
svg.fishbone text { font-family: ${fonts}; fill: #111; }
svg.fishbone text.tone-bad { fill: #b3261e; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
`;
}
