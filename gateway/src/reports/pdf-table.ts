import type PDFDocument from 'pdfkit';
import type { Cell } from './report-document';
import { PDF_STYLE } from './pdf-style';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfTable {
  /** Column headings, repeated at the top of each page the table runs onto; none for a fields grid. */
  columns?: string[];
  rows: Cell[][];
  /** Relative column widths. */
  widths: number[];
  /** Columns drawn as labels (grey, small): the label columns of a fields grid. */
  labelColumns?: number[];
}

const PAD = 3;

function styleOf(cell: Cell, label: boolean, header: boolean) {
  const styled = typeof cell === 'string' ? { text: cell } : cell;
  return {
    text: styled.text,
    font: header || styled.strong ? 'bold' : 'regular',
    color: label ? PDF_STYLE.muted : styled.tone ? PDF_STYLE.tones[styled.tone] : PDF_STYLE.text,
  };
}

/** Draws a table from the current position, row by row, starting a new page (with the headings again) when a row does not fit. */
export function drawTable(doc: Doc, table: PdfTable): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = table.widths.reduce((a, b) => a + b, 0);
  const colWidths = table.widths.map((w) => (width * w) / total);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const pageRoom = () => bottom() - doc.page.margins.top;

  const measure = (row: Cell[], header: boolean) =>
    Math.max(
      ...row.map((cell, i) => {
        const style = styleOf(cell, table.labelColumns?.includes(i) ?? false, header);
        return doc.font(style.font).fontSize(PDF_STYLE.tableSize).heightOfString(style.text || ' ', { width: colWidths[i] - 2 * PAD });
      }),
    ) + 2 * PAD;

  const drawRow = (row: Cell[], y: number, height: number, header: boolean, fill?: string) => {
    let x = left;
    row.forEach((cell, i) => {
      if (fill) doc.rect(x, y, colWidths[i], height).fill(fill);
      if (table.columns) doc.rect(x, y, colWidths[i], height).lineWidth(0.5).stroke(PDF_STYLE.rule);
      const style = styleOf(cell, table.labelColumns?.includes(i) ?? false, header);
      doc.font(style.font).fontSize(PDF_STYLE.tableSize).fillColor(style.color);
      doc.text(style.text, x + PAD, y + PAD, { width: colWidths[i] - 2 * PAD, height: height - 2 * PAD, ellipsis: true });
      x += colWidths[i];
    });
  };

  const drawHeader = (y: number) => {
    if (!table.columns) return y;
    const height = measure(table.columns, true);
    drawRow(table.columns, y, height, true, PDF_STYLE.headerFill);
    return y + height;
  };

  let y = doc.y;
  if (table.columns && y + measure(table.columns, true) + measure(table.rows[0] ?? [], false) > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y = drawHeader(y);
  table.rows.forEach((row, index) => {
    // A row taller than a page is cut to one page (with an ellipsis) rather than spread over several.
    const height = Math.min(measure(row, false), pageRoom() - 20);
    if (y + height > bottom()) {
      doc.addPage();
      y = drawHeader(doc.page.margins.top);
    }
    drawRow(row, y, height, false, table.columns && index % 2 === 1 ? PDF_STYLE.stripeFill : undefined);
    y += height;
  });
  doc.fillColor(PDF_STYLE.text);
  doc.x = left;
  doc.y = y + 6;
}
