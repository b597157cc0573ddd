import PDFDocument from 'pdfkit';
import type { Block, Field, ReportDocument } from './report-document';
import { layoutFishbone } from './fishbone-layout';
import { drawTable } from './pdf-table';
import { PDF_STYLE } from './pdf-style';
import { reportFonts } from './report-fonts';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = { top: 54, bottom: 54, left: 42, right: 42 };

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Label/value pairs, two pairs to a row. */
function drawFields(doc: Doc, fields: Field[]): void {
  const rows = [];
  for (let i = 0; i < fields.length; i += 2) {
    const pair = fields.slice(i, i + 2);
    rows.push(pair.flatMap((f) => [f.label, f.value]).concat(pair.length === 1 ? ['', ''] : []));
  }
  drawTable(doc, { rows, widths: [16, 34, 16, 34], labelColumns: [0, 2] });
}

function drawFishbone(doc: Doc, block: Extract<Block, { kind: 'fishbone' }>): void {
  const drawing = layoutFishbone(block.effect, block.categories);
  const left = doc.page.margins.left;
  const scale = (doc.page.width - left - doc.page.margins.right) / drawing.width;
  ensureRoom(doc, drawing.height * scale + 8);
  const top = doc.y;
  doc.save().translate(left, top).scale(scale);
  const { head } = drawing;
  doc.roundedRect(head.x, head.y, head.width, head.height, 4).fillAndStroke(PDF_STYLE.headerFill, PDF_STYLE.accent);
  for (const line of drawing.lines) doc.moveTo(line.x1, line.y1).lineTo(line.x2, line.y2).lineWidth(line.width).stroke(PDF_STYLE.accent);
  for (const t of drawing.texts) {
    doc.font(t.bold ? 'bold' : 'regular').fontSize(t.size).fillColor(t.tone ? PDF_STYLE.tones[t.tone] : PDF_STYLE.text);
    const width = doc.widthOfString(t.text);
    const x = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - width / 2 : t.x - width;
    doc.text(t.text, x, t.y, { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.restore();
  doc.fillColor(PDF_STYLE.text);
  doc.x = left;
  doc.y = top + drawing.height * scale + 8;
}

function drawBlock(doc: Doc, block: Block): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  switch (block.kind) {
    case 'fields':
      return drawFields(doc, block.fields);
    case 'table':
      return drawTable(doc, { columns: block.columns, rows: block.rows, widths: block.widths ?? block.columns.map(() => 1) });
    case 'paragraph':
      doc.font('regular').fontSize(PDF_STYLE.bodySize).fillColor(PDF_STYLE.text).text(block.text, doc.page.margins.left, doc.y, { width });
      doc.moveDown(0.4);
      return;
    case 'notice':
      doc.font('regular').fontSize(PDF_STYLE.bodySize).fillColor(block.tone ? PDF_STYLE.tones[block.tone] : PDF_STYLE.muted).text(block.text, doc.page.margins.left, doc.y, { width });
      doc.fillColor(PDF_STYLE.text).moveDown(0.4);
      return;
    case 'subheading':
      ensureRoom(doc, 40);
      doc.font('bold').fontSize(PDF_STYLE.bodySize + 0.5).fillColor(PDF_STYLE.text).text(block.text, doc.page.margins.left, doc.y + 2, { width });
      doc.moveDown(0.2);
      return;
    case 'fishbone':
      return drawFishbone(doc, block);
  }
}

function drawHeading(doc: Doc, text: string): void {
  ensureRoom(doc, 60);
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc.moveDown(0.6);
  doc.font('bold').fontSize(12).fillColor(PDF_STYLE.accent).text(text, left, doc.y, { width: right - left });
  doc.moveTo(left, doc.y + 1).lineTo(right, doc.y + 1).lineWidth(0.7).stroke(PDF_STYLE.rule);
  doc.fillColor(PDF_STYLE.text);
  doc.y += 5;
}

/** Every page's running header (title, record, generation time) and footer (data hash, page n of m), drawn in the margins. */
function drawPageFrames(doc: Doc, report: ReportDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margins = { ...doc.page.margins };
    // Text in the margins would otherwise count as overflowing the page and start a new one.
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    const left = margins.left;
    const width = doc.page.width - margins.left - margins.right;
    const small = (text: string, y: number, align: 'left' | 'right') =>
      doc.font('regular').fontSize(PDF_STYLE.smallSize).fillColor(PDF_STYLE.muted).text(text, left, y, { width, align, lineBreak: false });
    small(`${report.title} · ${report.subject}`, 26, 'left');
    small(`${report.labels.generatedAt}: ${report.provenance.generatedAt}`, 26, 'right');
    doc.moveTo(left, 38).lineTo(left + width, 38).lineWidth(0.5).stroke(PDF_STYLE.rule);
    const footerY = doc.page.height - 36;
    doc.moveTo(left, footerY - 4).lineTo(left + width, footerY - 4).lineWidth(0.5).stroke(PDF_STYLE.rule);
    small(`SHA-256 ${report.provenance.dataSha256}`, footerY, 'left');
    small(report.labels.page.replace('{page}', String(i - start + 1)).replace('{pages}', String(count)), footerY, 'right');
    doc.page.margins = margins;
  }
}

function drawTitle(doc: Doc, report: ReportDocument): void {
  const p = report.provenance;
  const l = report.labels;
  doc.font('bold').fontSize(17).fillColor(PDF_STYLE.accent).text(report.title);
  doc.font('bold').fontSize(13).fillColor(PDF_STYLE.text).text(report.subject);
  doc.moveDown(0.3);
  drawHeading(doc, l.provenance);
  drawFields(doc, [
    { label: l.generatedAt, value: p.generatedAt },
    { label: l.generatedBy, value: p.generatedBy },
    { label: l.source, value: p.sourceUrl },
    { label: l.timeZone, value: p.timeZone },
  ]);
  drawTable(doc, { rows: [[l.dataSha256, p.dataSha256]], widths: [16, 84], labelColumns: [0] });
  doc.font('regular').fontSize(PDF_STYLE.smallSize).fillColor(PDF_STYLE.muted).text(l.hashNote);
  doc.fillColor(PDF_STYLE.text);
}

/**
 * A report as an A4 PDF made with PDFKit (no browser): the same sections as the HTML, Noto Sans SC embedded as a
 * subset so Chinese renders on any reader, a running header and footer on every page.
 */
export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const fonts = await reportFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: report.lang,
    displayTitle: true,
    info: {
      Title: `${report.title} · ${report.subject}`,
      Subject: report.subject,
      Author: report.provenance.generatedBy,
      Creator: 'LotGraph',
      Keywords: `sha256:${report.provenance.dataSha256}`,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  drawTitle(doc, report);
  for (const section of report.sections) {
    drawHeading(doc, section.heading);
    for (const block of section.blocks) drawBlock(doc, block);
  }
  drawPageFrames(doc, report);
  doc.end();
  return done;
}
